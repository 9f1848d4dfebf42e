import { describe, expect, it } from "vitest";
import { formatTile } from "../../src/hwmodels/gemm-tile.ts";
import { getPreset } from "../../src/hwmodels/presets.ts";
import {
  DEFAULT_TILE_SPACE,
  enumerateTiles,
  searchTiles,
  type TileSpace,
} from "../../src/hwmodels/tile-search.ts";
import { tiledGemm } from "../../src/hwmodels/tiled-gemm.ts";
import { ValidationError } from "../../src/hwmodels/validation.ts";

const a100 = getPreset("a100-80gb-sxm");
const smallSpace: TileSpace = {
  BM: [32, 64, 128],
  BN: [64, 128, 256],
  BK: [16, 32],
  TM: [4, 8],
  TN: [4, 8, 16],
  stages: [1, 3],
};

describe("enumerateTiles(space)", () => {
  it("yields every combination whose thread tile divides the workgroup tile", () => {
    expect(enumerateTiles(DEFAULT_TILE_SPACE)).toHaveLength(
      // TM in {1..16} divides BM in {16..256} always; likewise TN: the full product.
      5 * 5 * 4 * 5 * 5 * 4,
    );
    expect(enumerateTiles({ ...smallSpace, BM: [8], TM: [16] })).toEqual([]);
  });
});

describe("searchTiles(problem, hw)", () => {
  it("finds the tile tiledGemm rates fastest, checked by brute force", () => {
    for (const problem of [
      { M: 4096, N: 4096, K: 4096, dtype: "fp16" as const },
      { M: 64, N: 12288, K: 12288, dtype: "fp16" as const },
      { M: 1000, N: 300, K: 5000, dtype: "fp16" as const },
    ]) {
      const search = searchTiles(problem, a100, { space: smallSpace, top: 5 });
      const brute = enumerateTiles(smallSpace)
        .flatMap((tile) => {
          try {
            return [tiledGemm(problem, tile, a100).seconds];
          } catch {
            return [];
          }
        })
        .sort((a, b) => a - b);
      expect(search.feasible).toBe(brute.length);
      expect(search.ranked.map((entry) => entry.seconds)).toEqual(brute.slice(0, 5));
      expect(search.best.seconds).toBe(brute[0]);
    }
  });

  it("accounts for every candidate: feasible plus rejected", () => {
    const search = searchTiles({ M: 2048, N: 2048, K: 2048, dtype: "fp16" }, a100);
    const rejected = search.rejected.reduce((sum, group) => sum + group.count, 0);
    expect(search.feasible + rejected).toBe(search.candidates);
    expect(search.candidates).toBe(enumerateTiles().length);
    const kinds = search.rejected.map((group) => group.kind).sort();
    expect(kinds).toEqual([
      "does not fit one unit",
      "matrix-unit K step",
      "matrix-unit subgroup tile",
      "registers per thread",
      "shared memory per workgroup",
      "threads per workgroup",
    ]);
  });

  it("ranks best first, each with a reason against the best", () => {
    const search = searchTiles({ M: 256, N: 12288, K: 12288, dtype: "fp16" }, a100, {
      space: smallSpace,
      top: 40,
    });
    const seconds = search.ranked.map((entry) => entry.seconds);
    expect(seconds).toEqual([...seconds].sort((a, b) => a - b));
    expect(search.ranked[0]!.reason).toMatch(/^fastest: compute-bound/);
    expect(search.ranked[0]!.tileText).toBe(formatTile(search.best.tile));
    const loser = search.ranked.find((entry) => entry.slowdown > 1.05)!;
    expect(loser.reason).toMatch(
      new RegExp(
        `^${loser.slowdown.toFixed(2)}x the time of ${search.best.tileText.replace(/[/@]/g, "\\$&")}`,
      ),
    );
  });

  it("explains a loss by wave quantization", () => {
    // 1536 x 1536 in 128 x 128 tiles: 144 tiles, so the busiest of 108 SMs runs 2 (efficiency
    // 144 / 216); in 64 x 128 tiles: 288 tiles, 3 on the busiest (288 / 324).
    const search = searchTiles({ M: 1536, N: 1536, K: 4096, dtype: "fp16" }, a100, {
      space: { BM: [64, 128], BN: [128], BK: [32], TM: [8], TN: [16], stages: [3] },
    });
    expect(search.best.tileText).toBe("64x128x32/8x16@3");
    expect(search.ranked[1]!.tileText).toBe("128x128x32/8x16@3");
    expect(search.ranked[1]!.reason).toMatch(
      /^1\.33x the time of 64x128x32\/8x16@3 .*: both compute-bound; wave efficiency 0\.67 vs 0\.89/,
    );
  });

  it("refuses a space where nothing fits, saying why", () => {
    const space = { BM: [256], BN: [256], BK: [64], TM: [1], TN: [1], stages: [4] };
    let error: unknown;
    try {
      searchTiles({ M: 512, N: 512, K: 512, dtype: "fp16" }, a100, { space });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(
      "1 tiles: 256x256x64/1x1@4: 65536 threads exceed the 1024",
    );
  });

  it("searches every preset, including those without a clock or matrix units", () => {
    for (const id of ["b200", "apple-m1-max", "mi300x", "rtx-4090", "h200"]) {
      const hw = getPreset(id);
      const dtype = id === "apple-m1-max" ? "fp32" : "fp16";
      const search = searchTiles({ M: 4096, N: 4096, K: 4096, dtype }, hw, { top: 1 });
      expect(search.best.seconds, id).toBeGreaterThan(0);
      expect(search.best.fractionOfPeak, id).toBeLessThanOrEqual(1);
    }
  });
});
