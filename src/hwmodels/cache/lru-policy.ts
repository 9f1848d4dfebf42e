import { MAX_PACKED_WAYS, PackedRecency } from "./packed-recency.ts";
import { RecencyList } from "./recency-list.ts";
import type { ReplacementPolicy, SetWords } from "./replacement-policy.ts";

/** Least recently used: hits and fills refresh a line; the victim is the line unused longest. */
export class LruPolicy implements ReplacementPolicy {
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

  /** The way placed is always the least recently used one: the victim, or (while the set fills)
   * the next invalid way, which the recency order keeps at its end. */
  insert(set: number, _way: number): void {
    this.recency.moveLeastRecentToFront(set);
  }

  victim(set: number): number {
    return this.recency.leastRecent(set);
  }

  newestFirst(set: number, filled: number, out: Int32Array): void {
    this.recency.newestFirst(set, filled, out);
  }
}
