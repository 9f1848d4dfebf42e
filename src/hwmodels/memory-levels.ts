import type { HardwareSpec, MemoryLevel } from "./hardware-spec.ts";

/**
 * Derived figures of one memory level. Capacity comes from `sets` x `ways` x `lineBytes` when the
 * geometry is given, else from `bytes`; bandwidth from whichever one of `bytesPerSecond`,
 * `bytesPerClock` or `bytesPerClockPerUnit` the spec states.
 */

/** Capacity of one copy: per unit for unit scope, per instance for device scope; undefined if unknown. */
export function levelCapacityBytes(level: MemoryLevel): number | undefined {
  const { sets, ways, lineBytes } = level;
  if (sets !== undefined && ways !== undefined && lineBytes !== undefined) {
    return sets * ways * lineBytes;
  }
  return level.bytes;
}

/** How many copies of the level the device has: units for unit scope, instances otherwise. */
export function levelCopies(spec: HardwareSpec, level: MemoryLevel): number | undefined {
  if (level.scope === "unit") return spec.computeUnits?.count;
  return level.instances ?? 1;
}

/** Capacity of all copies together; undefined when the capacity or the copy count is unknown. */
export function levelTotalBytes(spec: HardwareSpec, level: MemoryLevel): number | undefined {
  const bytes = levelCapacityBytes(level);
  const copies = levelCopies(spec, level);
  return bytes === undefined || copies === undefined ? undefined : bytes * copies;
}

/** Aggregate bandwidth of the level over the whole device, in bytes per second; undefined if unknown. */
export function levelBytesPerSecond(spec: HardwareSpec, level: MemoryLevel): number | undefined {
  if (level.bytesPerSecond !== undefined) return level.bytesPerSecond;
  const hz = spec.clock?.hz;
  if (hz === undefined) return undefined;
  if (level.bytesPerClock !== undefined) return level.bytesPerClock * hz;
  const units = spec.computeUnits?.count;
  if (level.bytesPerClockPerUnit !== undefined && units !== undefined) {
    return level.bytesPerClockPerUnit * hz * units;
  }
  return undefined;
}

/** Load-to-use latency in seconds; undefined if the spec states none. */
export function levelLatencySeconds(spec: HardwareSpec, level: MemoryLevel): number | undefined {
  if (level.latencySeconds !== undefined) return level.latencySeconds;
  const hz = spec.clock?.hz;
  return level.latencyCycles !== undefined && hz !== undefined
    ? level.latencyCycles / hz
    : undefined;
}

/** Caches and device memory form the path loads take; scratchpads sit beside it. */
export function isOnCachePath(level: MemoryLevel): boolean {
  return level.kind !== "scratchpad";
}

/** Whether workgroups can allocate shared memory (LDS) in this level. */
export function holdsSharedMemory(level: MemoryLevel): boolean {
  return level.kind === "scratchpad" || level.kind === "cache+scratchpad";
}

/** The device memory level (always last in a valid spec). */
export function deviceMemory(spec: HardwareSpec): MemoryLevel {
  return spec.memory[spec.memory.length - 1]!;
}

/** The unit-scope level workgroup shared memory lives in, if the spec has one. */
export function sharedMemoryLevel(spec: HardwareSpec): MemoryLevel | undefined {
  return spec.memory.find((level) => level.scope === "unit" && holdsSharedMemory(level));
}

/** Device-scope caches, nearest first (L2, then e.g. AMD's Infinity Cache). */
export function deviceCaches(spec: HardwareSpec): MemoryLevel[] {
  return spec.memory.filter((level) => level.scope === "device" && level.kind !== "memory");
}
