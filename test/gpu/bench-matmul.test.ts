import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchMatmul } from "../../src/gpu/bench-matmul.ts";
import { acquireDevice, type GpuContext, releaseDevice } from "../../src/gpu/device.ts";
import { DeviceLimitError, VerificationError } from "../../src/gpu/errors.ts";
import { naiveMatmulWgsl, naiveMatmulWorkgroups } from "../../src/gpu/kernels/matmul-naive.ts";
import { matmulChecks } from "../../src/gpu/kernels/matmul-reference.ts";
import { seededRandom } from "../../src/gpu/random.ts";
import { runKernel } from "../../src/gpu/run-kernel.ts";
import { verifyElements } from "../../src/gpu/verify.ts";
import { QUICK } from "./quick-timing.ts";

let context: GpuContext;
beforeAll(async () => {
  context = await acquireDevice();
});
afterAll(releaseDevice);

describe("benchMatmul(context, options)", () => {
  // Shapes whose edges cut through tiles, vectors and K slices.
  const RAGGED = [
    { M: 1, N: 1, K: 1 },
    { M: 37, N: 45, K: 29 },
    { M: 70, N: 66, K: 34 },
    { M: 64, N: 64, K: 64 },
    { M: 5, N: 130, K: 17 },
  ];
  const TILES = ["16x16x8/4x4", "32x32x8/4x4@2", "32x16x4/8x4", "16x32x4/4x8@3", "24x40x5/3x5"];

  it("computes C exactly within the f32 rounding bound for ragged shapes and many tiles", async () => {
    // Each shape with two tiles, each tile with two shapes: compiling a kernel is the slow part.
    for (const [i, shape] of RAGGED.entries()) {
      for (const tile of [TILES[i]!, TILES[(i + 1) % TILES.length]!]) {
        const result = await benchMatmul(context, { ...shape, tile, timing: QUICK });
        expect(result.verification.checkedElements).toBe(shape.M * shape.N);
        expect(result.verification.maxErrorToTolerance).toBeLessThanOrEqual(1);
      }
    }
  }, 120_000);

  it("runs the naive baseline, verified", async () => {
    const result = await benchMatmul(context, {
      M: 33,
      N: 20,
      K: 50,
      kernel: "naive",
      timing: QUICK,
    });
    expect(result.kernel).toBe("naive");
    expect(result.tile).toBeUndefined();
    expect(result.verification.checkedElements).toBe(660);
  });

  it("reports the adapter, the timing method, every repetition and FLOP/s", async () => {
    const result = await benchMatmul(context, {
      M: 64,
      N: 64,
      K: 64,
      tile: "32x32x8/4x4",
      timing: { warmup: 1, repeats: 3 },
    });
    expect(result.adapter).toBe(context.adapter);
    expect(result.tile).toBe("32x32x8/4x4");
    expect(result.timing.samples).toHaveLength(3);
    expect(result.flopsPerSecond).toBeCloseTo((2 * 64 ** 3) / result.timing.summary.median);
  });

  it("rejects a tile the device cannot run before creating any buffer", async () => {
    const before = context.buffers.createdBuffers;
    await expect(
      benchMatmul(context, { M: 64, N: 64, K: 64, tile: "256x256x64/8x8" }),
    ).rejects.toThrow(DeviceLimitError);
    expect(context.buffers.createdBuffers).toBe(before);
  });

  it("rejects sizes over the device's buffer limit, naming it", async () => {
    const side = Math.ceil(Math.sqrt(context.limits.maxStorageBufferBindingSize / 4)) + 1;
    await expect(benchMatmul(context, { M: side, N: side, K: 1 })).rejects.toThrow(
      /buffer C .* needs maxStorageBufferBindingSize/,
    );
  });

  it("rejects f16 on a device without shader-f16", async () => {
    if (context.hasF16) return;
    await expect(benchMatmul(context, { M: 8, N: 8, K: 8, precision: "f16" })).rejects.toThrow(
      /needs the WebGPU feature "shader-f16"/,
    );
  });

  it("rejects malformed shapes and tile text", async () => {
    await expect(benchMatmul(context, { M: 0, N: 4, K: 4 })).rejects.toThrow(
      /M must be a positive integer/,
    );
    await expect(benchMatmul(context, { M: 4, N: 4, K: 4, tile: "64x64" })).rejects.toThrow(
      /invalid tile "64x64"/,
    );
  });
});

describe("matmulChecks(a, b, shape)", () => {
  it("catches a kernel that drops one term of K, naming the worst element", async () => {
    const shape = { M: 24, N: 16, K: 32 };
    const random = seededRandom(3);
    const a = Float32Array.from({ length: shape.M * shape.K }, () => 2 * random() - 1);
    const b = Float32Array.from({ length: shape.K * shape.N }, () => 2 * random() - 1);
    const broken = naiveMatmulWgsl(shape, "f32").replace("k < K", "k + 1u < K");
    const { outputs } = await runKernel(
      context,
      {
        label: "matmul missing the last k",
        code: broken,
        workgroups: naiveMatmulWorkgroups(shape),
        buffers: [
          { name: "A", data: a },
          { name: "B", data: b },
          { name: "C", bytes: shape.M * shape.N * 4, readBack: true },
        ],
      },
      QUICK,
    );
    const c = new Float32Array(outputs.get("C")!);
    const verify = () =>
      verifyElements("matmul missing the last k", c, matmulChecks(a, b, shape), {
        shape: [shape.M, shape.N],
        tolerance: "f32 bound",
      });
    expect(verify).toThrow(VerificationError);
    expect(verify).toThrow(/worst at \[\d+, \d+\]: got .*, expected .*/);
  });

  it("samples large products but always checks the last row and column", () => {
    const shape = { M: 100, N: 90, K: 50 };
    const a = new Float32Array(shape.M * shape.K).fill(1);
    const b = new Float32Array(shape.K * shape.N).fill(1);
    const checks = [...matmulChecks(a, b, shape, 100_000)];
    expect(checks.length).toBeLessThan(shape.M * shape.N);
    const indices = new Set(checks.map((check) => check.index));
    for (let j = 0; j < shape.N; j++) expect(indices.has((shape.M - 1) * shape.N + j)).toBe(true);
    for (let i = 0; i < shape.M; i++) expect(indices.has(i * shape.N + shape.N - 1)).toBe(true);
    expect(checks.every((check) => check.expected === 50)).toBe(true);
  });
});
