import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runNotebook } from "../../src/engine/node/run-notebook.ts";
import { sweepInProcess } from "../../src/engine/stdlib/sweep-in-process.ts";
import { getPreset, parseTile, tiledGemmSeconds } from "../../src/hwmodels/index.ts";

const path = join(import.meta.dirname, "../fixtures/sweep-notebooks/sweep.md");

describe("the sweep builtin", () => {
  it("view(sweep(fn, points)) takes the model's results, in order, once the sweep is done", async () => {
    const run = await runNotebook(readFileSync(path, "utf8"), path, { overrides: { count: 3000 } });
    expect(run.cells.flatMap((cell) => cell.failures)).toEqual([]);
    const times = (run.values.get("times") as { value: number[] }).value;
    const hw = getPreset("h100-sxm");
    const problem = { M: 4096, N: 4096, K: 4096, dtype: "fp16" as const };
    const tiles = ["64x64x16/4x4", "128x64x32/8x4", "128x128x32/8x8", "64x128x32/4x8"].map(
      parseTile,
    );
    expect(times).toHaveLength(3000);
    expect(times.slice(0, 4)).toEqual(tiles.map((tile) => tiledGemmSeconds(problem, tile, hw)));
    expect((run.values.get("best") as { value: number }).value).toBe(Math.min(...times));
  });

  it("names an unknown model function, suggesting near ones", async () => {
    await expect(sweepInProcess("tiledGemmSecs", [[1]], () => {})).rejects.toThrow(
      /^sweep: codesign-notebook\/hwmodels has no function tiledGemmSecs \(did you mean .*tiledGemmSeconds.*\?\)$/,
    );
  });

  it("stops when its signal aborts", async () => {
    const controller = new AbortController();
    const hw = getPreset("a100-80gb-sxm");
    const points = Array.from({ length: 2_000_000 }, () => [
      { M: 64, N: 64, K: 64, dtype: "fp16" },
      parseTile("64x64x16/4x4"),
      hw,
    ]);
    const running = sweepInProcess(
      "tiledGemmSeconds",
      points,
      () => controller.abort(),
      controller.signal,
    );
    await expect(running).rejects.toThrow();
  });
});
