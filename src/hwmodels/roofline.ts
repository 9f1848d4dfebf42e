import type { HardwareSpec } from "./hardware-spec.ts";
import { levelBytesPerSecond } from "./memory-levels.ts";
import { defaultUnitFor, peakFlopsPerSecond, statedPeaks } from "./peak.ts";
import {
  COMPUTE_UNIT_KINDS,
  type ComputeUnitKind,
  isPrecision,
  PRECISIONS,
  type Precision,
} from "./precision.ts";
import { formatQuantity } from "./units.ts";
import { type Issue, ValidationError } from "./validation.ts";

/**
 * Hierarchical roofline (Williams, Waterman & Patterson, CACM 2009; extended to one roof per
 * memory level as in Yang et al., "Hierarchical Roofline Analysis", 2020).
 *
 * A kernel is given as the operations it does per precision and the bytes it moves at each memory
 * level. Each precision's compute takes flops / peak; each level's traffic takes bytes /
 * bandwidth. Compute of different precisions runs back to back (their times add); memory traffic
 * overlaps compute, so the kernel takes as long as the slowest roof:
 *
 *   seconds = max( sum_p flops_p / peak_p , max_level bytes_level / bandwidth_level )
 *
 * and attains sum_p flops_p / seconds. Arithmetic intensity at a level is total flops / bytes there.
 */

/** A kernel for the roofline: work per precision, traffic per memory level. */
export interface KernelWork {
  /** Operations per precision (FLOP; OP for integer precisions), e.g. `{ fp16: 2 * M * N * K }`. */
  flops: Partial<Record<Precision, number>>;
  /** Bytes moved at each memory level, by the level's name in the spec: `{ HBM3: 3e9, L2: 9e9 }`. */
  bytes: Record<string, number>;
  /** Execution unit per precision; defaults to the matrix units where the spec has them, else vector. */
  units?: Partial<Record<Precision, ComputeUnitKind>>;
}

export interface ComputeRoof {
  kind: "compute";
  /** "fp16 matrix" */
  name: string;
  precision: Precision;
  unit: ComputeUnitKind;
  flops: number;
  flopsPerSecond: number;
  seconds: number;
}

export interface MemoryRoof {
  kind: "memory";
  /** The memory level's name. */
  name: string;
  bytes: number;
  bytesPerSecond: number;
  seconds: number;
  /** Total flops / bytes at this level (Infinity when no bytes move here). */
  arithmeticIntensityFlopsPerByte: number;
}

export interface RooflineResult {
  /** Predicted time: the slowest roof. */
  seconds: number;
  /** Total operations over all precisions. */
  flops: number;
  /** flops / seconds (0 for a kernel with no work). */
  attainableFlopsPerSecond: number;
  /** Whether compute or a memory level sets the time. */
  bound: "compute" | "memory";
  /** The roof that sets the time (the largest compute roof when compute-bound). */
  binding: ComputeRoof | MemoryRoof;
  /** Sum of the compute roofs' times. */
  computeSeconds: number;
  compute: ComputeRoof[];
  memory: MemoryRoof[];
  /** The memory level whose traffic takes longest, or null when no bytes move. */
  dominantLevel: string | null;
  /** Total flops per byte at each level with traffic. */
  arithmeticIntensity: Record<string, number>;
  /** One sentence: what binds and by how much. */
  reason: string;
  assumptions: string[];
}

const ASSUMPTIONS = [
  "memory traffic overlaps compute: the kernel takes as long as its slowest roof",
  "compute in different precisions runs back to back: their times add",
  "peaks and bandwidths are the spec's, with no efficiency factor",
];

/** Predicts a kernel's time on `hw` from its roofs; throws ValidationError for malformed work. */
export function roofline(work: KernelWork, hw: HardwareSpec): RooflineResult {
  const issues = kernelWorkIssues(work, hw);
  if (issues.length) throw new ValidationError(`kernel on ${hw.id}`, issues);

  const compute: ComputeRoof[] = [];
  for (const precision of PRECISIONS) {
    const flops = work.flops[precision];
    if (flops === undefined || flops === 0) continue;
    const peak = peakFlopsPerSecond(hw, precision, work.units?.[precision]);
    compute.push({
      kind: "compute",
      name: `${precision} ${peak.unit}`,
      precision,
      unit: peak.unit,
      flops,
      flopsPerSecond: peak.flopsPerSecond,
      seconds: flops / peak.flopsPerSecond,
    });
  }
  const totalFlops = compute.reduce((sum, roof) => sum + roof.flops, 0);
  const memory: MemoryRoof[] = [];
  for (const level of hw.memory) {
    const bytes = work.bytes[level.name];
    if (bytes === undefined || bytes === 0) continue;
    const bytesPerSecond = levelBytesPerSecond(hw, level)!;
    memory.push({
      kind: "memory",
      name: level.name,
      bytes,
      bytesPerSecond,
      seconds: bytes / bytesPerSecond,
      arithmeticIntensityFlopsPerByte: totalFlops / bytes,
    });
  }

  const computeSeconds = compute.reduce((sum, roof) => sum + roof.seconds, 0);
  const slowestMemory = memory.reduce<MemoryRoof | undefined>(
    (slowest, roof) => (!slowest || roof.seconds > slowest.seconds ? roof : slowest),
    undefined,
  );
  const largestCompute = compute.reduce<ComputeRoof | undefined>(
    (largest, roof) => (!largest || roof.seconds > largest.seconds ? roof : largest),
    undefined,
  );
  const memoryBound = slowestMemory !== undefined && slowestMemory.seconds > computeSeconds;
  const seconds = Math.max(computeSeconds, slowestMemory?.seconds ?? 0);
  const binding = memoryBound ? slowestMemory! : (largestCompute ?? slowestMemory);
  if (!binding) {
    throw new ValidationError(`kernel on ${hw.id}`, [
      { path: "", message: "does no work: no flops and no bytes" },
    ]);
  }
  return {
    seconds,
    flops: totalFlops,
    attainableFlopsPerSecond: seconds > 0 ? totalFlops / seconds : 0,
    bound: memoryBound ? "memory" : "compute",
    binding,
    computeSeconds,
    compute,
    memory,
    dominantLevel: slowestMemory?.name ?? null,
    arithmeticIntensity: Object.fromEntries(
      memory.map((roof) => [roof.name, roof.arithmeticIntensityFlopsPerByte]),
    ),
    reason: explain(memoryBound, computeSeconds, compute, slowestMemory),
    assumptions: ASSUMPTIONS,
  };
}

function explain(
  memoryBound: boolean,
  computeSeconds: number,
  compute: ComputeRoof[],
  slowestMemory: MemoryRoof | undefined,
): string {
  const time = (seconds: number) => formatQuantity(seconds, "seconds", { digits: 3 });
  const computeText = compute.length
    ? `${time(computeSeconds)} of ${compute.map((roof) => roof.name).join(" + ")} compute`
    : "no compute";
  if (!slowestMemory) return `compute-bound: ${computeText}, no memory traffic`;
  const memoryText = `${time(slowestMemory.seconds)} moving ${formatQuantity(slowestMemory.bytes, "bytes", { digits: 3 })} through ${slowestMemory.name} at ${formatQuantity(slowestMemory.bytesPerSecond, "bytesPerSecond", { digits: 3 })}`;
  if (memoryBound) {
    const ratio =
      computeSeconds > 0
        ? ` (${(slowestMemory.seconds / computeSeconds).toFixed(2)}x the compute time)`
        : "";
    return `memory-bound on ${slowestMemory.name}: ${memoryText}${ratio}, vs ${computeText}`;
  }
  return `compute-bound: ${computeText}, vs ${memoryText} on the slowest level`;
}

/** Every problem with `work` on `hw`, by path; empty when the roofline can run. */
export function kernelWorkIssues(work: KernelWork, hw: HardwareSpec): Issue[] {
  const issues: Issue[] = [];
  const known = statedPeaks(hw).map((peak) => `${peak.precision} (${peak.unit})`);
  for (const [precision, flops] of Object.entries(work.flops ?? {})) {
    const path = `flops.${precision}`;
    if (!isPrecision(precision)) {
      issues.push({ path, message: `unknown precision; known: ${PRECISIONS.join(", ")}` });
    } else if (typeof flops !== "number" || !Number.isFinite(flops) || flops < 0) {
      issues.push({ path, message: `must be a finite number >= 0 (got ${String(flops)})` });
    } else {
      const unit = work.units?.[precision];
      if (unit !== undefined && !(COMPUTE_UNIT_KINDS as readonly string[]).includes(unit)) {
        issues.push({
          path: `units.${precision}`,
          message: `must be "matrix" or "vector" (got ${String(unit)})`,
        });
      } else if (!(unit ? hw.compute[unit]?.[precision] : defaultUnitFor(hw, precision))) {
        issues.push({
          path,
          message: `${hw.id} states no ${unit ? `${unit} ` : ""}peak for ${precision}; it states ${known.join(", ")}`,
        });
      }
    }
  }
  const levelNames = hw.memory.map((level) => level.name);
  for (const [name, bytes] of Object.entries(work.bytes ?? {})) {
    const path = `bytes[${JSON.stringify(name)}]`;
    const level = hw.memory.find((candidate) => candidate.name === name);
    if (!level) {
      issues.push({
        path,
        message: `no memory level named "${name}"; known: ${levelNames.join(", ")}`,
      });
    } else if (typeof bytes !== "number" || !Number.isFinite(bytes) || bytes < 0) {
      issues.push({ path, message: `must be a finite number >= 0 (got ${String(bytes)})` });
    } else if (bytes > 0 && levelBytesPerSecond(hw, level) === undefined) {
      issues.push({ path, message: `${hw.id} states no bandwidth for ${name}` });
    }
  }
  return issues;
}

/** The roofline of a precision at a bandwidth: min(peak, intensity x bandwidth), in FLOP/s. */
export function attainableFlops(
  arithmeticIntensityFlopsPerByte: number,
  peakFlopsPerSecond: number,
  bytesPerSecond: number,
): number {
  return Math.min(peakFlopsPerSecond, arithmeticIntensityFlopsPerByte * bytesPerSecond);
}

export interface ComputeCeiling {
  precision: Precision;
  unit: ComputeUnitKind;
  flopsPerSecond: number;
  label: string;
}

export interface MemoryCeiling {
  level: string;
  bytesPerSecond: number;
  label: string;
}

export interface RidgePoint {
  precision: Precision;
  unit: ComputeUnitKind;
  level: string;
  /** peak / bandwidth: intensities above it can be compute-bound at this level. */
  flopsPerByte: number;
}

export interface RooflineCeilings {
  /** Horizontal lines: one per stated peak. */
  compute: ComputeCeiling[];
  /** Slanted lines (FLOP/s = intensity x bandwidth): one per level with a known bandwidth. */
  memory: MemoryCeiling[];
  ridgePoints: RidgePoint[];
}

/**
 * The ceilings to draw for `hw`: every stated peak (or only `precisions`) and every memory level
 * with a bandwidth, with the ridge point of each pair. Units: FLOP/s, bytes/s, FLOP/byte.
 */
export function rooflineCeilings(
  hw: HardwareSpec,
  { precisions }: { precisions?: Precision[] } = {},
): RooflineCeilings {
  const compute = statedPeaks(hw)
    .filter((peak) => !precisions || precisions.includes(peak.precision))
    .map((peak) => ({
      ...peak,
      label: `${peak.precision} ${peak.unit}: ${formatQuantity(peak.flopsPerSecond, "flopsPerSecond")}`,
    }));
  const memory: MemoryCeiling[] = [];
  for (const level of hw.memory) {
    const bytesPerSecond = levelBytesPerSecond(hw, level);
    if (bytesPerSecond === undefined) continue;
    memory.push({
      level: level.name,
      bytesPerSecond,
      label: `${level.name}: ${formatQuantity(bytesPerSecond, "bytesPerSecond")}`,
    });
  }
  const ridgePoints = compute.flatMap((peak) =>
    memory.map((roof) => ({
      precision: peak.precision,
      unit: peak.unit,
      level: roof.level,
      flopsPerByte: peak.flopsPerSecond / roof.bytesPerSecond,
    })),
  );
  return { compute, memory, ridgePoints };
}
