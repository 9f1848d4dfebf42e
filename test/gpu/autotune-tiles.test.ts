import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { autotuneTiles, candidateTiles } from "../../src/gpu/autotune-tiles.ts";
import { acquireDevice, type GpuContext, releaseDevice } from "../../src/gpu/device.ts";
import { assertTileRuns } from "../../src/gpu/kernels/matmul-tiled.ts";
import { parseTile } from "../../src/hwmodels/gemm-tile.ts";
import { QUICK } from "./quick-timing.ts";

let context: GpuContext;
beforeAll(async () => {
  context = await acquireDevice();
});
afterAll(releaseDevice);

describe("candidateTiles(context)", () => {
  it("offers only tiles this device can run, largest register blocks first", () => {
    const tiles = candidateTiles(context);
    expect(tiles.length).toBeGreaterThan(10);
    for (const tile of tiles)
      expect(() => assertTileRuns(tile, context.limits, "f32")).not.toThrow();
    const blocks = tiles.map((tile) => tile.TM * tile.TN);
    expect(blocks).toEqual([...blocks].sort((a, b) => b - a));
  });
});

describe("autotuneTiles(context, options)", () => {
  it("ranks the candidates it measured, fastest first, each verified", async () => {
    const candidates = ["16x16x4/4x4", "16x16x8/2x2", "32x16x4/4x4"].map(parseTile);
    const result = await autotuneTiles(context, { M: 40, N: 40, K: 24, candidates, timing: QUICK });
    expect(result.ranking.map((r) => r.tile).sort()).toEqual([
      "16x16x4/4x4",
      "16x16x8/2x2",
      "32x16x4/4x4",
    ]);
    const medians = result.ranking.map((r) => r.timing.summary.median);
    expect(medians).toEqual([...medians].sort((a, b) => a - b));
    expect(result.best).toBe(result.ranking[0]);
    expect(result.untried).toEqual([]);
  });

  it("stops starting candidates once its budget is spent", async () => {
    const candidates = ["16x16x4/4x4", "16x16x8/2x2"].map(parseTile);
    const result = await autotuneTiles(context, {
      M: 16,
      N: 16,
      K: 16,
      candidates,
      budgetSeconds: 0,
      timing: QUICK,
    });
    expect(result.ranking).toHaveLength(1);
    expect(result.untried).toEqual(["16x16x8/2x2"]);
  });
});
