import { describe, expect, it } from "vitest";
import type { ReplacementPolicyName } from "../../../src/hwmodels/cache/cache-config.ts";
import { CacheHierarchy } from "../../../src/hwmodels/cache/cache-hierarchy.ts";
import { FifoPolicy } from "../../../src/hwmodels/cache/fifo-policy.ts";
import { PackedRecency } from "../../../src/hwmodels/cache/packed-recency.ts";
import { RandomPolicy, Xorshift32 } from "../../../src/hwmodels/cache/random-policy.ts";
import { RecencyList } from "../../../src/hwmodels/cache/recency-list.ts";
import { TreePlruPolicy } from "../../../src/hwmodels/cache/tree-plru-policy.ts";

/** Per-set words for a policy tested on its own. */
const ownWords = (sets: number, perSet: number) => ({
  words: new Int32Array(sets * perSet),
  stride: perSet,
  offset: 0,
});

/** Loads of whole lines (numbered) through one fully associative set; returns [hits, misses]. */
function replay(policy: ReplacementPolicyName, ways: number, lines: number[], seed = 1) {
  const sim = new CacheHierarchy({
    levels: [{ name: "L1", sets: 1, ways, lineBytes: 64, policy, seed }],
  });
  for (const line of lines) sim.load(line * 64);
  const { HIT_count, MISS_count } = sim.stats().L1!;
  return [HIT_count, MISS_count];
}

describe("replacement in a 2-way set, worked by hand", () => {
  // A B A C A B: LRU evicts B for C (A was reused), FIFO evicts A (placed first).
  const reuse = [0, 1, 0, 2, 0, 1];
  // A B C A B C: a cyclic sweep one line larger than the set.
  const sweep = [0, 1, 2, 0, 1, 2];

  it("LRU keeps the reused line: 2 hits of 6, and nothing of a sweep", () => {
    expect(replay("LRU", 2, reuse)).toEqual([2, 4]);
    expect(replay("LRU", 2, sweep)).toEqual([0, 6]);
  });

  it("FIFO evicts in placement order: 1 hit of 6, and nothing of a sweep", () => {
    expect(replay("FIFO", 2, reuse)).toEqual([1, 5]);
    expect(replay("FIFO", 2, sweep)).toEqual([0, 6]);
  });

  it("MRU evicts the line used last, which keeps part of a sweep: 2 hits of 6", () => {
    // Sweep: C evicts B -> {A,C}; A hits; B evicts A -> {B,C}; C hits.
    expect(replay("MRU", 2, sweep)).toEqual([2, 4]);
    // Reuse: C evicts A (just used) -> {B,C}; A evicts C -> {A,B}; B hits.
    expect(replay("MRU", 2, reuse)).toEqual([2, 4]);
  });
});

describe("tree PLRU", () => {
  it("differs from LRU where its tree says so (4 ways, worked by hand)", () => {
    // Fill ways 0..3 with lines 0..3 and touch line 0: the root points to ways 2-3, their node to
    // way 2, so line 4 replaces line 2, where LRU would replace line 1. Line 1 then hits.
    const lines = [0, 1, 2, 3, 0, 4, 1];
    expect(replay("PLRU", 4, lines)).toEqual([2, 5]);
    expect(replay("LRU", 4, lines)).toEqual([1, 6]);
  });

  it("keeps the tree bits of more than 33 ways across words", () => {
    // 64 ways: 63 bits in two words per set. Touching ways in order leaves way 0 as the victim
    // (every bit on its path points back to it), touching way 0 moves the victim to way 32.
    const policy = new TreePlruPolicy(64, ownWords(2, 2));
    for (let way = 0; way < 64; way++) policy.touch(1, way);
    expect(policy.victim(1)).toBe(0);
    policy.touch(1, 0);
    expect(policy.victim(1)).toBe(32);
    expect(policy.victim(0)).toBe(0);
  });

  it("is exact LRU for 2 ways", () => {
    let seed = 3;
    const lines = Array.from({ length: 2000 }, () => {
      seed = new Xorshift32(seed).next();
      return seed % 5;
    });
    expect(replay("PLRU", 2, lines)).toEqual(replay("LRU", 2, lines));
  });

  it("never picks the way touched last", () => {
    const ways = 8;
    const policy = new TreePlruPolicy(ways, ownWords(1, TreePlruPolicy.wordsPerSet(ways)));
    const random = new Xorshift32(11);
    for (let step = 0; step < 5000; step++) {
      const way = random.next() % ways;
      policy.touch(0, way);
      expect(policy.victim(0)).not.toBe(way);
    }
  });
});

describe("random replacement", () => {
  const sweep = Array.from({ length: 500 }, (_, i) => i % 5);

  it("is reproducible from its seed", () => {
    expect(replay("RANDOM", 4, sweep, 42)).toEqual(replay("RANDOM", 4, sweep, 42));
    const results = new Set(
      [1, 2, 3, 4, 5].map((seed) => String(replay("RANDOM", 4, sweep, seed))),
    );
    expect(results.size).toBeGreaterThan(1);
  });

  it("keeps part of a sweep that LRU and FIFO lose entirely", () => {
    const [hits] = replay("RANDOM", 4, sweep, 7);
    expect(replay("LRU", 4, sweep)[0]).toBe(0);
    expect(replay("FIFO", 4, sweep)[0]).toBe(0);
    expect(hits).toBeGreaterThan(100);
    expect(hits).toBeLessThan(495);
  });

  it("picks every way about equally often", () => {
    const policy = new RandomPolicy(4, 1234);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40000; i++) counts[policy.victim()]!++;
    for (const count of counts) expect(Math.abs(count - 10000)).toBeLessThan(500);
  });

  it("draws Marsaglia's xorshift32 sequence (13, 17, 5)", () => {
    // The recurrence in BigInt arithmetic, as an independent statement of it.
    let state = 2463534242n;
    const mask = 0xffffffffn;
    const generator = new Xorshift32(0);
    for (let i = 0; i < 100; i++) {
      state ^= (state << 13n) & mask;
      state ^= state >> 17n;
      state ^= (state << 5n) & mask;
      expect(generator.next()).toBe(Number(state));
    }
  });
});

describe("FIFO", () => {
  it("replaces ways round-robin and flushes newest first", () => {
    const policy = new FifoPolicy(4, ownWords(1, 1));
    expect([policy.victim(0), policy.victim(0)]).toEqual([0, 1]);
    const order = new Int32Array(4);
    policy.newestFirst(0, 4, order);
    expect([...order]).toEqual([1, 0, 3, 2]);
  });

  it("orders a filling set newest first", () => {
    const order = new Int32Array(4);
    new FifoPolicy(4, ownWords(1, 1)).newestFirst(0, 3, order);
    expect([...order.subarray(0, 3)]).toEqual([2, 1, 0]);
  });
});

describe("recency orders: packed nibbles and linked lists", () => {
  // A plain array, most recent first, as the reference.
  for (const ways of [1, 2, 3, 5, 8, 9, 12, 16]) {
    it(`agree with a move-to-front array for ${ways} ways`, () => {
      // Interleaved with other words, as in a level's set blocks.
      const packed = new PackedRecency(3, ways, {
        words: new Int32Array(3 * 5),
        stride: 5,
        offset: 2,
      });
      const list = new RecencyList(3, ways);
      const reference = [[], [], []] as number[][];
      const filled = [0, 0, 0];
      const random = new Xorshift32(ways);
      const out = new Int32Array(ways);
      for (let step = 0; step < 1000; step++) {
        const set = random.next() % 3;
        const order = reference[set]!;
        if (filled[set]! < ways || random.next() % 3 === 0) {
          // A fill: the next invalid way, or the least recently used one.
          const way = filled[set]! < ways ? filled[set]!++ : order[order.length - 1]!;
          expect(packed.leastRecent(set)).toBe(way);
          expect(list.leastRecent(set)).toBe(way);
          packed.moveLeastRecentToFront(set);
          list.moveLeastRecentToFront(set);
          const at = order.indexOf(way);
          if (at >= 0) order.splice(at, 1);
          order.unshift(way);
        } else {
          const way = order[random.next() % order.length]!;
          packed.moveToFront(set, way);
          list.moveToFront(set, way);
          order.splice(order.indexOf(way), 1);
          order.unshift(way);
        }
        packed.newestFirst(set, filled[set]!, out);
        expect([...out.subarray(0, filled[set]!)]).toEqual(order);
        list.newestFirst(set, filled[set]!, out);
        expect([...out.subarray(0, filled[set]!)]).toEqual(order);
        expect(packed.mostRecent(set)).toBe(order[0]);
      }
    });
  }
});
