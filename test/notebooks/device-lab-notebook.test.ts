import { describe, expect, it } from "vitest";
import { adapterPresetId } from "../../src/gpu/adapter-preset.ts";
import type { ChaseResult } from "../../src/gpu/bench-chase.ts";
import type { FmaResult } from "../../src/gpu/bench-fma.ts";
import type { StreamResult } from "../../src/gpu/bench-stream.ts";
import { hostCpuCaches } from "../../src/gpu/host-cpu-caches.ts";
import { latencyPlateaus } from "../../src/gpu/latency-plateaus.ts";
import { type DeviceMeasurements, measuredSpec } from "../../src/gpu/measured-spec.ts";
import { parseHardwareSpec } from "../../src/hwmodels/hardware-spec.ts";
import { levelCapacityBytes } from "../../src/hwmodels/memory-levels.ts";
import { getPreset } from "../../src/hwmodels/presets.ts";
import { rooflineCeilings } from "../../src/hwmodels/roofline.ts";
import { formatQuantity } from "../../src/hwmodels/units.ts";
import { runNotebook, runNotebookWithEnv } from "./run-notebook.ts";

const run = (...sets: string[]) => runNotebook("device-lab.md", ...sets);

/** The vector roofs of a spec, as the notebook draws them: FMA chains run on vector units. */
function vectorCeilings(spec: Parameters<typeof rooflineCeilings>[0]) {
  const ceilings = rooflineCeilings(spec, { precisions: ["fp32", "fp16"] });
  return {
    compute: ceilings.compute.filter((c) => c.unit === "vector"),
    memory: ceilings.memory,
  };
}

describe("notebooks/device-lab.md, headless", () => {
  it("measures this device (SwiftShader here); its plateaus, spec, roofs and reference caches are the library's", async () => {
    const { status, values, failed } = run();
    expect(failed).toEqual([]);
    expect(status).toBe(0);
    const device = values.device as DeviceMeasurements & { measuredAt: string; hasF16: boolean };
    const fma = values.fma as FmaResult[];
    const stream = values.stream as StreamResult;
    const chase = values.chase as ChaseResult;
    // A software adapter gets small sizes (STREAM arrays to 8 MiB, chases to 16 MiB); a GPU
    // gets arrays to 256 MiB and chases to 256 MiB, within its buffer limit.
    const small = device.adapter.isFallbackAdapter;
    const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
    const doubling = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => 2 ** (from + i)).filter((bytes) => bytes <= limit);
    expect(fma.map((result) => result.precision)).toEqual(device.hasF16 ? ["f32", "f16"] : ["f32"]);
    expect(stream.points.map((point) => point.bytesPerArray)).toEqual(
      doubling(16, small ? 8 : 13).flatMap((bytes) => [bytes, bytes]),
    );
    expect(chase.points.map((point) => point.workingSetBytes)).toEqual(
      doubling(12, small ? 13 : 17),
    );

    // Plateaus found again from the measured points at the default threshold.
    const points = chase.points.map(({ workingSetBytes, secondsPerLoad }) => ({
      workingSetBytes,
      secondsPerLoad,
    }));
    const profile = latencyPlateaus(points, { jump: 1.3 });
    expect(values.latencyProfile).toEqual(profile);
    const spec = parseHardwareSpec(
      measuredSpec(
        {
          adapter: device.adapter,
          limits: device.limits,
          fma,
          stream,
          chase: { ...chase, profiles: [{ strideBytes: 64, ...profile }] },
        },
        "codesign-notebook device lab",
        device.measuredAt.slice(0, 10),
      ),
    );
    const ceilings = values.ceilings as Array<{ spec: string } & ReturnType<typeof vectorCeilings>>;
    expect(ceilings).toEqual([
      { spec: "this device", ...vectorCeilings(spec) },
      { spec: "NVIDIA H100 SXM5 80GB", ...vectorCeilings(getPreset("h100-sxm")) },
    ]);
    expect(ceilings[0]!.compute[0]!.flopsPerSecond).toBe(
      Number(fma[0]!.flopsPerSecond.toPrecision(4)),
    );

    // Each plateau's cache is set against the reference cache nearest its size: the host CPU's
    // data caches for a software adapter (it runs on that CPU), else the adapter's own preset's.
    const host = await hostCpuCaches();
    expect(values.hostCaches).toEqual(host);
    const ownPresetId = adapterPresetId(device.adapter);
    const references = small
      ? (host ?? [])
          .filter((cache) => cache.type !== "Instruction")
          .map((cache) => ({
            name: `host L${cache.level} ${cache.type.toLowerCase()}`,
            bytes: cache.bytes,
          }))
      : ownPresetId
        ? getPreset(ownPresetId)
            .memory.filter((level) => level.kind !== "memory" && levelCapacityBytes(level))
            .map((level) => ({ name: level.name, bytes: levelCapacityBytes(level)! }))
        : [];
    const rows = (values.limits as Array<{ quantity: string; limit: string }>).filter((row) =>
      row.quantity.startsWith("cache"),
    );
    expect(rows.map((row) => row.quantity)).toEqual(
      profile.caches.map((cache) => `cache L${cache.level} size`),
    );
    rows.forEach((row, i) => {
      const plateauBytes = profile.caches[i]!.bytes;
      const distance = (bytes: number) => Math.abs(Math.log2(bytes / plateauBytes));
      const nearest = references.reduce<(typeof references)[number] | undefined>(
        (best, cache) => (!best || distance(cache.bytes) < distance(best.bytes) ? cache : best),
        undefined,
      );
      expect(row.limit).toBe(
        nearest
          ? `${formatQuantity(nearest.bytes, "bytes", { binary: true })} (${nearest.name})`
          : "—",
      );
    });
  }, 180_000);

  it("without WebGPU, measures nothing, says how to get it, and still draws the preset's roofline", () => {
    const { status, values, failed, notices } = runNotebookWithEnv(
      { VK_ICD_FILENAMES: "/nonexistent/icd.json" },
      "device-lab.md",
      "presetId=h200",
    );
    expect(failed).toEqual([]);
    expect(status).toBe(0);
    expect(notices).toEqual([expect.stringMatching(/^WebGPU is not available.*To get it/)]);
    expect(values).toMatchObject({
      device: null,
      fma: [],
      stream: null,
      chase: null,
      measured: null,
    });
    expect(values.ceilings).toEqual([
      { spec: "NVIDIA H200 SXM 141GB", ...vectorCeilings(getPreset("h200")) },
    ]);
    expect(values.limits).toEqual([]);
  }, 60_000);
});
