import type { ReplacementPolicy } from "./replacement-policy.ts";

/**
 * Random replacement from a seeded generator, so a run is reproducible: the same seed and trace
 * give the same counts. The generator is Marsaglia's 32-bit xorshift with shifts (13, 17, 5)
 * (G. Marsaglia, "Xorshift RNGs", J. Statistical Software 8(14), 2003,
 * https://doi.org/10.18637/jss.v008.i14); seed 0, which xorshift cannot use, is replaced by the
 * paper's example seed 2463534242.
 */
export class RandomPolicy implements ReplacementPolicy {
  private readonly random: Xorshift32;

  constructor(
    private readonly ways: number,
    seed: number,
  ) {
    this.random = new Xorshift32(seed);
  }

  touch(): void {}

  insert(): void {}

  /** A uniformly chosen way: the top bits of the next 32-bit draw, scaled to `ways`. */
  victim(): number {
    return Math.floor((this.random.next() / 2 ** 32) * this.ways);
  }

  newestFirst(_set: number, filled: number, out: Int32Array): void {
    for (let way = 0; way < filled; way++) out[way] = way;
  }
}

/** Marsaglia's xorshift32; `next()` returns an unsigned 32-bit integer, never 0. */
export class Xorshift32 {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 2463534242;
  }

  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }
}
