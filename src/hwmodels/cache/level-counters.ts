/**
 * Positions of a level's counters in a Float64Array, for code that gathers counts outside a
 * CacheLevel (the LRU fast path) and adds them in at the end (`CacheLevel.addCounts`). The first
 * ten are the CacheLevelStats fields in CACHE_STAT_FIELDS order; the last two count the misses
 * that fetched nothing (write-through store misses under hardware semantics).
 */
export const LOAD_COUNT = 0;
export const LOAD_BYTE = 1;
export const STORE_COUNT = 2;
export const STORE_BYTE = 3;
export const HIT_COUNT = 4;
export const HIT_BYTE = 5;
export const MISS_COUNT = 6;
export const MISS_BYTE = 7;
export const EVICT_COUNT = 8;
export const EVICT_BYTE = 9;
export const UNFILLED_MISS_COUNT = 10;
export const UNFILLED_MISS_BYTE = 11;
export const LEVEL_COUNTERS = 12;
