import type { HardwareSpec, Throughput } from "./hardware-spec.ts";
import {
  COMPUTE_UNIT_KINDS,
  type ComputeUnitKind,
  PRECISIONS,
  type Precision,
} from "./precision.ts";

/** A peak throughput the spec states (or lets us derive), in operations per second. */
export interface Peak {
  precision: Precision;
  unit: ComputeUnitKind;
  flopsPerSecond: number;
}

/**
 * Peak operations per second of one table entry: `flopsPerSecond` as stated, or
 * `flopsPerClockPerUnit` x clock (its `clockDomain`, else `clock.hz`) x `computeUnits.count`.
 */
export function throughputFlopsPerSecond(spec: HardwareSpec, throughput: Throughput): number {
  if (throughput.flopsPerSecond !== undefined) return throughput.flopsPerSecond;
  const domain = throughput.clockDomain;
  const hz = domain !== undefined ? spec.clock?.domainsHz?.[domain] : spec.clock?.hz;
  return throughput.flopsPerClockPerUnit! * hz! * spec.computeUnits!.count;
}

/** Every peak the spec states, matrix units first, in PRECISIONS order. */
export function statedPeaks(spec: HardwareSpec): Peak[] {
  const peaks: Peak[] = [];
  for (const unit of COMPUTE_UNIT_KINDS) {
    const table = spec.compute[unit] ?? {};
    for (const precision of PRECISIONS) {
      const throughput = table[precision];
      if (throughput)
        peaks.push({ precision, unit, flopsPerSecond: throughputFlopsPerSecond(spec, throughput) });
    }
  }
  return peaks;
}

/** The unit a precision runs on by default: matrix units where the spec has them, else vector. */
export function defaultUnitFor(
  spec: HardwareSpec,
  precision: Precision,
): ComputeUnitKind | undefined {
  if (spec.compute.matrix?.[precision]) return "matrix";
  if (spec.compute.vector?.[precision]) return "vector";
  return undefined;
}

/**
 * Peak of `precision` on `unit` (default: `defaultUnitFor`). Throws an Error naming the spec and
 * listing the peaks it does state when there is none.
 */
export function peakFlopsPerSecond(
  spec: HardwareSpec,
  precision: Precision,
  unit?: ComputeUnitKind,
): Peak {
  const chosen = unit ?? defaultUnitFor(spec, precision);
  const throughput = chosen ? spec.compute[chosen]?.[precision] : undefined;
  if (!chosen || !throughput) {
    const known = statedPeaks(spec).map((peak) => `${peak.precision} (${peak.unit})`);
    throw new Error(
      `${spec.id} states no ${unit ? `${unit} ` : ""}peak for ${precision}; it states ${known.join(", ")}`,
    );
  }
  return { precision, unit: chosen, flopsPerSecond: throughputFlopsPerSecond(spec, throughput) };
}
