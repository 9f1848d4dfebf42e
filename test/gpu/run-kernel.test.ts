import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquireDevice, type GpuContext, releaseDevice } from "../../src/gpu/device.ts";
import { DeviceLimitError, ShaderCompileError } from "../../src/gpu/errors.ts";
import { streamKernel } from "../../src/gpu/kernels/stream.ts";
import { runKernel } from "../../src/gpu/run-kernel.ts";
import { QUICK } from "./quick-timing.ts";

let context: GpuContext;
beforeAll(async () => {
  context = await acquireDevice();
});
afterAll(releaseDevice);

describe("runKernel(context, kernel, timing)", () => {
  it("returns the read-back outputs by name", async () => {
    const { kernel } = streamKernel("add", 64, 1, 65535);
    const { outputs } = await runKernel(context, kernel, QUICK);
    const c = new Float32Array(outputs.get("c")!);
    expect(c).toHaveLength(64);
    expect(c[5]).toBe(5 + 5);
  });

  it("leaves no buffer behind after a thousand runs", async () => {
    const { kernel } = streamKernel("triad", 64, 4, 65535);
    const before = { ...context.buffers };
    for (let run = 0; run < 1000; run++) await runKernel(context, kernel, QUICK);
    expect(context.buffers.liveBuffers).toBe(before.liveBuffers);
    expect(context.buffers.liveBytes).toBe(before.liveBytes);
    // Each run made its buffers (3 bound, 1 read-back, 2 for timestamps) and destroyed them.
    expect(context.buffers.createdBuffers - before.createdBuffers).toBeGreaterThanOrEqual(4000);
  }, 120_000);

  it("counts a buffer that is never destroyed as live", () => {
    const before = context.buffers.liveBuffers;
    const buffer = context.device.createBuffer({ size: 256, usage: GPUBufferUsage.STORAGE });
    expect(context.buffers.liveBuffers).toBe(before + 1);
    buffer.destroy();
    buffer.destroy();
    expect(context.buffers.liveBuffers).toBe(before);
  });

  it("reports a WGSL compile error with its line, column and source line", async () => {
    const code = [
      "@group(0) @binding(0) var<storage, read_write> out: array<f32>;",
      "@compute @workgroup_size(1)",
      "fn main() {",
      "  out[0] = undefined_name * 2.0;",
      "}",
    ].join("\n");
    const run = runKernel(
      context,
      { label: "broken", code, workgroups: [1, 1, 1], buffers: [{ name: "out", bytes: 4 }] },
      QUICK,
    );
    await expect(run).rejects.toThrow(ShaderCompileError);
    await expect(run).rejects.toThrow(
      /broken:4:\d+: .*undefined_name[\s\S]*out\[0\] = undefined_name/,
    );
  });

  it("rejects a buffer over the device's binding limit before allocating anything", async () => {
    const before = context.buffers.createdBuffers;
    const bytes = context.limits.maxStorageBufferBindingSize + 4;
    const run = runKernel(
      context,
      {
        label: "huge",
        code: "@compute @workgroup_size(1) fn main() {}",
        workgroups: [1, 1, 1],
        buffers: [{ name: "big", bytes }],
      },
      QUICK,
    );
    await expect(run).rejects.toThrow(DeviceLimitError);
    await expect(run).rejects.toThrow(/buffer big .* needs maxStorageBufferBindingSize/);
    expect(context.buffers.createdBuffers).toBe(before);
  });
});
