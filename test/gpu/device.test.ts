import { afterAll, describe, expect, it } from "vitest";
import { acquireDevice, releaseDevice } from "../../src/gpu/device.ts";
import { DeviceLimitError } from "../../src/gpu/errors.ts";

afterAll(releaseDevice);

describe("acquireDevice(requirements)", () => {
  it("describes the adapter, its features and its limits as plain data", async () => {
    const context = await acquireDevice();
    expect(context.adapter.name).toMatch(/via Dawn in Node/);
    expect(JSON.parse(JSON.stringify(context.adapter)).name).toBe(context.adapter.name);
    expect(context.hasTimestamps).toBe(context.features.includes("timestamp-query"));
    expect(context.hasF16).toBe(context.features.includes("shader-f16"));
    // Asked for explicitly, so above WebGPU's 128 MiB default wherever the adapter allows it.
    expect(context.limits.maxStorageBufferBindingSize).toBe(
      context.device.limits.maxStorageBufferBindingSize,
    );
    expect(context.limits.maxStorageBufferBindingSize).toBeGreaterThan(128 * 2 ** 20);
  });

  it("returns the same device to every caller while it lives", async () => {
    const [first, second] = await Promise.all([acquireDevice(), acquireDevice()]);
    expect(second).toBe(first);
  });

  it("rejects a limit beyond the device's, naming the limit", async () => {
    const context = await acquireDevice();
    const wanted = context.limits.maxComputeWorkgroupStorageSize * 2;
    await expect(
      acquireDevice({ limits: { maxComputeWorkgroupStorageSize: wanted } }),
    ).rejects.toThrow(DeviceLimitError);
    await expect(
      acquireDevice({ limits: { maxComputeWorkgroupStorageSize: wanted } }),
    ).rejects.toThrow(/maxComputeWorkgroupStorageSize >= \d+, but this device allows \d+/);
  });

  it("rejects a feature the device lacks, naming the feature", async () => {
    await expect(
      acquireDevice({ features: ["no-such-feature" as GPUFeatureName] }),
    ).rejects.toThrow(/needs the WebGPU feature "no-such-feature"/);
  });

  it("reports a lost device and acquires a new one on the next call", async () => {
    const lostOne = await acquireDevice();
    lostOne.device.destroy();
    const loss = await lostOne.lost;
    expect(loss.reason).toBe("destroyed");
    expect(lostOne.loss).toEqual(loss);
    const next = await acquireDevice();
    expect(next).not.toBe(lostOne);
    expect(next.loss).toBeUndefined();
  });
});
