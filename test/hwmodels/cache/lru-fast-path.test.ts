// The LRU fast paths (generated code behind CacheHierarchy.run: WebAssembly, and JavaScript where
// WebAssembly cannot run) must count exactly what the general path counts: every test here runs
// the same accesses both ways (run() on a Float64Array through one fast path, checked to be the
// path run() took, and runBatch() on an AccessBatch, which always takes the general path) and
// compares every counter of every level, so a speed change that alters a count fails here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AccessBatch, type AccessTrace } from "../../../src/hwmodels/cache/access-trace.ts";
import type {
  CacheHierarchyInput,
  CacheLevelInput,
  CacheSemantics,
} from "../../../src/hwmodels/cache/cache-config.ts";
import { CacheHierarchy } from "../../../src/hwmodels/cache/cache-hierarchy.ts";
import { FAST_PATHS, type FastPathKind } from "../../../src/hwmodels/cache/fast-path.ts";
import type { CacheStats } from "../../../src/hwmodels/cache/level-stats.ts";
import { lruFastPathHandles } from "../../../src/hwmodels/cache/lru-fast-path.ts";
import { WASM_CHUNK } from "../../../src/hwmodels/cache/lru-wasm-layout.ts";
import { Xorshift32 } from "../../../src/hwmodels/cache/random-policy.ts";
import { TraceParser } from "../../../src/hwmodels/cache/trace-parser.ts";

interface NumberTrace {
  addresses: Float64Array;
  stores?: Uint8Array;
  bytes: number | Float64Array;
}

/** The general path: the same accesses as parsed records. */
function generalStats(config: CacheHierarchyInput, trace: NumberTrace, flush = true): CacheStats {
  const sim = new CacheHierarchy(config);
  const batch = new AccessBatch(64);
  trace.addresses.forEach((address, i) => {
    batch.push(
      trace.stores?.[i] ?? 0,
      Math.floor(address / 2 ** 32),
      address % 2 ** 32,
      typeof trace.bytes === "number" ? trace.bytes : trace.bytes[i]!,
    );
  });
  sim.runBatch(batch);
  return flush ? sim.flush().stats() : sim.stats();
}

/** A hierarchy whose run() may take only `path` (besides the general path). */
const simulator = (config: CacheHierarchyInput, path: FastPathKind) =>
  new CacheHierarchy(config, { fastPaths: [path] });

/** run() through `path`, which must be the path it took. */
function fastStats(
  path: FastPathKind,
  config: CacheHierarchyInput,
  trace: AccessTrace,
  flush = true,
): CacheStats {
  const sim = simulator(config, path).run(trace);
  expect(sim.lastRunPath, "the path run() took").toBe(path);
  return flush ? sim.flush().stats() : sim.stats();
}

const handled = lruFastPathHandles;

type Pattern = "random" | "sequential" | "strided" | "straddling" | "mixed sizes" | "high lines";

/** `count` accesses of a pattern; a store with probability 1/storeEvery (0: loads only). */
function trace(pattern: Pattern, count: number, storeEvery: number, seed: number): NumberTrace {
  const random = new Xorshift32(seed);
  const addresses = new Float64Array(count);
  const sizes = new Float64Array(count).fill(8);
  for (let i = 0; i < count; i++) {
    switch (pattern) {
      case "random":
        addresses[i] = (random.next() % 8192) * 8;
        break;
      case "sequential":
        addresses[i] = i * 8;
        break;
      case "strided":
        addresses[i] = ((i * 4160) % (1 << 20)) + (i % 4) * 8;
        break;
      case "straddling":
        // 16-byte accesses at every 8-byte offset: one in eight spans two 64-byte lines.
        addresses[i] = (random.next() % 4096) * 8;
        sizes[i] = 16;
        break;
      case "mixed sizes":
        addresses[i] = random.next() % 32768;
        sizes[i] = [1, 2, 4, 8, 16, 64, 100][random.next() % 7]!;
        break;
      case "high lines":
        // Lines that differ only above bit 32 of the line number, and addresses near 2^53.
        addresses[i] = (random.next() % 4) * 2 ** 44 + (random.next() % 2048) * 8;
        if (i % 7 === 0) addresses[i] = 2 ** 53 - 64 + (random.next() % 8) * 8;
        break;
    }
  }
  const stores =
    storeEvery > 0
      ? Uint8Array.from({ length: count }, () => (random.next() % storeEvery === 0 ? 1 : 0))
      : undefined;
  const uniform = sizes.every((size) => size === sizes[0]);
  return { addresses, stores, bytes: uniform ? sizes[0]! : sizes };
}

const level = (name: string, sets: number, ways: number, lineBytes: number, wt = false) =>
  ({
    name,
    sets,
    ways,
    lineBytes,
    writePolicy: wt ? "write-through" : "write-back",
  }) satisfies CacheLevelInput;

/** Shapes the fast path handles: 1 to 3 levels, 1 to 16 ways, line sizes that grow. */
const shapes: Array<[string, CacheLevelInput[]]> = [
  ["the issue's 2-level hierarchy", [level("L1", 64, 8, 64), level("L2", 1024, 16, 64)]],
  ["a direct-mapped level", [level("L1", 512, 1, 64)]],
  ["one set (fully associative), 16 ways", [level("L1", 1, 16, 64)]],
  [
    "3 levels of 32-, 64- and 128-byte lines, odd way counts",
    [level("L1", 8, 3, 32), level("L2", 16, 5, 64), level("L3", 32, 12, 128)],
  ],
  [
    "a write-through first level over a write-back one",
    [level("L1", 16, 4, 64, true), level("L2", 64, 9, 64)],
  ],
  [
    "two write-through levels over a write-back one",
    [level("L1", 4, 2, 16, true), level("L2", 8, 4, 32, true), level("L3", 16, 8, 256)],
  ],
];

const patterns: Pattern[] = [
  "random",
  "sequential",
  "strided",
  "straddling",
  "mixed sizes",
  "high lines",
];

for (const path of FAST_PATHS) {
  describe(`${path} fast path: the same counts as the general path`, () => {
    for (const [name, levels] of shapes) {
      for (const semantics of ["hardware", "pycachesim"] satisfies CacheSemantics[]) {
        it(`${name}, ${semantics} semantics, every pattern, loads only and with stores`, () => {
          const config = { levels, semantics };
          expect(handled(config)).toBe(true);
          patterns.forEach((pattern, seed) => {
            for (const storeEvery of [0, 3]) {
              const accesses = trace(pattern, 6000, storeEvery, seed + 1);
              const context = `${pattern}, stores ${storeEvery ? `1 in ${storeEvery}` : "none"}`;
              expect(fastStats(path, config, accesses, false), context).toEqual(
                generalStats(config, accesses, false),
              );
              expect(fastStats(path, config, accesses), `${context}, flushed`).toEqual(
                generalStats(config, accesses),
              );
            }
          });
        });
      }
    }

    it("on random shapes and traces (400 cases, 1 to 4 levels)", () => {
      const random = new Xorshift32(2024);
      const pick = <T>(choices: readonly T[]): T => choices[random.next() % choices.length]!;
      for (let c = 0; c < 400; c++) {
        const levels: CacheLevelInput[] = [];
        let lineBytes = pick([2, 8, 32, 64]);
        const depth = 1 + (random.next() % 4);
        for (let k = 0; k < depth; k++) {
          lineBytes *= pick([1, 1, 2, 4]);
          levels.push(
            level(
              `L${k + 1}`,
              pick([1, 2, 4, 16, 64]),
              1 + (random.next() % 16),
              lineBytes,
              k < depth - 1 && random.next() % 3 === 0,
            ),
          );
        }
        const config = { levels, semantics: pick(["hardware", "pycachesim"] as const) };
        const accesses = trace(pick(patterns), 1 + (random.next() % 1500), pick([0, 2, 5]), c);
        expect(handled(config)).toBe(true);
        expect(fastStats(path, config, accesses), JSON.stringify(config)).toEqual(
          generalStats(config, accesses),
        );
      }
    });

    it("resumes on the same state across runs, flushes, and single accesses", () => {
      const config = {
        levels: [level("L1", 4, 2, 64), level("L2", 16, 4, 128)],
        semantics: "hardware" as const,
      };
      const accesses = trace("random", 4000, 4, 9);
      const fast = simulator(config, path);
      const general = new CacheHierarchy(config);
      const parts = [0, 1, 700, 701, 2500, 4000];
      for (let p = 0; p + 1 < parts.length; p++) {
        const [from, to] = [parts[p]!, parts[p + 1]!];
        fast.run({
          addresses: accesses.addresses.subarray(from, to),
          stores: accesses.stores!.subarray(from, to),
          bytes: 8,
        });
        expect(fast.lastRunPath).toBe(path);
        for (let i = from; i < to; i++) {
          if (accesses.stores![i]) general.store(accesses.addresses[i]!, 8);
          else general.load(accesses.addresses[i]!, 8);
        }
        // A few accesses through the general path in between, on both simulators.
        for (const sim of [fast, general]) sim.load(64 * p, 8).store(64 * p + 1024, 4);
        if (p === 2) {
          fast.flush();
          general.flush();
        }
        expect(fast.stats(), `after part ${p}`).toEqual(general.stats());
      }
    });

    it("takes a per-access size array and a size larger than a line", () => {
      const config = { levels: [level("L1", 8, 4, 32), level("L2", 32, 8, 64)] };
      const accesses = trace("random", 3000, 3, 4);
      for (const bytes of [1, 32, 33, 200, Float64Array.from({ length: 3000 }, (_, i) => i % 70)]) {
        const sized = {
          ...accesses,
          bytes: typeof bytes === "number" ? bytes : bytes.map((b) => b + 1),
        };
        expect(fastStats(path, config, sized)).toEqual(generalStats(config, sized));
      }
    });

    it("traces longer than the WebAssembly path's chunk, with accesses spanning lines across it", () => {
      // 3.5 chunks: the kernel's chunks end mid-trace, and the straddling pattern stops the fast
      // path near chunk ends too (the general path takes those accesses, then the fast path
      // resumes in the chunk it already holds or copies the next).
      const config = {
        levels: [level("L1", 16, 4, 64), level("L2", 64, 8, 64, true), level("L3", 256, 16, 128)],
        semantics: "hardware" as const,
      };
      for (const pattern of ["random", "straddling", "mixed sizes"] as const) {
        const accesses = trace(pattern, 3.5 * WASM_CHUNK, 4, 17);
        expect(fastStats(path, config, accesses), pattern).toEqual(generalStats(config, accesses));
      }
    });

    it("reads addresses, stores and sizes from plain arrays and other typed arrays alike", () => {
      const config = { levels: [level("L1", 8, 4, 32), level("L2", 32, 8, 64)] };
      const accesses = trace("mixed sizes", 2 * WASM_CHUNK + 5, 3, 21);
      const sizes = accesses.bytes as Float64Array;
      // Only exactly 1 is a store: 2 and 1.5 are loads on every path.
      const stores = Array.from(accesses.stores!, (store, i) => (store ? 1 : [0, 2, 1.5][i % 3]!));
      const expected = generalStats(config, {
        ...accesses,
        stores: Uint8Array.from(stores, (x) => (x === 1 ? 1 : 0)),
      });
      const variants: Array<[string, AccessTrace]> = [
        ["number[] everywhere", { addresses: [...accesses.addresses], stores, bytes: [...sizes] }],
        [
          "Uint32Array sizes, Float64Array stores",
          {
            addresses: accesses.addresses,
            stores: Float64Array.from(stores),
            bytes: Uint32Array.from(sizes),
          },
        ],
      ];
      for (const [name, variant] of variants) {
        expect(fastStats(path, config, variant), name).toEqual(expected);
      }
    });
  });
}

describe("hierarchies the fast path does not handle", () => {
  const others: Array<[string, CacheLevelInput[]]> = [
    ["non-power-of-two sets", [level("L1", 48, 4, 64), level("L2", 1000, 8, 64)]],
    ["more than 16 ways", [level("L1", 4, 17, 64)]],
    ["a FIFO level", [level("L1", 16, 4, 64), { ...level("L2", 64, 8, 64), policy: "FIFO" }]],
    ["one set of 1-byte lines", [level("L1", 1, 4, 1)]],
  ];
  for (const [name, levels] of others) {
    it(`${name}: run() takes the general path and counts the same`, () => {
      const config = { levels };
      expect(handled(config)).toBe(false);
      for (const pattern of patterns) {
        const accesses = trace(pattern, 3000, 4, 7);
        const sim = new CacheHierarchy(config).run(accesses);
        expect(sim.lastRunPath).toBe("general");
        expect(sim.flush().stats(), pattern).toEqual(generalStats(config, accesses));
      }
    });
  }
});

describe("pycachesim reference cases through run()", () => {
  // The parity test replays the fixtures through the text parser (general path); here the same
  // traces go through run() from typed arrays, so the fast path is held to pycachesim's numbers.
  const fixtures = join(import.meta.dirname, "fixtures", "pycachesim");
  const index = JSON.parse(readFileSync(join(fixtures, "index.json"), "utf8")) as {
    cases: Array<{ id: string; file: string }>;
  };
  const cases = index.cases.flatMap(({ id, file }) =>
    FAST_PATHS.map((path) => ({ id, file, path })),
  );
  for (const { id, file, path } of cases) {
    it(`${id}, run() allowed the ${path} fast path: every counter equals pycachesim's`, () => {
      const reference = JSON.parse(readFileSync(join(fixtures, file), "utf8")) as {
        config: { levels: CacheLevelInput[] };
        trace: string;
        expected: CacheStats;
      };
      const addresses: number[] = [];
      const stores: number[] = [];
      const bytes: number[] = [];
      const parser = new TraceParser(
        (batch) => {
          for (let i = 0; i < batch.length; i++) {
            addresses.push(batch.hi[i]! * 2 ** 32 + batch.lo[i]!);
            stores.push(batch.kinds[i]!);
            bytes.push(batch.bytes[i]!);
          }
        },
        { format: "fixture" },
      );
      parser.push(readFileSync(join(fixtures, reference.trace)));
      parser.end();
      const config = { ...reference.config, semantics: "pycachesim" as const };
      const sim = simulator(config, path).run({
        addresses: Float64Array.from(addresses),
        stores,
        bytes,
      });
      expect(sim.lastRunPath).toBe(handled(config) ? path : "general");
      expect(sim.flush().stats()).toEqual(reference.expected);
    });
  }

  it("includes cases the fast path handles", () => {
    // v01 (stream triad), v02 (direct-mapped), v06 (straddling), v07 (ping-pong): all LRU with
    // power-of-two sets.
    const handledCases = index.cases.filter(({ file }) => {
      const { config } = JSON.parse(readFileSync(join(fixtures, file), "utf8")) as {
        config: CacheHierarchyInput;
      };
      return handled(config);
    });
    expect(handledCases.map(({ id }) => id.slice(0, 3))).toEqual(["v01", "v02", "v06", "v07"]);
  });
});

describe("empty ways", () => {
  it("never hit, even for the line number they hold (one set of 1-byte lines, line 2^64-1)", () => {
    // Empty ways of a one-set level hold line 2^64-1, which only 1-byte lines can reach.
    const last = 2n ** 64n - 1n;
    const sim = new CacheHierarchy({ levels: [level("L1", 1, 2, 1)] });
    sim.load(last).load(last).load(0).load(1).load(last);
    expect(sim.stats().L1).toMatchObject({ HIT_count: 1, MISS_count: 4 });
  });
});
