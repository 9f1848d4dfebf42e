import type { CacheSemantics } from "./cache-config.ts";
import type { FastLevelShape } from "./fast-path-shape.ts";
import * as counter from "./level-counters.ts";

/**
 * What the main loop of a fast path (the generated JavaScript and the WebAssembly kernel) counts
 * itself, as positions in a Float64Array: only the events it cannot derive. Everything else
 * follows from them (`addMainLoopCounts`): loads = accesses - stores, hits = lookups - misses,
 * bytes = count x size where the size is fixed. A hit costs the main loop no counter at all.
 */
export const ACCESSES = 0;
/** Bytes of all accesses; kept only when the trace gives a size per access, as are the others. */
export const ACCESS_BYTES = 1;
export const STORES = 2;
export const STORE_BYTES = 3;
export const STORE_HITS = 4;
export const STORE_HIT_BYTES = 5;
export const STORE_MISSES = 6;
export const STORE_MISS_BYTES = 7;
export const LOAD_MISSES = 8;
export const LOAD_MISS_BYTES = 9;
/** Misses of level k >= 1 (fetches from the level above that missed). */
export const missesAt = (k: number) => 10 + 2 * k;
/** Dirty lines level k evicted (written back). */
export const evictsAt = (k: number) => 11 + 2 * k;
/** Length of the events array of a hierarchy of `levels` levels. */
export const eventCount = (levels: number) => 10 + 2 * levels;

/**
 * Adds what a main loop counted (`events`) and what follows from it to each level's `counts`
 * (indexed as in level-counters.ts). `fixedSize`: the one size of every access, or undefined
 * when the trace gives a size per access (then the events hold the byte sums).
 */
export function addMainLoopCounts(
  levels: readonly FastLevelShape[],
  semantics: CacheSemantics,
  events: Float64Array,
  fixedSize: number | undefined,
  counts: readonly Float64Array[],
): void {
  const hardware = semantics === "hardware";
  const bytesOf = (bytesAt: number, countAt: number) =>
    fixedSize === undefined ? events[bytesAt]! : events[countAt]! * fixedSize;
  const accesses = events[ACCESSES]!;
  const stores = events[STORES]!;
  const storeBytes = bytesOf(STORE_BYTES, STORES);
  const loads = accesses - stores;
  const loadBytes = bytesOf(ACCESS_BYTES, ACCESSES) - storeBytes;
  const loadMisses = events[LOAD_MISSES]!;
  const loadMissBytes = bytesOf(LOAD_MISS_BYTES, LOAD_MISSES);
  // Store hits and misses at the first level are counted only where they count (hardware
  // semantics, or a write-back level's misses); elsewhere they stay 0.
  const storeHits = hardware ? events[STORE_HITS]! : 0;
  const storeHitBytes = hardware ? bytesOf(STORE_HIT_BYTES, STORE_HITS) : 0;
  const storeMisses = events[STORE_MISSES]!;
  const storeMissBytes = bytesOf(STORE_MISS_BYTES, STORE_MISSES);

  const first = levels[0]!;
  const line0 = first.lineBytes;
  const c0 = counts[0]!;
  const evicts0 = events[evictsAt(0)]!;
  c0[counter.STORE_COUNT]! += stores;
  c0[counter.STORE_BYTE]! += storeBytes;
  c0[counter.HIT_COUNT]! += loads - loadMisses + storeHits;
  c0[counter.HIT_BYTE]! += loadBytes - loadMissBytes + storeHitBytes;
  if (first.writeBack) {
    // A store miss fetches the whole line: counted as a load and a miss of it.
    c0[counter.LOAD_COUNT]! += loads + storeMisses;
    c0[counter.LOAD_BYTE]! += loadBytes + storeMisses * line0;
    c0[counter.MISS_COUNT]! += loadMisses + storeMisses;
    c0[counter.MISS_BYTE]! += loadMissBytes + storeMisses * line0;
    c0[counter.EVICT_COUNT]! += evicts0;
    c0[counter.EVICT_BYTE]! += evicts0 * line0;
  } else {
    c0[counter.LOAD_COUNT]! += loads;
    c0[counter.LOAD_BYTE]! += loadBytes;
    if (hardware) {
      c0[counter.MISS_COUNT]! += loadMisses + storeMisses;
      c0[counter.MISS_BYTE]! += loadMissBytes + storeMissBytes;
      c0[counter.UNFILLED_MISS_COUNT]! += storeMisses;
      c0[counter.UNFILLED_MISS_BYTE]! += storeMissBytes;
    } else {
      c0[counter.MISS_COUNT]! += loadMisses;
      c0[counter.MISS_BYTE]! += loadMissBytes;
    }
    // Every store is forwarded below, counted as an eviction of its bytes.
    c0[counter.EVICT_COUNT]! += stores;
    c0[counter.EVICT_BYTE]! += storeBytes;
  }
  for (let k = 1; k < levels.length; k++) {
    // The main loop's requests at level k are fetches of whole lines by the level above.
    const fetches =
      k === 1 ? loadMisses + (first.writeBack ? storeMisses : 0) : events[missesAt(k - 1)]!;
    const misses = events[missesAt(k)]!;
    const evicts = events[evictsAt(k)]!;
    const above = levels[k - 1]!.lineBytes;
    const c = counts[k]!;
    c[counter.LOAD_COUNT]! += fetches;
    c[counter.LOAD_BYTE]! += fetches * above;
    c[counter.HIT_COUNT]! += fetches - misses;
    c[counter.HIT_BYTE]! += (fetches - misses) * above;
    c[counter.MISS_COUNT]! += misses;
    c[counter.MISS_BYTE]! += misses * above;
    c[counter.EVICT_COUNT]! += evicts;
    c[counter.EVICT_BYTE]! += evicts * levels[k]!.lineBytes;
  }
}
