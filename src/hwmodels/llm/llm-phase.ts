import type { HardwareSpec } from "../hardware-spec.ts";
import { deviceMemory, levelBytesPerSecond } from "../memory-levels.ts";
import { defaultUnitFor, peakFlopsPerSecond, statedPeaks } from "../peak.ts";
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

/**
 * A function timing one operator on `hw`. The roofline's peaks and bandwidth are looked up once
 * (checking that `hw` has the precisions), so each operator costs a few divisions; its `reason`
 * is roofline()'s own, built when first read. A test holds every time equal to roofline()'s.
 */
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
  const level = deviceMemory(hw);
  const bandwidth = levelBytesPerSecond(hw, level)!;
  const matrix = peakFlopsPerSecond(hw, compute);
  // Element-wise math runs in fp32: on the vector units, or merged with fp32 matrix math.
  const vector = compute === "fp32" ? matrix : peakFlopsPerSecond(hw, "fp32", vectorUnit);
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
  /** The operator as roofline() sees it. */
  const kernelOf = (work: LlmOperatorWork, totalBytes: number): KernelWork => {
    const kernel: KernelWork = { flops: {}, bytes: { [level.name]: totalBytes }, units: {} };
    const add = (precision: Precision, value: number, unit?: ComputeUnitKind) => {
      if (value === 0) return;
      kernel.flops[precision] = (kernel.flops[precision] ?? 0) + value;
      if (unit && precision !== compute) kernel.units![precision] = unit;
    };
    add(compute, work.matrixFlops);
    add("fp32", work.vectorFlops, vectorUnit);
    return kernel;
  };

  return (work: LlmOperatorWork, phase: LlmPhase): LlmOperatorCost => {
    const overhead = kernelOverhead(workload, work.kind);
    const flops = work.matrixFlops + work.vectorFlops;
    const totalBytes = work.bytes.weights + work.bytes.activations + work.bytes.kvCache;
    if (work.kind === "communication") {
      const wire = ((2 * (t - 1)) / t) * work.messageBytes;
      return new TimedOperator(
        work,
        phase,
        totalBytes,
        overhead,
        wire / interconnect!,
        "interconnect",
        "interconnect",
        () =>
          `ring all-reduce: ${formatQuantity(wire, "bytes", { digits: 3 })} per device over ${formatQuantity(interconnect!, "bytesPerSecond", { digits: 3 })}`,
      );
    }
    // roofline(): compute times add over precisions, memory overlaps, the slower one binds.
    const matrixSeconds = work.matrixFlops / matrix.flopsPerSecond;
    const vectorSeconds = work.vectorFlops / vector.flopsPerSecond;
    const computeSeconds =
      compute === "fp32" ? flops / matrix.flopsPerSecond : matrixSeconds + vectorSeconds;
    const memorySeconds = totalBytes / bandwidth;
    const memoryBound = totalBytes > 0 && memorySeconds > computeSeconds;
    const computeRoof =
      compute === "fp32" || matrixSeconds >= vectorSeconds
        ? `${compute} ${matrix.unit}`
        : `fp32 ${vector.unit}`;
    return new TimedOperator(
      work,
      phase,
      totalBytes,
      overhead,
      Math.max(computeSeconds, memorySeconds),
      memoryBound ? "memory" : "compute",
      memoryBound ? level.name : computeRoof,
      () => roofline(kernelOf(work, totalBytes), hw).reason,
    );
  };
}

/**
 * One timed operator. A class, so that thousands of them share one shape; the `reason` is
 * built when first read (and by toJSON), not for every operator of every sweep point.
 */
class TimedOperator implements LlmOperatorCost {
  readonly name: string;
  readonly kind: LlmOperatorWork["kind"];
  readonly count: number;
  readonly shape: string;
  readonly matrixFlops: number;
  readonly vectorFlops: number;
  readonly bytes: LlmOperatorWork["bytes"];
  readonly messageBytes: number;
  readonly phase: LlmPhase;
  readonly flops: number;
  readonly totalBytes: number;
  readonly arithmeticIntensity: number;
  readonly seconds: number;
  readonly overheadSeconds: number;
  readonly totalSeconds: number;
  readonly attainableFlopsPerSecond: number;
  readonly bound: LlmOperatorCost["bound"];
  readonly binding: string;
  readonly #rooflineSeconds: number;
  readonly #explain: () => string;
  #reason: string | undefined;

  constructor(
    work: LlmOperatorWork,
    phase: LlmPhase,
    totalBytes: number,
    overheadSeconds: number,
    rooflineSeconds: number,
    bound: "compute" | "memory" | "interconnect",
    binding: string,
    explain: () => string,
  ) {
    this.name = work.name;
    this.kind = work.kind;
    this.count = work.count;
    this.shape = work.shape;
    this.matrixFlops = work.matrixFlops;
    this.vectorFlops = work.vectorFlops;
    this.bytes = work.bytes;
    this.messageBytes = work.messageBytes;
    this.phase = phase;
    this.flops = work.matrixFlops + work.vectorFlops;
    this.totalBytes = totalBytes;
    this.arithmeticIntensity = totalBytes > 0 ? this.flops / totalBytes : 0;
    this.overheadSeconds = overheadSeconds;
    this.seconds = rooflineSeconds + overheadSeconds;
    this.totalSeconds = this.seconds * work.count;
    this.attainableFlopsPerSecond = rooflineSeconds > 0 ? this.flops / rooflineSeconds : 0;
    const overheadBound = overheadSeconds > rooflineSeconds;
    this.bound = overheadBound ? "overhead" : bound;
    this.binding = overheadBound ? "launch overhead" : binding;
    this.#rooflineSeconds = rooflineSeconds;
    this.#explain = explain;
  }

  get reason(): string {
    this.#reason ??=
      this.bound === "overhead"
        ? `launch overhead ${formatQuantity(this.overheadSeconds, "seconds", { digits: 3 })} exceeds the ${formatQuantity(this.#rooflineSeconds, "seconds", { digits: 3 })} of work (${this.#explain()})`
        : this.#explain();
    return this.#reason;
  }

  toJSON(): LlmOperatorCost {
    return { ...this, reason: this.reason };
  }
}
