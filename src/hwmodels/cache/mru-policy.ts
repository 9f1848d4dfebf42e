import { MAX_PACKED_WAYS, PackedRecency } from "./packed-recency.ts";
import { RecencyList } from "./recency-list.ts";
import type { ReplacementPolicy, SetWords } from "./replacement-policy.ts";

/**
 * Most recently used: hits and fills refresh a line; the victim is the line used last. Suits
 * cyclic sweeps larger than the cache, where LRU always evicts the line needed next.
 * (pycachesim's MRU does something else, see docs/cache-models.md; this one is the textbook rule.)
 */
export class MruPolicy implements ReplacementPolicy {
  private readonly recency: PackedRecency | RecencyList;

  /** Words per set it needs from the level (see SetWords). */
  static wordsPerSet(ways: number): number {
    return ways <= MAX_PACKED_WAYS ? PackedRecency.wordsPerSet : 0;
  }

  constructor(sets: number, ways: number, setWords: SetWords) {
    this.recency =
      ways <= MAX_PACKED_WAYS
        ? new PackedRecency(sets, ways, setWords)
        : new RecencyList(sets, ways);
  }

  touch(set: number, way: number): void {
    this.recency.moveToFront(set, way);
  }

  /** The victim is already the most recent; a way filled while the set fills is the least recent. */
  insert(set: number, way: number): void {
    if (this.recency.mostRecent(set) !== way) this.recency.moveLeastRecentToFront(set);
  }

  victim(set: number): number {
    return this.recency.mostRecent(set);
  }

  newestFirst(set: number, filled: number, out: Int32Array): void {
    this.recency.newestFirst(set, filled, out);
  }
}
