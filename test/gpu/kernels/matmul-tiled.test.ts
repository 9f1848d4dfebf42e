import { describe, expect, it } from "vitest";
import type { ComputeLimits } from "../../../src/gpu/device.ts";
import { DeviceLimitError } from "../../../src/gpu/errors.ts";
import {
  assertTileRuns,
  REGISTERS_PER_INVOCATION,
  tiledMatmulWgsl,
  tiledMatmulWorkgroups,
  tileRegisters,
  tileWorkgroupBytes,
} from "../../../src/gpu/kernels/matmul-tiled.ts";
import { parseTile } from "../../../src/hwmodels/gemm-tile.ts";

/** WebGPU's default limits (https://www.w3.org/TR/webgpu/#limit-default). */
const DEFAULTS: ComputeLimits = {
  maxStorageBufferBindingSize: 134217728,
  maxBufferSize: 268435456,
  maxComputeWorkgroupStorageSize: 16384,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupSizeY: 256,
  maxComputeWorkgroupSizeZ: 64,
  maxComputeWorkgroupsPerDimension: 65535,
  maxStorageBuffersPerShaderStage: 8,
};

function rejection(tile: string, precision: "f32" | "f16" = "f32"): DeviceLimitError {
  try {
    assertTileRuns(parseTile(tile), DEFAULTS, precision);
  } catch (error) {
    if (error instanceof DeviceLimitError) return error;
    throw error;
  }
  throw new Error(`${tile} was accepted`);
}

describe("assertTileRuns(tile, limits, precision)", () => {
  it("accepts a tile within every limit", () => {
    expect(() => assertTileRuns(parseTile("64x64x16/8x8"), DEFAULTS, "f32")).not.toThrow();
  });

  it("rejects too many invocations, naming the limit", () => {
    const error = rejection("128x128x8/4x4");
    expect(error.limit).toBe("maxComputeInvocationsPerWorkgroup");
    expect(error.required).toBe(1024);
    expect(error.message).toMatch(
      /tile 128x128x8\/4x4 \(f32\) with 1024 invocations needs maxComputeInvocationsPerWorkgroup >= 1024, but this device allows 256/,
    );
  });

  it("rejects more workgroup storage than the device has, counting stages and precision", () => {
    // (128*32 + 32*128) * 4 bytes = 32 KiB > 16 KiB.
    expect(rejection("128x128x32/8x8").limit).toBe("maxComputeWorkgroupStorageSize");
    expect(tileWorkgroupBytes(parseTile("64x64x32/8x8"), "f32")).toBe(16384);
    expect(tileWorkgroupBytes(parseTile("64x64x32/8x8@2"), "f32")).toBe(32768);
    expect(tileWorkgroupBytes(parseTile("64x64x32/8x8@2"), "f16")).toBe(16384);
    expect(rejection("64x64x32/8x8@2").required).toBe(32768);
    expect(() => assertTileRuns(parseTile("64x64x32/8x8@2"), DEFAULTS, "f16")).not.toThrow();
  });

  it("rejects register blocks larger than any GPU gives one invocation", () => {
    // 256 accumulators + 2 x 32 fragment registers + 16 for addresses and loop state.
    expect(tileRegisters(parseTile("64x64x8/16x16"), "f32")).toBe(336);
    expect(tileRegisters(parseTile("64x128x8/8x16"), "f32")).toBe(192);
    const error = rejection("64x64x8/16x16");
    expect(error.limit).toBe("registers per invocation");
    expect(error.available).toBe(REGISTERS_PER_INVOCATION);
  });

  it("rejects an ill-formed tile with the tile parser's reasons", () => {
    expect(() => assertTileRuns({ BM: 64, BN: 64, BK: 8, TM: 6, TN: 8 }, DEFAULTS, "f32")).toThrow(
      /TM \(6\) must divide BM \(64\)/,
    );
  });
});

describe("tiledMatmulWgsl(tile, shape, precision)", () => {
  const tile = parseTile("32x32x8/4x4");

  it("loads vec4s when K and N allow it, and narrower vectors when they do not", () => {
    const wide = tiledMatmulWgsl(tile, { M: 64, N: 64, K: 64 }, "f32");
    expect(wide).toMatch(/var<storage, read> A: array<vec4<f32>>/);
    expect(wide).toMatch(/var<storage, read> B: array<vec4<f32>>/);
    const narrow = tiledMatmulWgsl(tile, { M: 64, N: 66, K: 63 }, "f32");
    expect(narrow).toMatch(/var<storage, read> A: array<f32>/);
    expect(narrow).toMatch(/var<storage, read> B: array<vec2<f32>>/);
  });

  it("enables f16 and stages f16 in workgroup storage for f16 inputs", () => {
    const code = tiledMatmulWgsl(tile, { M: 64, N: 64, K: 64 }, "f16");
    expect(code.startsWith("enable f16;")).toBe(true);
    expect(code).toMatch(/var<workgroup> Bs: array<f16, 256>/);
    expect(code).toMatch(/var<storage, read_write> C: array<f32>/);
  });

  it("dispatches one workgroup per block of C, ragged blocks included", () => {
    expect(tiledMatmulWorkgroups(tile, { M: 33, N: 64, K: 1 })).toEqual([2, 2, 1]);
  });
});
