import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The package entry point, as a notebook imports it (`codesign-notebook/gpu`).
import {
  acquireDevice,
  characterizeDevice,
  type GpuContext,
  releaseDevice,
} from "../../src/gpu/index.ts";
import { parseHardwareSpec } from "../../src/hwmodels/hardware-spec.ts";

let context: GpuContext;
beforeAll(async () => {
  context = await acquireDevice();
});
afterAll(releaseDevice);

const KiB = 1024;

describe("characterizeDevice(context, options), from codesign-notebook/gpu", () => {
  it("measures the sizes it is given and returns a spec parseHardwareSpec accepts", async () => {
    const progress: Array<[number, number]> = [];
    const { spec, measurements } = await characterizeDevice(context, {
      streamBytes: [64 * KiB, 256 * KiB],
      chaseBytes: [4 * KiB, 16 * KiB, 64 * KiB],
      fmaInvocations: 1024,
      timing: { warmup: 0, repeats: 3, dispatchesPerPass: 1 },
      tool: "characterize.test.ts",
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(measurements.stream.points.map((point) => point.bytesPerArray)).toEqual(
      [64, 64, 64, 64, 256, 256, 256, 256].map((k) => k * KiB),
    );
    expect(measurements.chase.points.map((point) => point.workingSetBytes)).toEqual(
      [4, 16, 64].map((k) => k * KiB),
    );
    const precisions = context.hasF16 ? 2 : 1;
    const total = precisions + 2 * 4 + 3;
    expect(progress).toEqual(Array.from({ length: total }, (_, i) => [i + 1, total]));
    expect(spec.sources[0]).toMatchObject({
      adapter: context.adapter.name,
      tool: "characterize.test.ts",
    });
    const parsed = parseHardwareSpec(spec, "measured spec");
    expect(parsed.memory.at(-1)).toMatchObject({ name: "DRAM", kind: "memory" });
    expect(parsed.compute.vector?.fp32?.flopsPerSecond).toBe(
      spec.compute.vector.fp32?.flopsPerSecond,
    );
  });
});
