import { FenwickTree } from "./fenwick-tree.ts";

/**
 * A set of marked positions 0 .. size-1 that counts marks after a position in O(log(size / 32)):
 * a bitmap, 32 positions per int32 word, plus a Fenwick tree of marks per word. Counting within a
 * word is a population count; the tree is 32 times smaller than one over positions, small enough
 * to stay in cache for millions of positions, which is what a stack-distance pass over a large
 * footprint spends its time on.
 *
 * New marks only ever go at or after the newest one (a stack-distance pass marks the time of
 * each reference, in order), and a prefix count never reads the tree at or after the word it
 * asks about. So the word that takes new marks, the open word, stays out of the tree until
 * marking moves past it: marking costs a bit, not a tree update.
 */
export class MarkedTimes {
  readonly size: number;
  private readonly bits: Int32Array;
  private readonly perWord: FenwickTree;
  marked = 0;
  /** Words before it are counted in the tree; it and the words after it are not. */
  private openWord = 0;

  constructor(size: number) {
    this.size = size;
    this.bits = new Int32Array(Math.ceil(size / 32));
    this.perWord = new FenwickTree(this.bits.length);
  }

  /** Marks `position`, which is at or after every marked position. */
  markNewest(position: number): void {
    const word = position >>> 5;
    if (word !== this.openWord) {
      // Close the open word: its marks go into the tree. Words in between hold none.
      this.perWord.add(this.openWord, popcount(this.bits[this.openWord]!));
      this.openWord = word;
    }
    this.bits[word] = this.bits[word]! | (1 << (position & 31));
    this.marked++;
  }

  unmark(position: number): void {
    const word = position >>> 5;
    this.bits[word] = this.bits[word]! & ~(1 << (position & 31));
    if (word < this.openWord) this.perWord.add(word, -1);
    this.marked--;
  }

  /** Marks at positions strictly after `position` (at or before the newest mark). */
  countAfter(position: number): number {
    const word = position >>> 5;
    // Bits above `position` in its word (a shift by 32 would be a shift by 0 in JS).
    const above = (position & 31) === 31 ? 0 : this.bits[word]! & (-2 << (position & 31));
    const before = word === 0 ? 0 : this.perWord.prefixSum(word - 1);
    const upToWord = before + popcount(this.bits[word]!);
    return this.marked - upToWord + popcount(above);
  }

  /**
   * The rank of each marked position among the marks (0 for the first), as a function: what a
   * renumbering maps each time to. Built in one pass over the words.
   */
  ranks(): (position: number) => number {
    const bits = this.bits;
    const before = new Int32Array(bits.length);
    let count = 0;
    for (let word = 0; word < bits.length; word++) {
      before[word] = count;
      count += popcount(bits[word]!);
    }
    return (position) => {
      const below = (1 << (position & 31)) - 1;
      return before[position >>> 5]! + popcount(bits[position >>> 5]! & below);
    };
  }

  /** Marks exactly positions 0 .. count-1. */
  resetToFirst(count: number): void {
    const bits = this.bits;
    bits.fill(0);
    const fullWords = count >>> 5;
    bits.fill(-1, 0, fullWords);
    if (count & 31) bits[fullWords] = (1 << (count & 31)) - 1;
    // The word the next mark goes to is open (not in the tree).
    this.openWord = fullWords;
    this.perWord.resetFrom((word) => (word < fullWords ? popcount(bits[word]!) : 0));
    this.marked = count;
  }
}

/** Number of set bits of a 32-bit integer. */
export function popcount(value: number): number {
  let x = value - ((value >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
