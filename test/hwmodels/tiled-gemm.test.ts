import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compulsoryBytes, type GemmProblem } from "../../src/hwmodels/gemm-problem.ts";
import { parseTile } from "../../src/hwmodels/gemm-tile.ts";
import { type HardwareSpec, parseHardwareSpec } from "../../src/hwmodels/hardware-spec.ts";
import { getPreset } from "../../src/hwmodels/presets.ts";
import { enumerateTiles } from "../../src/hwmodels/tile-search.ts";
import {
  type TiledGemmOptions,
  tiledGemm,
  tiledGemmSeconds,
} from "../../src/hwmodels/tiled-gemm.ts";
import { ValidationError } from "../../src/hwmodels/validation.ts";
import { validationIssues } from "./validation-issues.ts";

const a100 = getPreset("a100-80gb-sxm");
const a100Peak = 2048 * 108 * 1.41e9; // fp16 matrix, FLOP/s
const tile128 = parseTile("128x128x32/8x8@4"); // 2 resident per SM on A100 (registers)

describe("tiledGemm(problem, tile, hw)", () => {
  it("runs a full last wave at the peak: 216 tiles on 108 SMs x 2", () => {
    const result = tiledGemm({ M: 128 * 12, N: 128 * 18, K: 4096, dtype: "fp16" }, tile128, a100);
    expect(result.tiles).toBe(216);
    expect(result.waves).toBe(1);
    expect(result.waveEfficiency).toBe(1);
    expect(result.times.computeSeconds).toBeCloseTo(result.executedFlops / a100Peak, 15);
    expect(result.bound).toBe("compute");
    expect(result.fractionOfPeak).toBeCloseTo(1, 12);
  });

  it("quantizes a ragged wave: 217 tiles make the busiest SM run 3 tiles instead of 2", () => {
    const result = tiledGemm({ M: 128 * 7, N: 128 * 31, K: 4096, dtype: "fp16" }, tile128, a100);
    expect(result.tiles).toBe(217);
    expect(result.waves).toBe(2);
    expect(result.waveEfficiency).toBeCloseTo(217 / (108 * 3), 12);
    const tileSeconds = (2 * 128 * 128 * 4096) / (a100Peak / 108);
    expect(result.times.computeSeconds).toBeCloseTo(3 * tileSeconds, 15);
    expect(result.reason).toContain(
      "2 waves of 216, wave efficiency 0.67, 2 resident per unit, limited by registers",
    );
  });

  it("pads ragged edges: executed flops cover whole tiles and K steps", () => {
    const result = tiledGemm({ M: 130, N: 129, K: 33, dtype: "fp16" }, tile128, a100);
    expect([result.tilesM, result.tilesN, result.kSteps]).toEqual([2, 2, 2]);
    expect(result.executedFlops).toBe(4 * 2 * 128 * 128 * 64);
    expect(result.paddingEfficiency).toBeCloseTo(
      (2 * 130 * 129 * 33) / (4 * 2 * 128 * 128 * 64),
      12,
    );
  });

  it("puts a skinny GEMM on device memory and names the traffic", () => {
    const problem = { M: 64, N: 12288, K: 12288, dtype: "fp16" as const };
    const result = tiledGemm(problem, parseTile("64x128x32/4x8@3"), a100);
    expect(result.bound).toBe("HBM2e");
    expect(result.dramBytes).toBe(compulsoryBytes(problem));
    expect(result.seconds).toBeCloseTo(compulsoryBytes(problem) / 2.039e12, 12);
    expect(result.reason).toMatch(
      /^memory-bound on HBM2e: 30[0-9.]+ MB \(1\.00x compulsory\) at 2\.04 TB\/s/,
    );
  });

  it("serializes loads and compute with one stage and one resident workgroup", () => {
    const problem = { M: 4096, N: 4096, K: 4096, dtype: "fp16" as const };
    const single = tiledGemm(problem, parseTile("128x256x32/8x16"), a100);
    expect(single.occupancy.workgroupsPerUnit).toBe(1);
    expect(single.times.overlapped).toBe(false);
    const memory = Math.max(
      single.times.sharedSeconds!,
      ...single.times.levels.map((level) => level.seconds ?? 0),
    );
    expect(single.seconds).toBeCloseTo(single.times.computeSeconds + memory, 15);
    const piped = tiledGemm(problem, parseTile("128x256x32/8x16@2"), a100);
    expect(piped.times.overlapped).toBe(true);
    expect(piped.seconds).toBeCloseTo(Math.max(piped.times.computeSeconds, memory), 15);
  });

  it("keeps every feasible tile's traffic above the I/O lower bounds", () => {
    const tiles = enumerateTiles().filter((_, i) => i % 7 === 0);
    let checked = 0;
    for (const problem of [
      { M: 4096, N: 4096, K: 4096, dtype: "fp16" as const },
      { M: 333, N: 12288, K: 777, dtype: "fp16" as const },
      { M: 20000, N: 64, K: 20000, dtype: "fp16" as const },
    ]) {
      for (const tile of tiles) {
        let result: ReturnType<typeof tiledGemm>;
        try {
          result = tiledGemm(problem, tile, a100);
        } catch {
          continue;
        }
        expect(result.globalBytes).toBeGreaterThanOrEqual(result.ioLowerBound.globalBytes!);
        expect(result.dramBytes).toBeGreaterThanOrEqual(result.ioLowerBound.dramBytes!);
        expect(result.dramBytes).toBeGreaterThanOrEqual(result.compulsoryBytes);
        expect(result.dramBytes).toBeLessThanOrEqual(result.globalBytes);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it("runs on the vector units when asked, at their peak", () => {
    const result = tiledGemm(
      { M: 4096, N: 4096, K: 4096, dtype: "fp16" },
      parseTile("64x64x8/4x4@2"),
      a100,
      {
        unit: "vector",
      },
    );
    expect(result.unit).toBe("vector");
    expect(result.peakFlopsPerSecond).toBe(512 * 108 * 1.41e9);
  });

  it("adds a launch overhead and says when it dominates", () => {
    const result = tiledGemm({ M: 64, N: 64, K: 64, dtype: "fp16" }, tile128, a100, {
      launchOverheadSeconds: 2e-5,
    });
    expect(result.bound).toBe("launch overhead");
    expect(result.seconds).toBeGreaterThan(2e-5);
    expect(result.reason).toMatch(/^launch overhead \(20 µs\) exceeds the kernel's own/);
  });

  it("skips roofs the spec gives no bandwidth for, and says so", () => {
    const result = tiledGemm(
      { M: 8192, N: 8192, K: 8192, dtype: "fp16" },
      tile128,
      getPreset("h100-sxm"),
    );
    expect(result.times.levels.map((level) => [level.level, level.seconds === null])).toEqual([
      ["L2", true],
      ["HBM3", false],
    ]);
    expect(result.assumptions).toContain("no bandwidth for L2 in the spec: its roof is skipped");
  });

  it("passes traffic down MI300X's L2 (one per XCD) and Infinity Cache, never growing", () => {
    const result = tiledGemm(
      { M: 16384, N: 16384, K: 16384, dtype: "fp16" },
      tile128,
      getPreset("mi300x"),
    );
    const bytes = result.times.levels.map((level) => level.bytes);
    expect(result.times.levels.map((level) => level.level)).toEqual([
      "L2",
      "Infinity Cache",
      "HBM3",
    ]);
    expect(bytes[0]).toBe(result.globalBytes);
    expect(bytes[1]).toBeLessThanOrEqual(bytes[0]!);
    expect(bytes[2]).toBeLessThanOrEqual(bytes[1]!);
    expect(result.reuse?.level).toBe("Infinity Cache");
  });

  it("runs on a measured spec: one virtual unit at the aggregate peak, no waves", () => {
    const measured = parseHardwareSpec(
      JSON.parse(readFileSync("test/fixtures/measured-spec.json", "utf8")),
    );
    const result = tiledGemm(
      { M: 1024, N: 1024, K: 1024, dtype: "fp32" },
      parseTile("64x64x8/4x4@2"),
      measured,
    );
    expect(result.computeUnits).toBeNull();
    expect(result.waves).toBeNull();
    expect(result.times.computeSeconds).toBeCloseTo(result.executedFlops / 210e9, 15);
    expect(result.assumptions.join("\n")).toContain("compute-unit count unknown");
    expect(result.assumptions.join("\n")).toContain("no per-unit limits in the spec");
  });

  it("returns plain data that survives JSON", () => {
    const result = tiledGemm({ M: 512, N: 512, K: 512, dtype: "fp16" }, tile128, a100);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it("returns fresh results: a caller's edits and later calls leave earlier results alone", () => {
    const problem = { M: 1000, N: 3000, K: 5000, dtype: "fp16" as const };
    const first = tiledGemm(problem, tile128, a100);
    const snapshot = JSON.stringify(first);
    first.assumptions.push("edited by the caller");
    expect(tiledGemm(problem, tile128, a100).assumptions).not.toContain("edited by the caller");
    first.assumptions.pop();
    tiledGemm({ M: 64, N: 12288, K: 12288, dtype: "fp16" }, tile128, a100);
    expect(JSON.stringify(first)).toBe(snapshot);
  });

  it("sees a problem object changed in place", () => {
    const problem = { M: 1000, N: 3000, K: 5000, dtype: "fp16" as const };
    tiledGemm(problem, tile128, a100);
    problem.M = 7000;
    expect(tiledGemm(problem, tile128, a100)).toEqual(tiledGemm({ ...problem }, tile128, a100));
  });
});

// Word for word, as the notebooks and the CLI print them (what the model says, not just numbers).
describe("tiledGemm text", () => {
  const measured = parseHardwareSpec(
    JSON.parse(readFileSync("test/fixtures/measured-spec.json", "utf8")),
  );
  const text = (
    problem: GemmProblem,
    tile: string,
    hw: HardwareSpec,
    options: TiledGemmOptions = {},
  ) => {
    const result = tiledGemm(problem, parseTile(tile), hw, options);
    return { tileText: result.tileText, reason: result.reason, reuse: result.reuse?.assumption };
  };
  const overlapped = [
    "loads at ragged edges are predicated (no padding traffic); padded tiles still compute whole BM x BN x BK steps",
    "the busiest unit runs ceil(tiles / units) tiles; resident workgroups share its peak",
    "loads overlap compute (multistage pipeline or several resident workgroups): time is the slowest roof",
    "peaks and bandwidths are the spec's, with no efficiency factor",
  ];

  it("explains a compute-bound GEMM", () => {
    expect(
      text({ M: 128 * 7, N: 128 * 31, K: 4096, dtype: "fp16" }, "128x128x32/8x8@4", a100),
    ).toEqual({
      tileText: "128x128x32/8x8@4",
      reason:
        "compute-bound: 217 tiles on 108 SMs (2 waves of 216, wave efficiency 0.67, 2 resident per unit, limited by registers) take 139 µs; 67% of the fp16 matrix peak",
      reuse:
        "216 concurrent tiles rasterized in 7x30 groups share A and B panels in L2; A fits in 50% of L2 and is read once; nothing else survives between waves",
    });
  });

  it("explains a GEMM bound by device memory", () => {
    expect(text({ M: 64, N: 12288, K: 12288, dtype: "fp16" }, "64x128x32/4x8@3", a100)).toEqual({
      tileText: "64x128x32/4x8@3",
      reason:
        "memory-bound on HBM2e: 305 MB (1.00x compulsory) at 2.04 TB/s take 150 µs, vs 69.7 µs of compute for 96 tiles on 108 SMs (1 wave of 432, wave efficiency 0.89, 4 resident per unit, limited by registers); 41% of the fp16 matrix peak",
      reuse:
        "96 concurrent tiles rasterized in 1x96 groups share A and B panels in L2; A fits in 50% of L2 and is read once; nothing else survives between waves",
    });
  });

  it("explains a GEMM bound by shared memory", () => {
    const problem = { M: 4096, N: 4096, K: 4096, dtype: "fp32" as const };
    expect(text(problem, "64x64x8/4x4", a100, { unit: "vector" })).toEqual({
      tileText: "64x64x8/4x4",
      reason:
        "memory-bound on L1: 146 GB of operand traffic take 7.51 ms, vs 7.06 ms of compute for 4096 tiles on 108 SMs (8 waves of 540, wave efficiency 1.00, 5 resident per unit, limited by registers); 94% of the fp32 vector peak",
      reuse:
        "540 concurrent tiles rasterized in 23x23 groups share A and B panels in L2; neither operand fits in 50% of L2; nothing else survives between waves",
    });
  });

  it("explains a launch overhead that dominates", () => {
    const problem = { M: 256, N: 256, K: 256, dtype: "fp16" as const };
    expect(text(problem, "128x128x32/8x8@4", a100, { launchOverheadSeconds: 20e-6 })).toEqual({
      tileText: "128x128x32/8x8@4",
      reason: "launch overhead (20 µs) exceeds the kernel's own 2.9 µs; 0% of the fp16 matrix peak",
      reuse:
        "4 concurrent tiles rasterized in 2x2 groups share A and B panels in L2; A and B fit in 50% of L2 and are read once; nothing else survives between waves",
    });
    expect(tiledGemm(problem, tile128, a100).assumptions).toEqual(overlapped);
  });

  it("explains a GEMM on a measured spec, and lists what it assumed", () => {
    const problem = { M: 1024, N: 1024, K: 1024, dtype: "fp32" as const };
    expect(text(problem, "64x64x8/4x4@2", measured)).toEqual({
      tileText: "64x64x8/4x4@2",
      reason: "compute-bound: 256 tiles take 10.2 ms; 100% of the fp32 vector peak",
      reuse:
        "1 concurrent tiles rasterized in 1x1 groups share A and B panels in L2; neither operand fits in 50% of L2; nothing else survives between waves",
    });
    expect(tiledGemm(problem, parseTile("64x64x8/4x4@2"), measured).assumptions).toEqual([
      ...overlapped,
      "compute-unit count unknown: the device is one unit with the aggregate peak (no wave quantization), and tiles share caches one at a time",
      "no per-unit limits in the spec: one resident workgroup per unit",
      "no scheduler count in the spec: any resident workgroup keeps a unit's pipes busy",
      "no shared-memory bandwidth in the spec: its roof is skipped",
    ]);
  });
});

describe("tiledGemm bad input", () => {
  it("reports every malformed problem field", () => {
    expect(
      validationIssues(() =>
        tiledGemm({ M: -1, N: 2.5, K: 0, dtype: "fp12" } as never, tile128, a100),
      ),
    ).toEqual([
      "problem.M: must be a positive integer (got -1)",
      "problem.N: must be a positive integer (got 2.5)",
      "problem.K: must be a positive integer (got 0)",
      'problem.dtype: unknown precision "fp12"; known: fp64, fp32, tf32, bf16, fp16, fp8, fp6, fp4, int8, int4',
    ]);
  });

  it("names a precision the hardware lacks, listing what it has", () => {
    expect(
      validationIssues(() => tiledGemm({ M: 64, N: 64, K: 64, dtype: "fp8" }, tile128, a100))[0],
    ).toMatch(
      /^problem\.dtype: a100-80gb-sxm states no peak for fp8; it states fp64 \(matrix\), tf32 \(matrix\)/,
    );
  });

  it("reports every limit a tile exceeds", () => {
    expect(
      validationIssues(() =>
        tiledGemm({ M: 64, N: 64, K: 64, dtype: "fp16" }, parseTile("256x256x64/4x4@4"), a100),
      ),
    ).toEqual([
      "tile: 4096 threads exceed the 1024 a workgroup may have",
      "tile: 256 KiB of shared memory exceed the 163 KiB a workgroup may have",
      "tile: needs 4096 threads, more than one unit has",
    ]);
  });

  it("rejects non-integer tiles and bad options", () => {
    const bad = { BM: 64.5, BN: 64, BK: 16, TM: 8, TN: 8 };
    expect(
      validationIssues(() => tiledGemm({ M: 64, N: 64, K: 64, dtype: "fp16" }, bad, a100)),
    ).toEqual(["tile: BM must be a positive integer (got 64.5)"]);
    expect(
      validationIssues(() =>
        tiledGemm({ M: 64, N: 64, K: 64, dtype: "fp16" }, tile128, a100, {
          launchOverheadSeconds: -1,
          unit: "tensor" as never,
        }),
      ),
    ).toEqual([
      "options.launchOverheadSeconds: must be a number >= 0 (got -1)",
      'options.unit: must be "matrix" or "vector" (got tensor)',
    ]);
  });
});

describe("tiledGemmSeconds(problem, tile, hw)", () => {
  it("agrees with tiledGemm, also after the problem object changes in place", () => {
    const problem = { M: 1000, N: 3000, K: 5000, dtype: "fp16" as const };
    expect(tiledGemmSeconds(problem, tile128, a100)).toBe(
      tiledGemm(problem, tile128, a100).seconds,
    );
    problem.M = 7000;
    expect(tiledGemmSeconds(problem, tile128, a100)).toBe(
      tiledGemm(problem, tile128, a100).seconds,
    );
  });
  it("sees a tile object changed in place", () => {
    // 1536 x 1536 in 128 x 128 tiles quantizes worse than in 64 x 128 tiles: the times differ.
    const problem = { M: 1536, N: 1536, K: 4096, dtype: "fp16" as const };
    const tile = { ...tile128 };
    const before = tiledGemmSeconds(problem, tile, a100);
    tile.BM = 64;
    const after = tiledGemmSeconds(problem, tile, a100);
    expect(after).not.toBe(before);
    expect(after).toBe(tiledGemm(problem, parseTile("64x128x32/8x8@4"), a100).seconds);
  });
  it("validates like tiledGemm", () => {
    expect(() => tiledGemmSeconds({ M: 0, N: 1, K: 1, dtype: "fp16" }, tile128, a100)).toThrow(
      ValidationError,
    );
  });
});
