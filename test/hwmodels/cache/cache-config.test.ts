import { describe, expect, it } from "vitest";
import { cacheCapacityBytes, parseCacheConfig } from "../../../src/hwmodels/cache/cache-config.ts";
import { ValidationError } from "../../../src/hwmodels/validation.ts";

const l1 = { name: "L1", sets: 64, ways: 8, lineBytes: 64 };

function issuesOf(data: unknown): string[] {
  try {
    parseCacheConfig(data, "cfg.json");
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

describe("parseCacheConfig(data)", () => {
  it("fills in LRU, write-back, seed 1 and hardware semantics", () => {
    expect(parseCacheConfig({ levels: [l1] })).toEqual({
      levels: [{ ...l1, policy: "LRU", writePolicy: "write-back", seed: 1 }],
      semantics: "hardware",
    });
  });

  it("accepts the fixtures' config format", () => {
    const config = parseCacheConfig({
      levels: [
        { ...l1, policy: "FIFO", writePolicy: "write-through" },
        {
          name: "L2",
          sets: 1000,
          ways: 2,
          lineBytes: 128,
          policy: "LRU",
          writePolicy: "write-back",
        },
      ],
      semantics: "pycachesim",
    });
    expect(config.levels[1]!.sets).toBe(1000);
    expect(config.semantics).toBe("pycachesim");
  });

  it("rejects zero and fractional sets or ways, naming the field", () => {
    expect(issuesOf({ levels: [{ ...l1, sets: 0 }] })).toEqual([
      "levels[0].sets: must be at least 1",
    ]);
    expect(issuesOf({ levels: [{ ...l1, ways: 2.5 }] })).toEqual([
      "levels[0].ways: must be a whole number",
    ]);
  });

  it("rejects a line size that is not a power of two", () => {
    expect(issuesOf({ levels: [{ ...l1, lineBytes: 48 }] })).toEqual([
      "levels[0].lineBytes: must be a power of two",
    ]);
  });

  it("rejects line sizes that shrink towards memory", () => {
    expect(issuesOf({ levels: [l1, { ...l1, name: "L2", lineBytes: 32 }] })).toEqual([
      "levels[1].lineBytes: line sizes must not shrink towards memory: 32 < 64 of levels[0] (L1)",
    ]);
  });

  it("rejects unknown policies and write policies, listing the known ones", () => {
    expect(issuesOf({ levels: [{ ...l1, policy: "LFU" }] })).toEqual([
      'levels[0].policy: unknown policy "LFU"; expected one of LRU, FIFO, MRU, PLRU, RANDOM',
    ]);
    expect(issuesOf({ levels: [{ ...l1, writePolicy: "write-around" }] })).toEqual([
      'levels[0].writePolicy: unknown write policy "write-around"; expected write-back or write-through',
    ]);
  });

  it("rejects tree PLRU over a number of ways that is not a power of two", () => {
    expect(issuesOf({ levels: [{ ...l1, ways: 12, policy: "PLRU" }] })).toEqual([
      "levels[0].policy: PLRU (tree pseudo-LRU) needs a power-of-two number of ways, not 12",
    ]);
  });

  it("rejects duplicate names, the name MEM, unknown fields and an empty hierarchy", () => {
    expect(issuesOf({ levels: [l1, { ...l1 }] })).toEqual([
      'levels[1].name: duplicate level name "L1"',
    ]);
    expect(issuesOf({ levels: [{ ...l1, name: "MEM" }] })).toEqual([
      'levels[0].name: "MEM" names main memory',
    ]);
    expect(issuesOf({ levels: [{ ...l1, polcy: "LRU" }] })).toEqual([
      "levels[0].polcy: unknown field",
    ]);
    expect(issuesOf({ levels: [] })).toEqual(["levels: needs a level"]);
  });

  it("reports every bad field at once, in a message that names the input", () => {
    expect(() =>
      parseCacheConfig({ levels: [{ ...l1, sets: 0, lineBytes: 3 }] }, "cfg.json"),
    ).toThrow(
      "cfg.json:\n  levels[0].sets: must be at least 1\n  levels[0].lineBytes: must be a power of two",
    );
  });
});

describe("cacheCapacityBytes(level)", () => {
  it("is sets x ways x lineBytes", () => {
    expect(cacheCapacityBytes(l1)).toBe(32768);
  });
});
