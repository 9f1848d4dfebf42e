import type { ReplacementPolicy, SetWords } from "./replacement-policy.ts";

/**
 * First in, first out: the victim is the line placed longest ago; hits change nothing. A level
 * fills ways in order 0, 1, ... and then replaces exactly the victims this policy names, so the
 * oldest line is always the next way in round-robin order: one word per set is the whole state.
 */
export class FifoPolicy implements ReplacementPolicy {
  /** Words per set it needs from the level (see SetWords). */
  static readonly wordsPerSet = 1;
  /** Per set, the way placed longest ago once the set is full. */
  private readonly oldest: Int32Array;
  private readonly stride: number;
  private readonly offset: number;

  constructor(
    private readonly ways: number,
    { words, stride, offset }: SetWords,
  ) {
    this.oldest = words;
    this.stride = stride;
    this.offset = offset;
  }

  touch(): void {}

  insert(): void {}

  victim(set: number): number {
    const at = set * this.stride + this.offset;
    const way = this.oldest[at]!;
    this.oldest[at] = way + 1 === this.ways ? 0 : way + 1;
    return way;
  }

  /** Newest first: the ways before the round-robin pointer, going backwards. */
  newestFirst(set: number, filled: number, out: Int32Array): void {
    // While a set is filling the pointer is 0 and the newest way is filled - 1.
    const oldest = this.oldest[set * this.stride + this.offset]!;
    for (let i = 0; i < filled; i++) out[i] = (oldest - 1 - i + 2 * filled) % filled;
  }
}
