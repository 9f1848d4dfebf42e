import { describe, expect, it } from "vitest";
import { KeyedCache } from "../../src/hwmodels/keyed-cache.ts";

describe("KeyedCache.get(owner, key, compute)", () => {
  it("computes once per owner and key", () => {
    const cache = new KeyedCache<object, number[]>();
    const [first, second] = [{}, {}];
    let calls = 0;
    const compute = () => [++calls];
    const value = cache.get(first, "a", compute);
    expect(cache.get(first, "a", compute)).toBe(value);
    expect(cache.get(first, "b", compute)).toEqual([2]);
    expect(cache.get(second, "a", compute)).toEqual([3]);
    expect(calls).toBe(3);
  });
});
