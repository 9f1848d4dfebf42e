import { type HardwareSpec, type MemoryLevel, parseHardwareSpec } from "./hardware-spec.ts";
import { COMPUTE_UNIT_KINDS } from "./precision.ts";
import { type Issue, ValidationError } from "./validation.ts";

/**
 * What-if variants of a hardware spec: "what if the clock were 20% higher, HBM twice as fast, L2
 * four times as large". Each factor multiplies a fact in the form the spec states it, so what
 * derives from that fact follows (a per-clock bandwidth speeds up with the clock).
 */
export interface SpecScaling {
  /**
   * Multiplies every clock (`clock.hz`, `baseHz`, each of `domainsHz`). Per-clock rates follow;
   * compute peaks stated per second are multiplied too (a peak is work per clock times the
   * clock), bandwidths stated per second are not (memory runs on its own clock).
   */
  clock?: number;
  /**
   * Multiplies the compute-unit count (rounded, at least 1). Per-unit rates follow; compute peaks
   * and unit-scope bandwidths stated as device totals are multiplied by the same ratio.
   */
  computeUnits?: number;
  /**
   * Per memory level, by name: multiplies its capacity (per copy; `sets` when that stays a whole
   * number, else the size becomes `bytes`) and its bandwidth (in whichever form it is stated).
   */
  memory?: Record<string, { capacity?: number; bandwidth?: number }>;
}

/**
 * A new, validated spec: `spec` scaled by `scaling`, named "<name> (what-if: ...)" with id
 * "<id>-what-if" and a note per change. Factors of 1 change nothing. Throws ValidationError for a
 * factor that is not a number > 0, an unknown level, a fact the spec does not state (a unit count,
 * a level's size or bandwidth), and for every inconsistency the scaled spec has (an L2 shrunk
 * below one unit's L1, say), as `parseHardwareSpec` reports them.
 */
export function scaleSpec(spec: HardwareSpec, scaling: SpecScaling): HardwareSpec {
  const issues: Issue[] = [];
  const factor = (path: string, value: number | undefined): number => {
    if (value === undefined) return 1;
    if (typeof value === "number" && Number.isFinite(value) && value > 0) return value;
    issues.push({ path, message: `must be a number > 0 (got ${String(value)})` });
    return 1;
  };
  const clock = factor("scaling.clock", scaling.clock);
  const unitsFactor = factor("scaling.computeUnits", scaling.computeUnits);
  const levels = Object.entries(scaling.memory ?? {}).map(([name, change]) => ({
    name,
    capacity: factor(`scaling.memory[${JSON.stringify(name)}].capacity`, change.capacity),
    bandwidth: factor(`scaling.memory[${JSON.stringify(name)}].bandwidth`, change.bandwidth),
  }));

  const scaled = structuredClone(spec) as Mutable<HardwareSpec>;
  const changes: string[] = [];

  if (clock !== 1) {
    const clocks = scaled.clock;
    if (clocks) {
      clocks.hz *= clock;
      if (clocks.baseHz !== undefined) clocks.baseHz *= clock;
      for (const name of Object.keys(clocks.domainsHz ?? {})) clocks.domainsHz![name]! *= clock;
    }
    scalePeaksPerSecond(scaled, clock);
    changes.push(`clock ×${formatFactor(clock)}`);
  }

  if (unitsFactor !== 1) {
    const units = scaled.computeUnits;
    if (!units) {
      issues.push({
        path: "scaling.computeUnits",
        message: `${spec.id} states no compute-unit count to scale`,
      });
    } else {
      const count = Math.max(1, Math.round(units.count * unitsFactor));
      const ratio = count / units.count;
      units.count = count;
      scalePeaksPerSecond(scaled, ratio);
      for (const level of scaled.memory) {
        if (level.scope !== "unit") continue;
        if (level.bytesPerSecond !== undefined) level.bytesPerSecond *= ratio;
        if (level.bytesPerClock !== undefined) level.bytesPerClock *= ratio;
      }
      changes.push(`${count} ${units.name ?? "unit"}s`);
    }
  }

  for (const change of levels) {
    const path = `scaling.memory[${JSON.stringify(change.name)}]`;
    const level = scaled.memory.find((candidate) => candidate.name === change.name);
    if (!level) {
      const known = spec.memory.map((candidate) => candidate.name).join(", ");
      issues.push({ path, message: `no memory level named "${change.name}"; known: ${known}` });
      continue;
    }
    const facts = [
      { field: "capacity", factor: change.capacity, fact: "size", scale: scaleCapacity },
      { field: "bandwidth", factor: change.bandwidth, fact: "bandwidth", scale: scaleBandwidth },
    ] as const;
    for (const { field, factor, fact, scale } of facts) {
      if (factor === 1) continue;
      if (scale(level, factor)) changes.push(`${level.name} ${fact} ×${formatFactor(factor)}`);
      else
        issues.push({
          path: `${path}.${field}`,
          message: `${spec.id} states no ${fact} for ${level.name}`,
        });
    }
  }
  if (issues.length) throw new ValidationError(`what-if of ${spec.id}`, issues);
  if (changes.length === 0) return spec;

  const summary = changes.join(", ");
  scaled.id = `${spec.id}-what-if`;
  scaled.name = `${spec.name} (what-if: ${summary})`;
  scaled.notes = [...(spec.notes ?? []), `What-if variant of ${spec.id}: ${summary}.`];
  return parseHardwareSpec(scaled, `what-if of ${spec.id} (${summary})`);
}

/** 0.25 -> "1/4", 1.2 -> "1.2": a factor as people write it. */
function formatFactor(factor: number): string {
  const inverse = 1 / factor;
  return factor < 1 && Number.isInteger(inverse)
    ? `1/${inverse}`
    : String(Number(factor.toPrecision(4)));
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

function scalePeaksPerSecond(spec: Mutable<HardwareSpec>, ratio: number): void {
  for (const unit of COMPUTE_UNIT_KINDS) {
    for (const peak of Object.values(spec.compute[unit] ?? {})) {
      if (peak?.flopsPerSecond !== undefined) peak.flopsPerSecond *= ratio;
    }
  }
}

/** Multiplies the level's size per copy; false when the spec states none. */
function scaleCapacity(level: Mutable<MemoryLevel>, ratio: number): boolean {
  const { sets, ways, lineBytes } = level;
  if (sets !== undefined && ways !== undefined && lineBytes !== undefined) {
    const scaledSets = sets * ratio;
    if (Number.isInteger(scaledSets)) level.sets = scaledSets;
    else {
      level.bytes = sets * ways * lineBytes * ratio;
      delete level.sets;
      delete level.ways;
    }
    if (level.bytes !== undefined && level.sets !== undefined) level.bytes *= ratio;
    return true;
  }
  if (level.bytes === undefined) return false;
  level.bytes *= ratio;
  return true;
}

/** Multiplies the level's bandwidth in the form it is stated; false when it states none. */
function scaleBandwidth(level: Mutable<MemoryLevel>, ratio: number): boolean {
  if (level.bytesPerSecond !== undefined) level.bytesPerSecond *= ratio;
  else if (level.bytesPerClock !== undefined) level.bytesPerClock *= ratio;
  else if (level.bytesPerClockPerUnit !== undefined) level.bytesPerClockPerUnit *= ratio;
  else return false;
  return true;
}
