import { describe, expect, it } from "vitest";
import { LineTimes } from "../../../src/hwmodels/cache/line-times.ts";
import { Xorshift32 } from "../../../src/hwmodels/cache/random-policy.ts";

describe("LineTimes", () => {
  it("keeps each line's time like a map, for dense, sparse and 64-bit line numbers", () => {
    // With a direct array of at most 256 entries to start with, dense low lines first go to the
    // hash table and move to the array as it grows over them; lines far above stay in the table
    // (the array would be too sparse), and so do lines with a high word.
    const random = new Xorshift32(11);
    const times = new LineTimes(256);
    const reference = new Map<number, number>();
    const wrong: string[] = [];
    for (let now = 0; now < 40_000; now++) {
      const choice = random.next() % 4;
      const hi = choice === 2 ? 1 + (random.next() % 3) : 0;
      const lo =
        choice === 0
          ? random.next() % 3000
          : choice === 1
            ? (1 << 22) + (random.next() % 300)
            : choice === 2
              ? random.next() | 0
              : random.next() % 20_000;
      const key = hi * 2 ** 32 + (lo >>> 0);
      const previous = times.exchange(hi, lo, now);
      if (previous !== (reference.get(key) ?? -1)) wrong.push(`${hi}:${lo} at ${now}`);
      reference.set(key, now);
    }
    expect(wrong).toEqual([]);
    expect(times.size).toBe(reference.size);
    times.updateAll((time) => time + 1);
    for (const [key, time] of reference) {
      const previous = times.exchange(Math.floor(key / 2 ** 32), (key % 2 ** 32) | 0, 0);
      if (previous !== time + 1) wrong.push(`${key}: ${previous}`);
    }
    expect(wrong).toEqual([]);
  });
});
