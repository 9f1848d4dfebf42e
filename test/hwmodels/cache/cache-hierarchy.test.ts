import { describe, expect, it } from "vitest";
import type {
  CacheHierarchyInput,
  CacheLevelInput,
} from "../../../src/hwmodels/cache/cache-config.ts";
import { CacheHierarchy } from "../../../src/hwmodels/cache/cache-hierarchy.ts";

const line = 64;
const A = 0;
const B = 64;
const C = 128;

function oneSet(ways: number, extra: Partial<CacheLevelInput> = {}): CacheHierarchyInput {
  return { levels: [{ name: "L1", sets: 1, ways, lineBytes: line, ...extra }] };
}

describe("CacheHierarchy: loads", () => {
  it("counts a miss, then hits, for repeated loads of one line", () => {
    const stats = new CacheHierarchy(oneSet(2))
      .load(A, 8)
      .load(A + 8, 8)
      .load(A + 56, 8)
      .stats();
    expect(stats.L1).toMatchObject({ LOAD_count: 3, LOAD_byte: 24, HIT_count: 2, MISS_count: 1 });
    expect(stats.MEM).toMatchObject({ LOAD_count: 1, LOAD_byte: 8 });
  });

  it("sends a whole-line fetch of the upper line size to the level below", () => {
    const sim = new CacheHierarchy({
      levels: [
        { name: "L1", sets: 4, ways: 1, lineBytes: 32 },
        { name: "L2", sets: 4, ways: 1, lineBytes: 128 },
      ],
    });
    const stats = sim.load(100, 4).load(36, 4).stats();
    // 100 and 36 are different 32-byte lines of one 128-byte line: L2 misses once, then hits.
    expect(stats.L2).toMatchObject({ LOAD_count: 2, LOAD_byte: 64, MISS_count: 1, HIT_count: 1 });
    expect(stats.MEM).toMatchObject({ LOAD_count: 1, LOAD_byte: 32 });
  });

  it("splits a load across the lines it touches, counting each line's bytes", () => {
    // 16 bytes at 56 cover 8 bytes of line 0 and 8 of line 1.
    const stats = new CacheHierarchy(oneSet(2)).load(56, 16).stats();
    expect(stats.L1).toMatchObject({ LOAD_count: 1, LOAD_byte: 16, MISS_count: 2, MISS_byte: 16 });
  });

  it("counts min(lineBytes, size) per line of a split load under pycachesim semantics", () => {
    const stats = new CacheHierarchy({ ...oneSet(2), semantics: "pycachesim" })
      .load(56, 16)
      .stats();
    expect(stats.L1).toMatchObject({ LOAD_count: 1, LOAD_byte: 16, MISS_count: 2, MISS_byte: 32 });
  });
});

describe("CacheHierarchy: stores", () => {
  it("write-back: a store miss fetches the line (a LOAD of the whole line), and marks it dirty", () => {
    const stats = new CacheHierarchy(oneSet(1)).store(A, 8).load(B, 8).stats();
    expect(stats.L1).toMatchObject({
      STORE_count: 1,
      STORE_byte: 8,
      LOAD_count: 2,
      LOAD_byte: 64 + 8,
      MISS_count: 2,
      EVICT_count: 1,
      EVICT_byte: 64,
    });
    expect(stats.MEM).toMatchObject({ STORE_count: 1, STORE_byte: 64, LOAD_count: 2 });
  });

  it("hardware semantics: a store hit is a hit and refreshes LRU order", () => {
    // A and B fill the set; the store refreshes A, so C evicts B and A stays.
    const sim = new CacheHierarchy(oneSet(2));
    const stats = sim.load(A).load(B).store(A, 4).load(C).load(A).stats();
    expect(stats.L1).toMatchObject({ HIT_count: 2, HIT_byte: 5, MISS_count: 3 });
  });

  it("pycachesim semantics: a store hit is not counted and does not refresh LRU order", () => {
    // The store leaves A least recently used, so C evicts A (dirty: one eviction) and A misses.
    const sim = new CacheHierarchy({ ...oneSet(2), semantics: "pycachesim" });
    const stats = sim.load(A).load(B).store(A, 4).load(C).load(A).stats();
    expect(stats.L1).toMatchObject({ HIT_count: 0, MISS_count: 4, EVICT_count: 1 });
  });

  it("write-through: stores pass below as evictions of their bytes and allocate nothing", () => {
    const sim = new CacheHierarchy({
      levels: [
        { name: "L1", sets: 1, ways: 2, lineBytes: 32, writePolicy: "write-through" },
        { name: "L2", sets: 1, ways: 2, lineBytes: 64 },
      ],
    });
    const stats = sim.store(A, 8).load(A, 8).stats();
    expect(stats.L1).toMatchObject({
      STORE_count: 1,
      EVICT_count: 1,
      EVICT_byte: 8,
      // Hardware semantics counts the store's lookup: a miss (nothing allocated), then the load misses.
      MISS_count: 2,
      LOAD_count: 1,
    });
    // L2 allocated the line for the store (write-back, write-allocate); the load's fetch hits.
    expect(stats.L2).toMatchObject({ STORE_count: 1, STORE_byte: 8, LOAD_count: 2, HIT_count: 1 });
    expect(stats.MEM).toMatchObject({ LOAD_count: 1, LOAD_byte: 64 });
  });

  it("write-through under pycachesim semantics counts no lookup for stores", () => {
    const sim = new CacheHierarchy({
      levels: [
        { name: "L1", sets: 1, ways: 2, lineBytes: 32, writePolicy: "write-through" },
        { name: "L2", sets: 1, ways: 2, lineBytes: 64 },
      ],
      semantics: "pycachesim",
    });
    expect(sim.store(A, 8).stats().L1).toMatchObject({
      MISS_count: 0,
      HIT_count: 0,
      EVICT_count: 1,
    });
  });

  it("splits a store across lines, forwarding each part through a write-through level", () => {
    const sim = new CacheHierarchy({
      levels: [{ name: "L1", sets: 2, ways: 1, lineBytes: 32, writePolicy: "write-through" }],
    });
    expect(sim.store(24, 16).stats().L1).toMatchObject({
      STORE_count: 1,
      STORE_byte: 16,
      EVICT_count: 2,
      EVICT_byte: 16,
    });
  });
});

describe("CacheHierarchy.flush()", () => {
  it("writes each dirty line back once; the lines stay cached, clean", () => {
    const sim = new CacheHierarchy(oneSet(2)).store(A).store(B).flush();
    expect(sim.stats().L1).toMatchObject({ EVICT_count: 2, EVICT_byte: 128 });
    const after = sim.load(A).load(B).flush().stats();
    expect(after.L1).toMatchObject({ EVICT_count: 2, HIT_count: 2 });
  });

  it("flushes levels from the first, so the next level writes L1's lines back too", () => {
    const sim = new CacheHierarchy({
      levels: [
        { name: "L1", sets: 1, ways: 2, lineBytes: 64 },
        { name: "L2", sets: 1, ways: 4, lineBytes: 64 },
      ],
    });
    const stats = sim.store(A).flush().stats();
    expect(stats.L1).toMatchObject({ EVICT_count: 1 });
    expect(stats.L2).toMatchObject({ STORE_count: 1, EVICT_count: 1 });
    expect(stats.MEM).toMatchObject({ STORE_count: 1, STORE_byte: 64 });
  });
});

describe("CacheHierarchy.run(trace)", () => {
  it("gives the counts of the same accesses made one by one", () => {
    const config: CacheHierarchyInput = {
      levels: [
        { name: "L1", sets: 4, ways: 2, lineBytes: 32 },
        { name: "L2", sets: 8, ways: 2, lineBytes: 64 },
      ],
    };
    const addresses = new Float64Array(5000);
    const stores = new Uint8Array(5000);
    const bytes = new Uint32Array(5000);
    let seed = 7;
    for (let i = 0; i < addresses.length; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      // Runs of sequential accesses with jumps, so the same-line fast path and misses both occur.
      addresses[i] = seed % 5 === 0 ? seed % 4096 : (addresses[i - 1] ?? 0) + 4;
      stores[i] = seed % 7 === 0 ? 1 : 0;
      bytes[i] = 1 + (seed % 8);
    }
    const oneByOne = new CacheHierarchy(config);
    for (let i = 0; i < addresses.length; i++) {
      if (stores[i]) oneByOne.store(addresses[i]!, bytes[i]);
      else oneByOne.load(addresses[i]!, bytes[i]);
    }
    const batched = new CacheHierarchy(config).run({ addresses, stores, bytes });
    expect(batched.flush().stats()).toEqual(oneByOne.flush().stats());
  });

  it("rejects a bad address or size, naming its index, before simulating any of the trace", () => {
    const sim = new CacheHierarchy(oneSet(2));
    expect(() => sim.run({ addresses: [0, 64, -8] })).toThrow(
      "access 2: address -8 is not an integer",
    );
    expect(() => sim.run({ addresses: [0, 1.5] })).toThrow("access 1: address 1.5");
    expect(() => sim.run({ addresses: [0, 1.5], bytes: [8, 8] })).toThrow("access 1: address 1.5");
    expect(() => sim.run({ addresses: [2 ** 53] })).toThrow("use a BigUint64Array beyond 2^53");
    expect(() => sim.run({ addresses: [0, 8], bytes: [8, 0] })).toThrow("access 1: size 0");
    expect(() => sim.run({ addresses: [0, 8], stores: [1] })).toThrow("stores has 1 entries for 2");
    expect(sim.stats().L1!.LOAD_count).toBe(0);
  });
});

describe("CacheHierarchy: 64-bit addresses", () => {
  const top = 2n ** 64n;

  it("keeps lines that differ only above bit 32 (and above 2^53) apart", () => {
    const sim = new CacheHierarchy({ levels: [{ name: "L1", sets: 1, ways: 1, lineBytes: 64 }] });
    const low = 0x1000n;
    const high = 0x8000_0000_0000_1000n;
    const stats = sim
      .load(low)
      .load(high)
      .load(low)
      .load(low + 8n)
      .stats();
    expect(stats.L1).toMatchObject({ MISS_count: 3, HIT_count: 1 });
  });

  it("simulates the last line below 2^64, and refuses accesses that run past it", () => {
    const sim = new CacheHierarchy(oneSet(2));
    sim.load(top - 64n, 64).store(top - 1n, 1);
    expect(sim.stats().L1).toMatchObject({ MISS_count: 1, HIT_count: 1 });
    expect(() => sim.load(top - 8n, 16)).toThrow("run past the 64-bit address space");
    expect(() => sim.load(top)).toThrow("outside 0 .. 2^64-1");
  });

  it("splits a load across a 2^32 boundary", () => {
    const stats = new CacheHierarchy(oneSet(4))
      .load(2n ** 32n - 8n, 16)
      .load(2n ** 32n, 8)
      .stats();
    expect(stats.L1).toMatchObject({ MISS_count: 2, HIT_count: 1, MISS_byte: 16 });
  });

  it("maps high lines to sets by line number mod sets, also for non-power-of-two set counts", () => {
    const sets = 1000n;
    const lineOf = (address: bigint) => address / 64n;
    const base = 0xfedc_ba98_7654_3200n;
    const sameSet = base + 64n * sets; // line + 1000: same set, different line
    const nextSet = base + 64n; // line + 1: the next set
    expect(lineOf(sameSet) % sets).toBe(lineOf(base) % sets);
    const directMapped = { levels: [{ name: "L1", sets: 1000, ways: 1, lineBytes: 64 }] };
    const conflict = new CacheHierarchy(directMapped).load(base).load(sameSet).load(base).stats();
    expect(conflict.L1).toMatchObject({ MISS_count: 3, HIT_count: 0 });
    const apart = new CacheHierarchy(directMapped).load(base).load(nextSet).load(base).stats();
    expect(apart.L1).toMatchObject({ MISS_count: 2, HIT_count: 1 });
  });

  it("writes dirty high lines back to their own address", () => {
    const sim = new CacheHierarchy({
      levels: [
        { name: "L1", sets: 1, ways: 1, lineBytes: 64 },
        { name: "L2", sets: 1, ways: 2, lineBytes: 64 },
      ],
    });
    const high = 0xffff_ffff_ffff_ff00n;
    // The write-back of `high` (evicted by the load) must hit the copy L2 fetched for the store
    // miss: a store hit at L2 under hardware semantics.
    const stats = sim.store(high, 8).load(0n).stats();
    expect(stats.L2).toMatchObject({ STORE_count: 1, HIT_count: 1, MISS_count: 2 });
    expect(sim.flush().stats().L2).toMatchObject({ EVICT_count: 1 });
  });

  it("runs BigUint64Array traces like bigint accesses", () => {
    const addresses = new BigUint64Array([top - 64n, 0x1_0000_0040n, top - 64n, 0x40n]);
    const stores = new Uint8Array([1, 0, 0, 1]);
    const batched = new CacheHierarchy(oneSet(2)).run({ addresses, stores, bytes: 8 });
    const single = new CacheHierarchy(oneSet(2))
      .store(top - 64n, 8)
      .load(0x1_0000_0040n, 8)
      .load(top - 64n, 8)
      .store(0x40n, 8);
    expect(batched.flush().stats()).toEqual(single.flush().stats());
  });
});
