import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchStream } from "../../src/gpu/bench-stream.ts";
import { acquireDevice, type GpuContext, releaseDevice } from "../../src/gpu/device.ts";
import { DeviceLimitError } from "../../src/gpu/errors.ts";
import { QUICK } from "./quick-timing.ts";

let context: GpuContext;
beforeAll(async () => {
  context = await acquireDevice();
});
afterAll(releaseDevice);

describe("benchStream(context, options)", () => {
  it("runs every op at every size, each verified, counting bytes as STREAM does", async () => {
    const result = await benchStream(context, { bytesPerArray: [4096, 65536], timing: QUICK });
    expect(result.points.map((p) => `${p.op}@${p.bytesPerArray}`)).toEqual([
      "copy@4096",
      "scale@4096",
      "add@4096",
      "triad@4096",
      "copy@65536",
      "scale@65536",
      "add@65536",
      "triad@65536",
    ]);
    for (const point of result.points) {
      const arrays = point.op === "copy" || point.op === "scale" ? 2 : 3;
      expect(point.bytesMoved).toBe(arrays * point.bytesPerArray);
      expect(point.verification.checkedElements).toBe(point.bytesPerArray / 4);
      expect(point.bytesPerSecond).toBeCloseTo(point.bytesMoved / point.timing.summary.median);
    }
    expect(result.peakBytesPerSecond).toBe(Math.max(...result.points.map((p) => p.bytesPerSecond)));
  });

  it("runs scalar loads when asked, over sizes that are not multiples of a vector", async () => {
    const result = await benchStream(context, {
      ops: ["triad"],
      bytesPerArray: [1028],
      width: 1,
      timing: QUICK,
    });
    expect(result.width).toBe(1);
    expect(result.points[0]!.verification.checkedElements).toBe(257);
  });

  it("reports progress after each measurement", async () => {
    const seen: string[] = [];
    await benchStream(context, {
      ops: ["copy", "add"],
      bytesPerArray: [4096],
      timing: QUICK,
      onProgress: (done, total, label) => seen.push(`${done}/${total} ${label}`),
    });
    expect(seen).toEqual([
      "1/2 stream copy 4096 B/array vec4<f32>",
      "2/2 stream add 4096 B/array vec4<f32>",
    ]);
  });

  it("refuses an array over the device's binding limit", async () => {
    const bytes = context.limits.maxStorageBufferBindingSize * 2;
    await expect(
      benchStream(context, { ops: ["copy"], bytesPerArray: [bytes], timing: QUICK }),
    ).rejects.toThrow(DeviceLimitError);
  });
});
