import type { HardwareSpec, MemoryKind } from "./hardware-spec.ts";
import {
  deviceMemory,
  levelBytesPerSecond,
  levelCapacityBytes,
  levelCopies,
  levelLatencySeconds,
  levelTotalBytes,
} from "./memory-levels.ts";
import { statedPeaks } from "./peak.ts";
import type { ComputeUnitKind, Precision } from "./precision.ts";

/** One memory level's figures, derived from what the spec states; null where unknown. */
export interface LevelFigures {
  name: string;
  kind: MemoryKind;
  scope: "unit" | "device";
  /** Capacity of one copy (per unit, or per instance). */
  bytesPerCopy: number | null;
  /** Units (unit scope) or instances (device scope). */
  copies: number | null;
  totalBytes: number | null;
  /** Aggregate over the device. */
  bytesPerSecond: number | null;
  latencySeconds: number | null;
}

/** The `derived` block of `hw show`: figures computed from the spec's stated facts. */
export interface DerivedFigures {
  /** Peak per unit kind and precision, FLOP/s (OP/s for integers). */
  peakFlopsPerSecond: Partial<Record<ComputeUnitKind, Partial<Record<Precision, number>>>>;
  deviceMemory: { name: string; bytes: number | null; bytesPerSecond: number };
  /** Peak / device-memory bandwidth: the arithmetic intensity (FLOP/byte) above which a kernel can be compute-bound. */
  ridgePointFlopsPerByte: Partial<Record<ComputeUnitKind, Partial<Record<Precision, number>>>>;
  levels: LevelFigures[];
  /** Register file per unit and in total (32-bit registers x 4 B); null where unknown. */
  registerFile: { bytesPerUnit: number | null; totalBytes: number | null };
}

export function deriveFigures(spec: HardwareSpec): DerivedFigures {
  const memory = deviceMemory(spec);
  const memoryBandwidth = levelBytesPerSecond(spec, memory)!;
  const peakFlopsPerSecond: DerivedFigures["peakFlopsPerSecond"] = {};
  const ridgePointFlopsPerByte: DerivedFigures["ridgePointFlopsPerByte"] = {};
  for (const peak of statedPeaks(spec)) {
    const peaks = peakFlopsPerSecond[peak.unit] ?? {};
    const ridges = ridgePointFlopsPerByte[peak.unit] ?? {};
    peaks[peak.precision] = peak.flopsPerSecond;
    ridges[peak.precision] = peak.flopsPerSecond / memoryBandwidth;
    peakFlopsPerSecond[peak.unit] = peaks;
    ridgePointFlopsPerByte[peak.unit] = ridges;
  }
  const registersPerUnit = spec.limits?.registersPerUnit;
  const units = spec.computeUnits?.count;
  return {
    peakFlopsPerSecond,
    deviceMemory: {
      name: memory.name,
      bytes: levelCapacityBytes(memory) ?? null,
      bytesPerSecond: memoryBandwidth,
    },
    ridgePointFlopsPerByte,
    levels: spec.memory.map((level) => ({
      name: level.name,
      kind: level.kind,
      scope: level.scope,
      bytesPerCopy: levelCapacityBytes(level) ?? null,
      copies: levelCopies(spec, level) ?? null,
      totalBytes: levelTotalBytes(spec, level) ?? null,
      bytesPerSecond: levelBytesPerSecond(spec, level) ?? null,
      latencySeconds: levelLatencySeconds(spec, level) ?? null,
    })),
    registerFile: {
      bytesPerUnit: registersPerUnit !== undefined ? registersPerUnit * 4 : null,
      totalBytes:
        registersPerUnit !== undefined && units !== undefined ? registersPerUnit * 4 * units : null,
    },
  };
}
