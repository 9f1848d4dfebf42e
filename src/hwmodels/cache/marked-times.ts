import { FenwickTree } from "./fenwick-tree.ts";

/**
 * A set of marked positions 0 .. size-1 that counts marks after a position in O(log(size / 32)):
 * a bitmap, 32 positions per int32 word, plus a Fenwick tree of marks per word. Counting within a
 * word is a population count; the tree is 32 times smaller than one over positions, small enough
 * to stay in cache for millions of positions, which is what a stack-distance pass over a large
 * footprint spends its time on.
 */
export class MarkedTimes {
  readonly size: number;
  private readonly bits: Int32Array;
  private readonly perWord: FenwickTree;
  marked = 0;

  constructor(size: number) {
    this.size = size;
    this.bits = new Int32Array(Math.ceil(size / 32));
    this.perWord = new FenwickTree(this.bits.length);
  }

  mark(position: number): void {
    const word = position >>> 5;
    this.bits[word] = this.bits[word]! | (1 << (position & 31));
    this.perWord.add(word, 1);
    this.marked++;
  }

  unmark(position: number): void {
    const word = position >>> 5;
    this.bits[word] = this.bits[word]! & ~(1 << (position & 31));
    this.perWord.add(word, -1);
    this.marked--;
  }

  /** Marks at positions strictly after `position`. */
  countAfter(position: number): number {
    const word = position >>> 5;
    // Bits above `position` in its word (a shift by 32 would be a shift by 0 in JS).
    const above = (position & 31) === 31 ? 0 : this.bits[word]! & (-2 << (position & 31));
    const before = word === 0 ? 0 : this.perWord.prefixSum(word - 1);
    const upToWord = before + popcount(this.bits[word]!);
    return this.marked - upToWord + popcount(above);
  }

  /** Marks exactly positions 0 .. count-1. */
  resetToFirst(count: number): void {
    const bits = this.bits;
    bits.fill(0);
    const fullWords = count >>> 5;
    bits.fill(-1, 0, fullWords);
    if (count & 31) bits[fullWords] = (1 << (count & 31)) - 1;
    this.perWord.resetFrom((word) => popcount(bits[word]!));
    this.marked = count;
  }
}

/** Number of set bits of a 32-bit integer. */
export function popcount(value: number): number {
  let x = value - ((value >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
