import type { ReplacementPolicy } from "./replacement-policy.ts";

/**
 * First in, first out: the victim is the line placed longest ago; hits change nothing. A level
 * fills ways in order 0, 1, ... and then replaces exactly the victims this policy names, so the
 * oldest line is always the next way in round-robin order: one counter per set is the whole state.
 */
export class FifoPolicy implements ReplacementPolicy {
  /** Per set, the way placed longest ago once the set is full. */
  private readonly oldest: Int32Array;

  constructor(
    sets: number,
    private readonly ways: number,
  ) {
    this.oldest = new Int32Array(sets);
  }

  touch(): void {}

  insert(): void {}

  victim(set: number): number {
    const way = this.oldest[set]!;
    this.oldest[set] = way + 1 === this.ways ? 0 : way + 1;
    return way;
  }

  /** Newest first: the ways before the round-robin pointer, going backwards. */
  newestFirst(set: number, filled: number, out: Int32Array): void {
    // While a set is filling the pointer is 0 and the newest way is filled - 1.
    const oldest = this.oldest[set]!;
    for (let i = 0; i < filled; i++) out[i] = (oldest - 1 - i + 2 * filled) % filled;
  }
}
