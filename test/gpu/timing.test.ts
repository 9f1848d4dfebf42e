import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquireDevice, type GpuContext, releaseDevice } from "../../src/gpu/device.ts";
import { GpuValidationError } from "../../src/gpu/errors.ts";
import { streamKernel } from "../../src/gpu/kernels/stream.ts";
import { runKernel } from "../../src/gpu/run-kernel.ts";
import { computePipeline } from "../../src/gpu/shader.ts";
import { timeDispatches } from "../../src/gpu/timing.ts";

let context: GpuContext;
beforeAll(async () => {
  context = await acquireDevice();
});
afterAll(releaseDevice);

/** A tiny verified kernel: STREAM copy over 4 KiB. */
const tiny = () => streamKernel("copy", 256, 4, 65535).kernel;

describe("timeDispatches(context, work, options)", () => {
  it("times with GPU timestamps when the device has them, and says so", async () => {
    const { timing } = await runKernel(context, tiny(), { warmup: 1, repeats: 4 });
    expect(timing.method).toBe(context.hasTimestamps ? "timestamp-query" : "wall-clock");
    expect(timing.adapter).toBe(context.adapter.name);
    expect(timing.methodNote).toMatch(context.hasTimestamps ? /timestampWrites/ : /fallback/);
    expect(timing.samples).toHaveLength(4);
    expect(timing.samples.every((seconds) => seconds > 0)).toBe(true);
    expect(timing.summary.min).toBe(Math.min(...timing.samples));
  });

  it("falls back to the wall clock when asked, and names it", async () => {
    const { timing } = await runKernel(context, tiny(), { method: "wall-clock", repeats: 3 });
    expect(timing.method).toBe("wall-clock");
    expect(timing.methodNote).toMatch(/includes submission overhead/);
  });

  it("puts many dispatches in a pass when one is too short to time", async () => {
    const { timing } = await runKernel(context, tiny(), {
      warmup: 0,
      repeats: 2,
      minPassSeconds: 0.01,
      maxDispatchesPerPass: 64,
    });
    // A 4 KiB copy takes microseconds: only many of them fill 10 ms.
    expect(timing.dispatchesPerPass).toBeGreaterThan(1);
    expect(timing.dispatchesPerPass).toBeLessThanOrEqual(64);
  });

  it("excludes warm-up and calibration passes from the samples", async () => {
    const { timing } = await runKernel(context, tiny(), {
      warmup: 3,
      repeats: 2,
      dispatchesPerPass: 1,
    });
    expect(timing.warmupPasses).toBe(3);
    expect(timing.samples).toHaveLength(2);
  });

  it("reports every pass to onProgress, counting up to the passes it ran", async () => {
    const calls: Array<[number, number, string]> = [];
    const { timing } = await runKernel(context, tiny(), {
      warmup: 2,
      repeats: 3,
      dispatchesPerPass: 1,
      onProgress: (done, total, label) => calls.push([done, total, label]),
    });
    expect(timing.samples).toHaveLength(3);
    expect(calls).toEqual([
      [1, 5, "warm-up"],
      [2, 5, "warm-up"],
      [3, 5, "measured"],
      [4, 5, "measured"],
      [5, 5, "measured"],
    ]);
  });

  it("counts calibration passes as they happen, and ends at done = total", async () => {
    const calls: Array<[number, number, string]> = [];
    const { timing } = await runKernel(context, tiny(), {
      warmup: 1,
      repeats: 2,
      minPassSeconds: 0.01,
      maxDispatchesPerPass: 64,
      onProgress: (done, total, label) => calls.push([done, total, label]),
    });
    const calibrations = calls.filter(([, , label]) => label === "calibration").length;
    expect(calibrations).toBe(timing.warmupPasses - 1);
    expect(calls.map(([done]) => done)).toEqual(calls.map((_, i) => i + 1));
    expect(calls.at(-1)).toEqual([timing.warmupPasses + 2, timing.warmupPasses + 2, "measured"]);
    // Never fewer passes expected than are still certain to come.
    for (const [done, total] of calls) expect(total).toBeGreaterThanOrEqual(done);
  });

  it("shrinks the expected total when the time budget ends the repeats early", async () => {
    const calls: Array<[number, number]> = [];
    const { timing } = await runKernel(context, tiny(), {
      warmup: 0,
      repeats: 50,
      dispatchesPerPass: 1,
      budgetSeconds: 1e-9,
      onProgress: (done, total) => calls.push([done, total]),
    });
    expect(timing.samples).toHaveLength(3);
    expect(calls).toEqual([
      [1, 50],
      [2, 50],
      [3, 3],
    ]);
  });

  it("turns an invalid pass into GpuValidationError instead of a stale timestamp", async () => {
    const kernel = tiny();
    const layout = context.device.createBindGroupLayout({
      entries: [
        { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: "read-only-storage" } },
        { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: "storage" } },
      ],
    });
    const pipeline = await computePipeline(context.device, "copy", kernel.code, layout);
    const buffers = [0, 1].map(() =>
      context.device.createBuffer({ size: 4096, usage: GPUBufferUsage.STORAGE }),
    );
    const bindGroup = context.device.createBindGroup({
      layout,
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const tooMany = context.limits.maxComputeWorkgroupsPerDimension + 1;
    try {
      await expect(
        timeDispatches(context, {
          label: "oversized",
          pipeline,
          bindGroup,
          workgroups: [tooMany, 1, 1],
        }),
      ).rejects.toThrow(GpuValidationError);
    } finally {
      for (const buffer of buffers) buffer.destroy();
    }
  });

  it("stops when its signal aborts, rejecting with the reason and freeing its buffers", async () => {
    const before = context.buffers.liveBuffers;
    const controller = new AbortController();
    const run = runKernel(context, tiny(), {
      warmup: 0,
      repeats: 1_000_000,
      budgetSeconds: 1e9,
      dispatchesPerPass: 1,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error("slider moved")), 50);
    await expect(run).rejects.toThrow("slider moved");
    expect(context.buffers.liveBuffers).toBe(before);
  });

  it("refuses timing options that cannot be honoured", async () => {
    await expect(runKernel(context, tiny(), { repeats: 0 })).rejects.toThrow(
      /repeats must be an integer >= 1 \(got 0\)/,
    );
    await expect(runKernel(context, tiny(), { dispatchesPerPass: 2.5 })).rejects.toThrow(
      /dispatchesPerPass must be an integer >= 1/,
    );
  });

  it("does not start when its signal has already aborted", async () => {
    const before = context.buffers.createdBuffers;
    await expect(runKernel(context, tiny(), { signal: AbortSignal.abort() })).rejects.toThrow(
      /abort/i,
    );
    expect(context.buffers.createdBuffers).toBe(before);
  });
});
