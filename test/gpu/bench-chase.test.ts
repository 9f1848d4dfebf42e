import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchChase } from "../../src/gpu/bench-chase.ts";
import { acquireDevice, type GpuContext, releaseDevice } from "../../src/gpu/device.ts";
import { QUICK } from "./quick-timing.ts";

let context: GpuContext;
beforeAll(async () => {
  context = await acquireDevice();
});
afterAll(releaseDevice);

describe("benchChase(context, options)", () => {
  it("measures a verified latency per working set and stride, with a profile per stride", async () => {
    const result = await benchChase(context, {
      workingSetBytes: [4096, 16384],
      strideBytes: [64, 128],
      steps: 2048,
      timing: QUICK,
    });
    expect(result.points.map((p) => [p.strideBytes, p.workingSetBytes])).toEqual([
      [64, 4096],
      [64, 16384],
      [128, 4096],
      [128, 16384],
    ]);
    for (const point of result.points) {
      expect(point.secondsPerLoad).toBeGreaterThan(0);
      expect(point.steps).toBe(2048);
      expect(point.verification.checkedElements).toBe(1);
      expect(point.timing.long.samples).toHaveLength(2);
    }
    expect(result.profiles.map((profile) => profile.strideBytes)).toEqual([64, 128]);
    expect(result.profiles[0]!.plateaus.length).toBeGreaterThan(0);
  });
});
