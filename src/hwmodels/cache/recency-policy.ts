import { MAX_PACKED_WAYS, PackedRecency } from "./packed-recency.ts";
import { RecencyList } from "./recency-list.ts";
import type { SetWords } from "./replacement-policy.ts";

/**
 * What LRU and MRU share: every hit refreshes a line in a per-set recency order, packed into the
 * level's set words for up to 16 ways, a linked list beyond. They differ only in the victim.
 */
export abstract class RecencyPolicy {
  protected readonly recency: PackedRecency | RecencyList;

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

  newestFirst(set: number, filled: number, out: Int32Array): void {
    this.recency.newestFirst(set, filled, out);
  }
}
