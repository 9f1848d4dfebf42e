import { describe, expect, it } from "vitest";
import { AccessBatch } from "../../../src/hwmodels/cache/access-trace.ts";
import { Xorshift32 } from "../../../src/hwmodels/cache/random-policy.ts";
import {
  StackDistanceProfiler,
  stackDistanceProfile,
} from "../../../src/hwmodels/cache/stack-distance-profiler.ts";

/** Stack distances the slow, obvious way: an LRU stack as an array, most recent first. */
function naiveHistogram<T>(lines: readonly T[]) {
  const stack: T[] = [];
  const histogram: number[] = [];
  let cold = 0;
  for (const line of lines) {
    const depth = stack.indexOf(line);
    if (depth < 0) cold++;
    else {
      histogram[depth] = (histogram[depth] ?? 0) + 1;
      stack.splice(depth, 1);
    }
    stack.unshift(line);
  }
  return { cold, histogram: Array.from(histogram, (count) => count ?? 0) };
}

const linesToTrace = (lines: readonly number[]) => ({
  addresses: Float64Array.from(lines, (line) => line * 64 + 8),
  bytes: 8,
});

describe("StackDistanceProfiler", () => {
  it("counts the distinct lines between reuses, worked by hand", () => {
    // A B C A B B D A: A, B, C, D are cold; A at 2 (B, C), B at 2 (C, A), B at 0, A at 2 (B, D).
    const profile = stackDistanceProfile(linesToTrace([0, 1, 2, 0, 1, 1, 3, 0]));
    expect(profile.references).toBe(8);
    expect(profile.coldMisses).toBe(4);
    expect([...profile.histogram]).toEqual([1, 0, 3]);
    expect([1, 2, 3, 4].map((lines) => profile.missesAt(lines))).toEqual([7, 7, 4, 4]);
  });

  it("matches a naive LRU stack on a random trace, across many renumberings of its times", () => {
    const random = new Xorshift32(99);
    const lines = Array.from({ length: 20000 }, () => random.next() % 700);
    const naive = naiveHistogram(lines);
    const profile = new StackDistanceProfiler(64, 64).addTrace(linesToTrace(lines)).profile();
    expect(profile.coldMisses).toBe(naive.cold);
    expect([...profile.histogram]).toEqual(naive.histogram);
  });

  it("matches a naive LRU stack on lines spread over the 64-bit space, with accesses across lines", () => {
    // Dense low lines, lines far above them and lines above 2^32: the line-time store keeps
    // them in a direct array and a hash table, moving lines between the two as it grows.
    const random = new Xorshift32(7);
    const pool = Array.from({ length: 900 }, (_, i) =>
      i % 3 === 0 ? BigInt(i) : i % 3 === 1 ? (1n << 30n) + BigInt(i) : (BigInt(i) << 36n) + 5n,
    );
    const lines = Array.from({ length: 20000 }, () => pool[random.next() % pool.length]!);
    const naive = naiveHistogram(lines.map(String));
    const addresses = BigUint64Array.from(lines, (line) => line * 64n + 8n);
    const profile = new StackDistanceProfiler(64, 64).addTrace({ addresses, bytes: 8 }).profile();
    expect(profile.coldMisses).toBe(naive.cold);
    expect([...profile.histogram]).toEqual(naive.histogram);
  });

  it("counts every line an access touches, in address order", () => {
    // 100 bytes at 60 touch lines 0, 1 and 2 (64-byte lines); then line 1 again: distance 1 (line 2).
    const profile = stackDistanceProfile({ addresses: [60, 64], bytes: [100, 4] });
    expect(profile.references).toBe(4);
    expect(profile.coldMisses).toBe(3);
    expect([...profile.histogram]).toEqual([0, 1]);
  });

  it("keeps 64-bit lines apart, up to the last line below 2^64", () => {
    const top = 2n ** 64n;
    const addresses = new BigUint64Array([top - 64n, 0x40n, 0x1_0000_0040n, top - 1n, 0x40n]);
    const profile = stackDistanceProfile({ addresses });
    expect(profile.coldMisses).toBe(3);
    expect([...profile.histogram]).toEqual([0, 0, 2]);
  });

  it("profiles parsed batches like in-process traces, ignoring flush records", () => {
    const batch = new AccessBatch(8);
    batch.pushLoad(0, 0, 8);
    batch.pushFlush();
    batch.pushStore(0, 64, 8);
    batch.pushLoad(0, 0, 8);
    const profile = new StackDistanceProfiler().addBatch(batch).profile();
    expect(profile.references).toBe(3);
    expect([...profile.histogram]).toEqual([0, 1]);
  });

  it("profiles at the line size it is given", () => {
    const trace = { addresses: [0, 64, 0], bytes: 1 };
    expect(stackDistanceProfile(trace, 128).coldMisses).toBe(1);
    expect(stackDistanceProfile(trace, 64).coldMisses).toBe(2);
    expect(() => new StackDistanceProfiler(48)).toThrow("lineBytes must be a power of two");
  });
});

describe("StackDistanceProfile.curve()", () => {
  it("lists each capacity where the fully associative miss ratio steps down", () => {
    const profile = stackDistanceProfile(linesToTrace([0, 1, 2, 0, 1, 1, 3, 0]));
    const curve = profile.curve();
    expect([...curve.capacityLines]).toEqual([0, 1, 3]);
    expect([...curve.capacityBytes]).toEqual([0, 64, 192]);
    expect([...curve.missRatio]).toEqual([1, 7 / 8, 4 / 8]);
  });
});
