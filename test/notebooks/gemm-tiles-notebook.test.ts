import { describe, expect, it } from "vitest";
import { formatTile, parseTile } from "../../src/hwmodels/gemm-tile.ts";
import { parseHardwareSpec } from "../../src/hwmodels/hardware-spec.ts";
import { getPreset } from "../../src/hwmodels/presets.ts";
import { searchTiles } from "../../src/hwmodels/tile-search.ts";
import { tiledGemm } from "../../src/hwmodels/tiled-gemm.ts";
import { NO_WEBGPU, runNotebook, runNotebookWithEnv } from "./run-notebook.ts";

interface TileCell {
  tile: string;
  status: string;
  seconds?: number;
  dramBytes?: number;
  resident?: number;
  why?: string;
}
interface Run {
  tile: string;
  shape: string;
  seconds: number;
  flopsPerSecond: number;
  verified: number;
  source: string;
}

/** Every cell of the heatmap must be the model's answer for that tile. */
function expectTileMapFromModel(
  tileMap: TileCell[],
  problem: Parameters<typeof tiledGemm>[0],
  hw: ReturnType<typeof getPreset>,
) {
  expect(tileMap).toHaveLength(625);
  for (const cell of tileMap) {
    const tile = parseTile(cell.tile);
    let expected: ReturnType<typeof tiledGemm> | undefined;
    try {
      expected = tiledGemm(problem, tile, hw);
    } catch {
      expected = undefined;
    }
    if (!expected) {
      expect(cell.status).toBe("does not fit");
      continue;
    }
    expect(cell).toMatchObject({
      status: "fits",
      seconds: expected.seconds,
      dramBytes: expected.dramBytes,
      resident: expected.occupancy.workgroupsPerUnit,
    });
  }
}

// A run with WebGPU on SwiftShader takes 5 to 25 s on a loaded 2-core machine: the GPU cases get
// more time than vitest's default.
describe("notebooks/gemm-tiles.md, headless", () => {
  it("maps the tile space with the model and measures the picked tile and a survey here", () => {
    const { status, values, failed } = runNotebook("gemm-tiles.md");
    expect(failed).toEqual([]);
    expect(status).toBe(0);
    const problem = { M: 256, N: 256, K: 256, dtype: "fp32" as const };
    const a100 = getPreset("a100-80gb-sxm");
    expect(values).toMatchObject({
      problem,
      hardwareId: "a100-80gb-sxm",
      pickedTile: "32x64x8/4x8",
    });
    const search = searchTiles(problem, a100, { top: 5 });
    expect((values.search as { best: { tileText: string; seconds: number } }).best).toMatchObject({
      tileText: search.best.tileText,
      seconds: search.best.seconds,
    });
    const tileMap = values.tileMap as TileCell[];
    expectTileMapFromModel(tileMap, problem, a100);
    const fitting = tileMap.filter((cell) => cell.status === "fits");
    const fastest = Math.min(...fitting.map((cell) => cell.seconds!));
    expect((values.bestInView as TileCell).seconds).toBe(fastest);

    // Measured: the picked tile and the survey, each verified, kept once per tile.
    const picked = values.pickedRun as Run;
    expect(picked).toMatchObject({
      tile: "32x64x8/4x8",
      shape: "256×256×256 fp32",
      verified: 65536,
    });
    expect((values.surveyRuns as Run[]).map((run) => run.tile).sort()).toEqual([
      "16x16x8/2x2",
      "32x32x8/4x4",
      "32x64x8/4x8",
    ]);
    const tried = values.tried as Run[];
    expect(tried.map((run) => run.tile).sort()).toEqual([
      "16x16x8/2x2",
      "32x32x8/4x4",
      "32x64x8/4x8",
    ]);
    // The picked run is the newer of the two runs of its tile.
    expect(tried.find((run) => run.tile === "32x64x8/4x8")).toEqual(picked);

    // Measured against predicted: the model on this machine's measured spec, and on the A100.
    const here = parseHardwareSpec(values.measuredSpec);
    const rows = values.triedRows as Array<{
      tile: string;
      measuredSeconds: number;
      predictedHereSeconds: number;
      predictedOnHardwareSeconds: number;
    }>;
    expect(rows.map((row) => row.measuredSeconds)).toEqual(
      [...rows.map((row) => row.measuredSeconds)].sort((a, b) => a - b),
    );
    for (const row of rows) {
      expect(row.predictedHereSeconds).toBe(tiledGemm(problem, parseTile(row.tile), here).seconds);
      expect(row.predictedOnHardwareSeconds).toBe(
        tiledGemm(problem, parseTile(row.tile), a100).seconds,
      );
    }
    expect(values.verdict).toMatch(
      new RegExp(`^Best by measurement here: ${rows[0]!.tile.replace(/\//g, "\\/")} at`),
    );
    expect(values.verdict).toContain(
      `the model's best for this machine is ${searchTiles(problem, here, { top: 1 }).best.tileText}`,
    );
  }, 120_000);

  it("follows the inputs without WebGPU: another machine, K slice, stages and tile", () => {
    const { status, values, failed, notices } = runNotebookWithEnv(
      NO_WEBGPU,
      "gemm-tiles.md",
      "hardwareId=h100-sxm",
      "M=1024",
      "precision=fp16",
      "BK=32",
      "stages=2",
      "workgroupTile=128×128",
      "threadTile=8×8",
      "metric=occupancy",
    );
    expect(failed).toEqual([]);
    expect(status).toBe(0);
    expect(notices.join(" ")).toMatch(/WebGPU is not available/);
    const problem = { M: 1024, N: 256, K: 256, dtype: "fp16" as const };
    const h100 = getPreset("h100-sxm");
    expectTileMapFromModel(values.tileMap as TileCell[], problem, h100);
    expect((values.tileMap as TileCell[]).every((cell) => cell.tile.includes("x32/"))).toBe(true);
    expect(values.pickedTile).toBe(
      formatTile({ BM: 128, BN: 128, BK: 32, TM: 8, TN: 8, stages: 2 }),
    );
    expect(values).toMatchObject({
      measuredSpec: null,
      pickedRun: null,
      surveyRuns: null,
      tried: [],
    });
    expect(values.pickedText).toMatch(/^No WebGPU here, so nothing runs/);
    expect(values.verdict).toBe("Nothing measured: no WebGPU on this page.");
    expect((values.search as { best: { tileText: string } }).best.tileText).toBe(
      searchTiles(problem, h100).best.tileText,
    );
  });

  it("says when this device cannot run the picked tile, and keeps it out of the table", () => {
    const { status, values, failed } = runNotebook(
      "gemm-tiles.md",
      "workgroupTile=256×256",
      "threadTile=1×1",
    );
    expect(failed).toEqual([]);
    expect(status).toBe(0);
    expect(values.pickedRun).toEqual({
      tile: "256x256x8/1x1",
      shape: "256×256×256 fp32",
      cannotRun: expect.stringMatching(/65536 invocations/),
    });
    expect(values.pickedText).toMatch(/^256x256x8\/1x1 cannot run on this device: /);
    expect((values.tried as Run[]).map((run) => run.tile)).not.toContain("256x256x8/1x1");
  }, 120_000);
});
