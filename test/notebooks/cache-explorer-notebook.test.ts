import { describe, expect, it } from "vitest";
import type { AccessTrace } from "../../src/hwmodels/cache/access-trace.ts";
import type { CacheLevelInput } from "../../src/hwmodels/cache/cache-config.ts";
import { CacheHierarchy } from "../../src/hwmodels/cache/cache-hierarchy.ts";
import { stackDistanceProfile } from "../../src/hwmodels/cache/stack-distance-profiler.ts";
import { stencilTrace } from "../../src/hwmodels/cache/stencil-trace.ts";
import { streamTrace } from "../../src/hwmodels/cache/stream-trace.ts";
import { tiledGemmTrace } from "../../src/hwmodels/cache/tiled-gemm-trace.ts";
import { collectTrace } from "../../src/hwmodels/cache/trace-chunks.ts";
import { parseTile } from "../../src/hwmodels/gemm-tile.ts";
import { runNotebook } from "./run-notebook.ts";

const run = (...sets: string[]) => runNotebook("cache-explorer.md", ...sets);

interface SizeRow {
  bytes: number;
  fullyAssociative: number;
  fullySimulated: number | null;
  fullySimulatedMisses: number | null;
  stackDistanceMisses: number;
  estimate: number;
  simulatedRatio: number;
}

interface LevelRow {
  level: string;
  hits: number;
  misses: number;
}

/** Misses per lookup of one level of `levels` on `trace`, simulated here, apart from the notebook. */
function simulate(trace: AccessTrace, levels: CacheLevelInput[]) {
  return new CacheHierarchy({ levels }).run(trace).flush().stats();
}

describe("notebooks/cache-explorer.md, headless", () => {
  it("runs every cell; its curve, points and hierarchy are the models' for a 64³ tiled GEMM", () => {
    const { status, values, failed } = run();
    expect(failed).toEqual([]);
    expect(status).toBe(0);
    expect(values).toMatchObject({
      source: "tiled GEMM",
      gemmSize: 64,
      tile: "16x16x16/4x4",
      cacheBytes: 8192,
      ways: 4,
      lineBytes: 64,
      policy: "LRU",
      l2Bytes: 32768,
      l3Bytes: 131072,
    });
    const trace = collectTrace(
      tiledGemmTrace({ M: 64, N: 64, K: 64, tile: parseTile("16x16x16/4x4") }),
    );
    const profile = stackDistanceProfile(trace, 64);
    expect(values.references).toBe(profile.references);
    expect(values.footprintBytes).toBe(profile.distinctLines * 64);

    // Every power of two from one line to twice the footprint (96 KiB), with the models' answers.
    const rows = values.sizeRows as SizeRow[];
    expect(rows.map((row) => row.bytes)).toEqual(Array.from({ length: 12 }, (_, i) => 64 * 2 ** i));
    for (const row of rows) {
      const lines = row.bytes / 64;
      const ways = Math.min(4, lines);
      expect(row.fullyAssociative).toBe(
        profile.missRatio({ sets: 1, ways: lines, lineBytes: 64 }).missRatio,
      );
      expect(row.estimate).toBe(
        profile.missRatio({ sets: lines / ways, ways, lineBytes: 64 }).missRatio,
      );
      const stats = simulate(trace, [{ name: "c", sets: lines / ways, ways, lineBytes: 64 }]).c!;
      expect(row.simulatedRatio).toBe(stats.MISS_count / (stats.HIT_count + stats.MISS_count));
      // The simulator at full associativity lands on the stack-distance curve, miss for miss.
      expect(row.fullySimulatedMisses).toBe(profile.missesAt(lines));
    }
    expect(values.fullyAssociativeMismatches).toBe(0);
    // Conflicts: A, B and C start on 32 KiB boundaries, so 8 KiB of 4 ways misses 5x more than
    // a fully associative cache of that size.
    const chosen = values.chosenRow as SizeRow;
    expect(chosen.bytes).toBe(8192);
    expect(chosen.simulatedRatio).toBeGreaterThan(4 * chosen.fullyAssociative);

    const stats = simulate(trace, [
      { name: "L1", sets: 32, ways: 4, lineBytes: 64, policy: "LRU" },
      { name: "L2", sets: 64, ways: 8, lineBytes: 64 },
      { name: "L3", sets: 128, ways: 16, lineBytes: 64 },
    ]);
    expect(
      (values.perLevel as LevelRow[]).map(({ level, hits, misses }) => ({ level, hits, misses })),
    ).toEqual(
      ["L1", "L2", "L3"].map((level) => ({
        level,
        hits: stats[level]!.HIT_count,
        misses: stats[level]!.MISS_count,
      })),
    );
  });

  it("re-runs on a stencil with a fully associative FIFO cache of 32-byte lines and no L3", () => {
    const { status, values, failed } = run(
      "source=stencil",
      "stencil=3d7",
      "gridPoints=4096",
      "ways=full",
      "policy=FIFO",
      "lineBytes=32",
      "cacheBytes=4096",
      "l3Bytes=0",
    );
    expect(failed).toEqual([]);
    expect(status).toBe(0);
    // 4096 points as a 16 x 16 x 16 grid, two sweeps (the default).
    const trace = collectTrace(stencilTrace({ shape: [16, 16, 16], stencil: "3d7", sweeps: 2 }));
    const profile = stackDistanceProfile(trace, 32);
    expect(values.references).toBe(profile.references);
    const fifo = simulate(trace, [{ name: "c", sets: 1, ways: 128, lineBytes: 32, policy: "FIFO" }])
      .c!;
    expect((values.chosenRow as SizeRow).simulatedRatio).toBe(
      fifo.MISS_count / (fifo.HIT_count + fifo.MISS_count),
    );
    expect((values.perLevel as LevelRow[]).map((row) => row.level)).toEqual(["L1", "L2"]);
  });

  it("re-runs on STREAM triad: every line is fetched once when the hierarchy holds the arrays", () => {
    const { status, values, failed } = run("source=STREAM", "l3Bytes=131072");
    expect(failed).toEqual([]);
    expect(status).toBe(0);
    const trace = collectTrace(streamTrace({ kernel: "triad", elements: 4096, sweeps: 2 }));
    expect(values.references).toBe(stackDistanceProfile(trace, 64).references);
    // Three 32 KiB arrays fit the 128 KiB L3: the second sweep hits there.
    const stats = values.hierarchyStats as Record<string, { LOAD_count: number }>;
    expect(stats.MEM!.LOAD_count).toBe((3 * 4096 * 8) / 64);
  });
});
