import type { SetWords } from "./replacement-policy.ts";

/**
 * The recency order of sets of at most 16 ways, packed as 4-bit way numbers in two int32 words
 * per set (lent by the level, see SetWords): position 0 (most recently used) in the low nibble of
 * the first word, position 15 in the high nibble of the second. Moving a way to the front finds its nibble with a branch-free
 * zero-nibble test and shifts the nibbles before it up by one: a few register operations and one
 * 8-byte read per set, where a linked list would touch four arrays.
 *
 * Positions start as ways-1, ..., 1, 0 (unused positions hold 15, never a way of a set with fewer
 * than 16 ways), so the least recently used position always names the next invalid way in the
 * order a level fills them, 0, 1, ...
 */
export const MAX_PACKED_WAYS = 16;

export class PackedRecency {
  /** Words per set it needs. */
  static readonly wordsPerSet = 2;
  private readonly order: Int32Array;
  private readonly stride: number;
  private readonly offset: number;
  private readonly lruWord: number;
  private readonly lruShift: number;

  constructor(sets: number, ways: number, { words, stride, offset }: SetWords) {
    if (ways > MAX_PACKED_WAYS) {
      throw new RangeError(`packed recency holds at most 16 ways, not ${ways}`);
    }
    this.order = words;
    this.stride = stride;
    this.offset = offset;
    let low = 0;
    let high = 0;
    for (let position = 0; position < MAX_PACKED_WAYS; position++) {
      const way = position < ways ? ways - 1 - position : 15;
      if (position < 8) low |= way << (4 * position);
      else high |= way << (4 * (position - 8));
    }
    for (let set = 0; set < sets; set++) {
      words[set * stride + offset] = low;
      words[set * stride + offset + 1] = high;
    }
    this.lruWord = ways - 1 < 8 ? 0 : 1;
    this.lruShift = 4 * ((ways - 1) & 7);
  }

  mostRecent(set: number): number {
    return this.order[set * this.stride + this.offset]! & 15;
  }

  leastRecent(set: number): number {
    return (this.order[set * this.stride + this.offset + this.lruWord]! >>> this.lruShift) & 15;
  }

  moveToFront(set: number, way: number): void {
    const order = this.order;
    const i = set * this.stride + this.offset;
    const low = order[i]!;
    const pattern = Math.imul(way, 0x11111111);
    let position = zeroNibble(low ^ pattern);
    if (position >= 0) {
      if (position > 0) order[i] = shiftInto(low, position, way);
      return;
    }
    const high = order[i + 1]!;
    position = zeroNibble(high ^ pattern);
    order[i + 1] = shiftInto(high, position, low >>> 28);
    order[i] = (low << 4) | way;
  }

  /**
   * Moves the least recently used way (the victim, or the next invalid way while the set fills)
   * to the front: `moveToFront` without the search, as its position is known.
   */
  moveLeastRecentToFront(set: number): void {
    const order = this.order;
    const i = set * this.stride + this.offset;
    const low = order[i]!;
    if (this.lruWord === 0) {
      const position = this.lruShift >>> 2;
      order[i] = shiftInto(low, position, (low >>> this.lruShift) & 15);
      return;
    }
    const high = order[i + 1]!;
    const way = (high >>> this.lruShift) & 15;
    order[i + 1] = shiftInto(high, this.lruShift >>> 2, low >>> 28);
    order[i] = (low << 4) | way;
  }

  newestFirst(set: number, filled: number, out: Int32Array): void {
    for (let position = 0; position < filled; position++) {
      const word = this.order[set * this.stride + this.offset + (position >> 3)]!;
      out[position] = (word >>> (4 * (position & 7))) & 15;
    }
  }
}

/** Position (0..7) of the zero nibble of `word`, or -1 when it has none (there is at most one). */
function zeroNibble(word: number): number {
  // A nibble's top bit ends up set iff the nibble is nonzero; no carry crosses nibbles.
  const nonzero = (((word & 0x77777777) + 0x77777777) | word) & 0x88888888;
  const zero = ~nonzero & 0x88888888;
  return zero === 0 ? -1 : (31 - Math.clz32(zero)) >>> 2;
}

/** Removes the nibble at `position`, shifts the ones below it up, puts `nibble` at position 0. */
function shiftInto(word: number, position: number, nibble: number): number {
  const below = (1 << (4 * position)) - 1;
  const above = ~((below << 4) | 15);
  return (word & above) | ((word & below) << 4) | nibble;
}
