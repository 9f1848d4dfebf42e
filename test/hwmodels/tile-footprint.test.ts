import { describe, expect, it } from "vitest";
import { gemmMachine } from "../../src/hwmodels/gemm-machine.ts";
import { parseTile } from "../../src/hwmodels/gemm-tile.ts";
import { getPreset } from "../../src/hwmodels/presets.ts";
import { REGISTER_OVERHEAD, tileFootprint } from "../../src/hwmodels/tile-footprint.ts";

const a100 = gemmMachine(getPreset("a100-80gb-sxm"), "fp16");
const a100Simt = gemmMachine(getPreset("a100-80gb-sxm"), "fp32");

describe("tileFootprint(tile, machine)", () => {
  it("sizes shared memory as stages x (BM + BN) x BK x element bytes", () => {
    const footprint = tileFootprint(parseTile("128x64x32/8x8@3"), a100);
    expect(footprint.sharedBytes).toBe(3 * (128 + 64) * 32 * 2);
    expect(footprint.threads).toBe(128);
    expect(footprint.subgroups).toBe(4);
  });

  it("counts accumulator, fragment and overhead registers per thread", () => {
    // fp16: 8 x 16 fp32 accumulators = 128 registers; fragments 2 x ceil(24 x 2 B / 4 B) = 24.
    expect(tileFootprint(parseTile("128x256x32/8x16@3"), a100).registersPerThread).toBe(
      128 + 24 + REGISTER_OVERHEAD,
    );
    // fp32 on the vector units: 8 x 8 accumulators, fragments 2 x 16.
    expect(tileFootprint(parseTile("64x64x8/8x8"), a100Simt).registersPerThread).toBe(
      64 + 32 + REGISTER_OVERHEAD,
    );
  });

  it("takes occupancy from the tightest per-unit limit", () => {
    // 256 threads x 96 registers = 24576 of 65536 -> 2; 64 KiB of 164 KiB shared -> 2; threads -> 8.
    const byRegisters = tileFootprint(parseTile("128x128x32/8x8@4"), a100);
    expect([byRegisters.workgroupsPerUnit, byRegisters.limitedBy]).toEqual([2, "registers"]);
    // 3 x 256 x 64 x 2 B = 96 KiB: one fits in 164 KiB (registers would allow two).
    const byShared = tileFootprint(parseTile("128x128x64/8x8@3"), a100);
    expect(byShared.problems).toEqual([]);
    expect([byShared.workgroupsPerUnit, byShared.limitedBy]).toEqual([1, "shared memory"]);
    // 16 x 16 / 1 x 1 = 256 threads of 2048 -> 8; 16 registers... registers allow 65536 / (256 x 19) = 13.
    const byThreads = tileFootprint(parseTile("16x16x8/1x1"), a100Simt);
    expect([byThreads.workgroupsPerUnit, byThreads.limitedBy]).toEqual([8, "threads"]);
    const bySlots = tileFootprint(parseTile("32x16x8/4x4"), a100Simt);
    expect(bySlots.threads).toBe(32);
    expect([bySlots.workgroupsPerUnit, bySlots.limitedBy]).toEqual([32, "workgroup slots"]);
  });

  it("shapes the subgroup tile to read the fewest operands", () => {
    const footprint = tileFootprint(parseTile("128x256x32/8x16@3"), a100);
    expect([footprint.warpTileM, footprint.warpTileN]).toEqual([64, 64]);
    // Per K step: staging (128 + 256) x 32 x 2 B, plus 8 subgroups reading (64 + 64) x 32 x 2 B.
    expect(footprint.sharedTrafficBytesPerKStep).toBe(384 * 32 * 2 + 8 * 128 * 32 * 2);
    // SIMT threads each read TM + TN values per k.
    expect(tileFootprint(parseTile("64x64x8/8x8"), a100Simt).sharedTrafficBytesPerKStep).toBe(
      128 * 8 * 4 + 64 * 16 * 8 * 4,
    );
  });

  it("lists every reason a tile cannot run", () => {
    const footprint = tileFootprint(parseTile("256x256x64/4x4@4"), a100);
    expect(footprint.problemKinds).toEqual([
      "threads per workgroup",
      "shared memory per workgroup",
      "does not fit one unit",
    ]);
    expect(footprint.problems[0]).toBe("4096 threads exceed the 1024 a workgroup may have");
    expect(footprint.problems[1]).toBe(
      "256 KiB of shared memory exceed the 163 KiB a workgroup may have",
    );
  });

  it("holds matrix-unit tiles to a whole MMA step and a 16 x 16 subgroup tile", () => {
    const footprint = tileFootprint(parseTile("32x32x8/1x2"), a100);
    expect(footprint.problems).toEqual([
      "BK = 8 covers 16 B of K; a matrix-unit step needs 32 B",
      "a subgroup owns 8x8 of C; matrix units need at least 256 elements",
    ]);
    expect(tileFootprint(parseTile("32x32x8/1x2"), a100Simt).problems).toEqual([]);
  });

  it("rejects register spills", () => {
    expect(tileFootprint(parseTile("256x256x16/16x16"), a100).problems).toContain(
      "304 registers per thread exceed the 255 a thread may have (it would spill)",
    );
  });
});
