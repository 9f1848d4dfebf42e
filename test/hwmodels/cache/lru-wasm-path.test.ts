import { afterEach, describe, expect, it, vi } from "vitest";
import { parseCacheConfig } from "../../../src/hwmodels/cache/cache-config.ts";
import { CacheHierarchy } from "../../../src/hwmodels/cache/cache-hierarchy.ts";
import { levelStateWords } from "../../../src/hwmodels/cache/level-state.ts";
import { placeLevelStates } from "../../../src/hwmodels/cache/lru-wasm-path.ts";
import { Xorshift32 } from "../../../src/hwmodels/cache/random-policy.ts";

const issueHierarchy = {
  levels: [
    { name: "L1", sets: 64, ways: 8, lineBytes: 64 },
    { name: "L2", sets: 1024, ways: 16, lineBytes: 64 },
  ],
};

function randomTrace(count: number, seed: number) {
  const random = new Xorshift32(seed);
  return {
    addresses: Float64Array.from({ length: count }, () => (random.next() % 65536) * 8),
    stores: Uint8Array.from({ length: count }, () => (random.next() % 4 === 0 ? 1 : 0)),
    bytes: 8,
  };
}

describe("placeLevelStates", () => {
  it("puts every level's state in one WebAssembly memory, 16-byte aligned, without overlap", () => {
    const config = parseCacheConfig({
      levels: [...issueHierarchy.levels, { name: "L3", sets: 2048, ways: 12, lineBytes: 128 }],
    });
    const placed = placeLevelStates(config)!;
    expect(placed).not.toBeNull();
    let end = 0;
    placed.states.forEach((state, k) => {
      expect(state.memory.buffer).toBe(placed.memory.buffer);
      expect(state.memory.byteOffset % 16).toBe(0);
      expect(state.memory.byteOffset).toBeGreaterThanOrEqual(end);
      expect(state.memory.length).toBe(levelStateWords(config.levels[k]!));
      end = state.memory.byteOffset + state.memory.byteLength;
    });
    // The chunk buffers and counters lie before the states.
    expect(placed.layout.stores + 8192).toBeLessThanOrEqual(placed.states[0]!.memory.byteOffset);
    expect(end).toBeLessThanOrEqual(placed.memory.buffer.byteLength);
  });

  it("places nothing beyond a 32-bit memory (4 GiB), and asks again for the next hierarchy", () => {
    // Three levels of 2^26 one-way sets: 1.5 GiB of state each.
    const huge = ["A", "B", "C"].map((name) => ({ name, sets: 2 ** 26, ways: 1, lineBytes: 64 }));
    expect(placeLevelStates(parseCacheConfig({ levels: huge }))).toBeNull();
    expect(placeLevelStates(parseCacheConfig(issueHierarchy))).not.toBeNull();
  });

  it("places nothing for a hierarchy the fast paths do not handle", () => {
    const fifo = { levels: [{ name: "L1", sets: 64, ways: 8, lineBytes: 64, policy: "FIFO" }] };
    expect(placeLevelStates(parseCacheConfig(fifo))).toBeNull();
  });
});

describe("run() picks a path", () => {
  it("WebAssembly by default, generated JavaScript or the general path when asked", () => {
    const trace = randomTrace(5000, 3);
    const stats = (["wasm", "javascript", "general"] as const).map((path) => {
      const sim = new CacheHierarchy(issueHierarchy, {
        fastPaths: path === "general" ? [] : [path],
      }).run(trace);
      expect(sim.lastRunPath).toBe(path);
      return sim.flush().stats();
    });
    expect(stats[0]).toEqual(stats[2]);
    expect(stats[1]).toEqual(stats[2]);
    const sim = new CacheHierarchy(issueHierarchy);
    expect(sim.lastRunPath).toBeNull();
    expect(sim.run(trace).lastRunPath).toBe("wasm");
    expect(sim.run({ addresses: BigUint64Array.of(8n) }).lastRunPath).toBe("general");
  });
});

describe("where the engine refuses a WebAssembly memory", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("falls back to JavaScript, skips WebAssembly for the next 1000 hierarchies, then asks again", () => {
    const small = { levels: [{ name: "L1", sets: 2, ways: 2, lineBytes: 64 }] };
    const trace = randomTrace(100, 7);
    const allocate = vi.spyOn(WebAssembly, "Memory").mockImplementation(function refuse() {
      throw new RangeError("WebAssembly.Memory(): could not allocate memory");
    });
    const refused = new CacheHierarchy(small).run(trace);
    expect(refused.lastRunPath).toBe("javascript");
    expect(refused.stats()).toEqual(
      new CacheHierarchy(small, { fastPaths: [] }).run(trace).stats(),
    );
    for (let k = 0; k < 1000; k++) new CacheHierarchy(small);
    expect(allocate).toHaveBeenCalledTimes(1);
    allocate.mockRestore();
    expect(new CacheHierarchy(small).run(trace).lastRunPath).toBe("wasm");
  });
});

describe("where WebAssembly may not be compiled (a content security policy)", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("run() falls back to the JavaScript fast path, then to the general path, counting the same", () => {
    // A shape no other test here compiles (compiled modules are cached by shape).
    const config = {
      levels: [
        { name: "L1", sets: 8, ways: 5, lineBytes: 32 },
        { name: "L2", sets: 8, ways: 7, lineBytes: 64 },
      ],
    };
    const trace = randomTrace(4000, 5);
    const general = new CacheHierarchy(config, { fastPaths: [] }).run(trace).flush().stats();
    const compile = vi.spyOn(WebAssembly, "Module").mockImplementation(function refuse() {
      throw new WebAssembly.CompileError("WebAssembly.Module(): Wasm code generation disallowed");
    });
    const preferred = new CacheHierarchy(config).run(trace);
    expect(compile).toHaveBeenCalled();
    expect(preferred.lastRunPath).toBe("javascript");
    expect(preferred.flush().stats()).toEqual(general);
    const wasmOnly = new CacheHierarchy(config, { fastPaths: ["wasm"] }).run(trace);
    expect(wasmOnly.lastRunPath).toBe("general");
    expect(wasmOnly.flush().stats()).toEqual(general);
  });
});
