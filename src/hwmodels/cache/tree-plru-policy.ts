import type { ReplacementPolicy, SetWords } from "./replacement-policy.ts";

/**
 * Tree pseudo-LRU: each set keeps a binary tree of `ways - 1` bits over its ways (ways a power of
 * two). A bit says which half to evict from: 0 the lower-numbered half, 1 the upper. Touching a
 * way points every bit on its path away from it; the victim is found by following the bits from
 * the root. It approximates LRU with one bit per way, as many L1/L2 caches do.
 *
 * Nodes are numbered as in a binary heap (root 0, children 2i+1 and 2i+2); way w is leaf w. The
 * bits live in the level's per-set words (see SetWords), 32 nodes per word.
 */
export class TreePlruPolicy implements ReplacementPolicy {
  /** Words per set it needs from the level. */
  static wordsPerSet(ways: number): number {
    return Math.ceil((ways - 1) / 32);
  }

  private readonly bits: Int32Array;
  private readonly stride: number;
  private readonly offset: number;
  private readonly depth: number;

  constructor(ways: number, { words, stride, offset }: SetWords) {
    this.depth = Math.log2(ways);
    if (!Number.isInteger(this.depth)) {
      throw new RangeError(`tree PLRU needs a power-of-two number of ways, not ${ways}`);
    }
    this.bits = words;
    this.stride = stride;
    this.offset = offset;
  }

  touch(set: number, way: number): void {
    const bits = this.bits;
    const first = set * this.stride + this.offset;
    let node = 0;
    for (let level = this.depth - 1; level >= 0; level--) {
      const goesUpper = (way >> level) & 1;
      const word = first + (node >>> 5);
      const mask = 1 << (node & 31);
      // Point away from `way`: to the upper half when it is in the lower one.
      bits[word] = goesUpper ? bits[word]! & ~mask : bits[word]! | mask;
      node = 2 * node + 1 + goesUpper;
    }
  }

  insert(set: number, way: number): void {
    this.touch(set, way);
  }

  victim(set: number): number {
    const bits = this.bits;
    const first = set * this.stride + this.offset;
    let node = 0;
    let way = 0;
    for (let level = 0; level < this.depth; level++) {
      const upper = (bits[first + (node >>> 5)]! >>> (node & 31)) & 1;
      way = (way << 1) | upper;
      node = 2 * node + 1 + upper;
    }
    return way;
  }

  /** The tree keeps no total order, so a flush walks the ways in index order. */
  newestFirst(_set: number, filled: number, out: Int32Array): void {
    for (let way = 0; way < filled; way++) out[way] = way;
  }
}
