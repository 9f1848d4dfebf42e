import type { HardwareSpec } from "../hardware-spec.ts";
import { deviceMemory } from "../memory-levels.ts";
import { defaultUnitFor, statedPeaks } from "../peak.ts";
import type { ComputeUnitKind, Precision } from "../precision.ts";
import { type KernelWork, roofline } from "../roofline.ts";
import { formatQuantity } from "../units.ts";
import { ValidationError } from "../validation.ts";
import type { LlmConfig } from "./llm-config.ts";
import {
  type LlmOperatorWork,
  type LlmPhase,
  type LlmPhaseShape,
  llmOperatorWork,
  phaseShape,
  type TensorBytes,
} from "./llm-operators.ts";
import { kernelOverhead, type LlmWorkload } from "./llm-workload.ts";

/**
 * Times the operators of one phase on a hardware spec with the hierarchical roofline
 * (roofline.ts): each operator's matrix FLOPs at the matrix peak of the activation precision,
 * its element-wise FLOPs at the fp32 vector peak, and all its bytes through device memory; it
 * takes as long as the slowest of these, plus the launch overhead the workload gives its kind.
 * A tensor-parallel all-reduce takes 2 (t - 1) / t x message / interconnect bandwidth (ring).
 */

export interface LlmOperatorCost extends LlmOperatorWork {
  phase: LlmPhase;
  /** matrixFlops + vectorFlops, per instance. */
  flops: number;
  /** All bytes per instance. */
  totalBytes: number;
  /** flops / totalBytes (FLOP/byte); 0 for an operator that moves no bytes. */
  arithmeticIntensity: number;
  /** Roofline time plus launch overhead, per instance. */
  seconds: number;
  /** The launch overhead included in `seconds`. */
  overheadSeconds: number;
  /** seconds x count. */
  totalSeconds: number;
  /** flops / (seconds - overhead): the rate the roofline attains. */
  attainableFlopsPerSecond: number;
  bound: "compute" | "memory" | "interconnect" | "overhead";
  /** The roof that sets the time: "fp16 matrix", "HBM3", "interconnect", "launch overhead". */
  binding: string;
  reason: string;
}

export interface LlmPhaseResult {
  phase: LlmPhase;
  shape: LlmPhaseShape;
  operators: LlmOperatorCost[];
  /** Sum of every operator's totalSeconds. */
  seconds: number;
  /** FLOPs of the whole forward pass. */
  flops: number;
  /** Device-memory bytes of the whole forward pass, by tensor class. */
  bytes: TensorBytes & { total: number };
  /** Seconds by operator kind. */
  secondsByKind: Record<string, number>;
}

/** Operators of `phase`, timed on `hw`. No memory-fit check: see llmInference for that. */
export function llmPhase(
  config: LlmConfig,
  hw: HardwareSpec,
  workload: LlmWorkload,
  phase: LlmPhase,
): LlmPhaseResult {
  const shape = phaseShape(config, workload, phase);
  const timer = operatorTimer(hw, workload);
  const operators = llmOperatorWork(config, workload, shape).map((work) => timer(work, phase));
  const bytes = { weights: 0, activations: 0, kvCache: 0, total: 0 };
  const secondsByKind: Record<string, number> = {};
  let seconds = 0;
  let flops = 0;
  for (const op of operators) {
    seconds += op.totalSeconds;
    flops += op.flops * op.count;
    bytes.weights += op.bytes.weights * op.count;
    bytes.activations += op.bytes.activations * op.count;
    bytes.kvCache += op.bytes.kvCache * op.count;
    bytes.total += op.totalBytes * op.count;
    secondsByKind[op.kind] = (secondsByKind[op.kind] ?? 0) + op.totalSeconds;
  }
  return { phase, shape, operators, seconds, flops, bytes, secondsByKind };
}

/** A function timing one operator on `hw`, after checking once that `hw` can run the precisions. */
function operatorTimer(hw: HardwareSpec, workload: LlmWorkload) {
  const compute = workload.precision.activations;
  if (!defaultUnitFor(hw, compute)) {
    throw new ValidationError("workload", [
      {
        path: "precision.activations",
        message: `${hw.id} states no peak for ${compute}; it states ${statedPeaks(hw)
          .map((peak) => `${peak.precision} (${peak.unit})`)
          .join(", ")}`,
      },
    ]);
  }
  const vectorUnit: ComputeUnitKind | undefined = hw.compute.vector?.fp32
    ? "vector"
    : defaultUnitFor(hw, "fp32");
  const memory = deviceMemory(hw).name;
  const t = workload.tensorParallel;
  const interconnect = workload.interconnectBytesPerSecond;
  if (t > 1 && interconnect === undefined) {
    throw new ValidationError("workload", [
      {
        path: "interconnectBytesPerSecond",
        message: `needed to time the all-reduces of tensorParallel ${t} (e.g. 450e9 for NVLink 4, per direction)`,
      },
    ]);
  }

  return (work: LlmOperatorWork, phase: LlmPhase): LlmOperatorCost => {
    const overheadSeconds = kernelOverhead(workload, work.kind);
    const flops = work.matrixFlops + work.vectorFlops;
    const totalBytes = work.bytes.weights + work.bytes.activations + work.bytes.kvCache;
    const base = {
      ...work,
      phase,
      flops,
      totalBytes,
      arithmeticIntensity: totalBytes > 0 ? flops / totalBytes : 0,
      overheadSeconds,
    };
    if (work.kind === "communication") {
      const wire = ((2 * (t - 1)) / t) * work.messageBytes;
      const transfer = wire / interconnect!;
      return finish(
        base,
        transfer,
        0,
        "interconnect",
        "interconnect",
        `ring all-reduce: ${formatQuantity(wire, "bytes", { digits: 3 })} per device over ${formatQuantity(interconnect!, "bytesPerSecond", { digits: 3 })}`,
      );
    }
    const kernel: KernelWork = { flops: {}, bytes: { [memory]: totalBytes }, units: {} };
    const add = (precision: Precision, value: number, unit?: ComputeUnitKind) => {
      if (value === 0) return;
      kernel.flops[precision] = (kernel.flops[precision] ?? 0) + value;
      if (unit && precision !== compute) kernel.units![precision] = unit;
    };
    add(compute, work.matrixFlops);
    add("fp32", work.vectorFlops, vectorUnit);
    const result = roofline(kernel, hw);
    return finish(base, result.seconds, flops, result.bound, result.binding.name, result.reason);
  };
}

function finish(
  base: Omit<
    LlmOperatorCost,
    "seconds" | "totalSeconds" | "attainableFlopsPerSecond" | "bound" | "binding" | "reason"
  >,
  rooflineSeconds: number,
  flops: number,
  bound: "compute" | "memory" | "interconnect",
  binding: string,
  reason: string,
): LlmOperatorCost {
  const seconds = rooflineSeconds + base.overheadSeconds;
  const overheadBound = base.overheadSeconds > rooflineSeconds;
  return {
    ...base,
    seconds,
    totalSeconds: seconds * base.count,
    attainableFlopsPerSecond: rooflineSeconds > 0 ? flops / rooflineSeconds : 0,
    bound: overheadBound ? "overhead" : bound,
    binding: overheadBound ? "launch overhead" : binding,
    reason: overheadBound
      ? `launch overhead ${formatQuantity(base.overheadSeconds, "seconds", { digits: 3 })} exceeds the ${formatQuantity(rooflineSeconds, "seconds", { digits: 3 })} of work (${reason})`
      : reason,
  };
}
