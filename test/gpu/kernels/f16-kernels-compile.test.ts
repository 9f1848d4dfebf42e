// SwiftShader has no shader-f16, so the f16 kernels cannot run here. Dawn's null backend has the
// feature and compiles WGSL with the same compiler (Tint) as every other backend, so at least
// every f16 kernel is compiled into a pipeline, with the bind group layout runKernel would use.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create, globals } from "webgpu";
import { fmaChainKernel } from "../../../src/gpu/kernels/fma-chain.ts";
import { naiveMatmulWgsl } from "../../../src/gpu/kernels/matmul-naive.ts";
import { tiledMatmulWgsl } from "../../../src/gpu/kernels/matmul-tiled.ts";
import { computePipeline } from "../../../src/gpu/shader.ts";
import { parseTile } from "../../../src/hwmodels/gemm-tile.ts";

// Held for the whole file: Dawn tears its instance down when the object is collected.
let gpu: GPU | undefined;
let device: GPUDevice;
beforeAll(async () => {
  Object.assign(globalThis, globals);
  gpu = create(["backend=null"]);
  const adapter = await gpu.requestAdapter();
  if (!adapter?.features.has("shader-f16")) throw new Error("Dawn's null backend lacks shader-f16");
  device = await adapter.requestDevice({
    requiredFeatures: ["shader-f16"],
    requiredLimits: {
      maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize,
    },
  });
});
afterAll(() => {
  device?.destroy();
  gpu = undefined;
});

/** Storage buffers in binding order: read-only inputs, then one read-write output. */
function layout(inputs: number): GPUBindGroupLayout {
  return device.createBindGroupLayout({
    entries: Array.from({ length: inputs + 1 }, (_, binding) => ({
      binding,
      visibility: GPUShaderStage.COMPUTE,
      buffer: { type: binding < inputs ? "read-only-storage" : "storage" },
    })),
  });
}

describe("f16 kernels", () => {
  it("compile for tiles and shapes that take every load-width and staging path", async () => {
    const cases: Array<[string, { M: number; N: number; K: number }]> = [
      ["64x64x16/8x8", { M: 128, N: 128, K: 128 }],
      ["32x32x8/4x4@2", { M: 37, N: 45, K: 29 }],
      ["16x32x4/4x8@3", { M: 70, N: 66, K: 34 }],
      ["24x40x5/3x5", { M: 5, N: 130, K: 17 }],
      ["16x64x16/16x4", { M: 64, N: 64, K: 64 }],
    ];
    for (const [tile, shape] of cases) {
      const code = tiledMatmulWgsl(parseTile(tile), shape, "f16");
      await expect(computePipeline(device, `f16 ${tile}`, code, layout(2))).resolves.toBeDefined();
    }
  });

  it("compile for the naive matmul and the FMA chains", async () => {
    const naive = naiveMatmulWgsl({ M: 33, N: 17, K: 9 }, "f16");
    await expect(computePipeline(device, "naive f16", naive, layout(2))).resolves.toBeDefined();
    const { kernel } = fmaChainKernel("f16", 1000, 64, 65535);
    await expect(
      computePipeline(device, kernel.label, kernel.code, layout(1)),
    ).resolves.toBeDefined();
  });

  it("are really checked by this compiler: a type error in f16 code is reported with its line", async () => {
    const broken = tiledMatmulWgsl(
      parseTile("32x32x8/4x4"),
      { M: 32, N: 32, K: 32 },
      "f16",
    ).replace("var v = vec4<f16>();", "var v = vec4<f32>();");
    await expect(computePipeline(device, "broken f16", broken, layout(2))).rejects.toThrow(
      /broken f16:\d+:\d+: .*/,
    );
  });
});
