/**
 * The ten counters every level (and `MEM`) reports, named as pycachesim names them so results can
 * be compared field by field. Counts are events; `*_byte` fields are bytes.
 */
export interface CacheLevelStats {
  /** Load requests that arrived here, plus (write-back levels) line fetches for store misses. */
  LOAD_count: number;
  LOAD_byte: number;
  /** Store requests that arrived here (from the core, a write-back or a write-through above). */
  STORE_count: number;
  STORE_byte: number;
  /** Line lookups that found the line. */
  HIT_count: number;
  HIT_byte: number;
  /** Line lookups that did not find the line. */
  MISS_count: number;
  MISS_byte: number;
  /** Dirty lines written back below, and (write-through levels) stores forwarded below. */
  EVICT_count: number;
  EVICT_byte: number;
}

/** The counters in their canonical order. */
export const CACHE_STAT_FIELDS = [
  "LOAD_count",
  "LOAD_byte",
  "STORE_count",
  "STORE_byte",
  "HIT_count",
  "HIT_byte",
  "MISS_count",
  "MISS_byte",
  "EVICT_count",
  "EVICT_byte",
] as const satisfies ReadonlyArray<keyof CacheLevelStats>;

/** Name of the implicit level below the last cache. */
export const MEMORY_LEVEL_NAME = "MEM";

/**
 * A simulation's counters keyed by level name, first level first, then `MEM`. Object key order
 * follows the hierarchy, so iterating it walks from the core towards memory.
 */
export type CacheStats = Record<string, CacheLevelStats>;

export function emptyCacheLevelStats(): CacheLevelStats {
  return {
    LOAD_count: 0,
    LOAD_byte: 0,
    STORE_count: 0,
    STORE_byte: 0,
    HIT_count: 0,
    HIT_byte: 0,
    MISS_count: 0,
    MISS_byte: 0,
    EVICT_count: 0,
    EVICT_byte: 0,
  };
}

/** Misses per line lookup (0 when nothing was looked up). */
export function levelMissRatio(stats: CacheLevelStats): number {
  const lookups = stats.HIT_count + stats.MISS_count;
  return lookups === 0 ? 0 : stats.MISS_count / lookups;
}
