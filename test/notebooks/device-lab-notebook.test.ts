import { describe, expect, it } from "vitest";
import type { ChaseResult } from "../../src/gpu/bench-chase.ts";
import type { FmaResult } from "../../src/gpu/bench-fma.ts";
import type { StreamResult } from "../../src/gpu/bench-stream.ts";
import { hostCpuCaches } from "../../src/gpu/host-cpu-caches.ts";
import { latencyPlateaus } from "../../src/gpu/latency-plateaus.ts";
import { type DeviceMeasurements, measuredSpec } from "../../src/gpu/measured-spec.ts";
import { parseHardwareSpec } from "../../src/hwmodels/hardware-spec.ts";
import { getPreset } from "../../src/hwmodels/presets.ts";
import { rooflineCeilings } from "../../src/hwmodels/roofline.ts";
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
  it("measures this device (SwiftShader here); its plateaus, spec, roofs and host caches are the library's", async () => {
    const { status, values, failed } = run();
    expect(failed).toEqual([]);
    expect(status).toBe(0);
    const device = values.device as DeviceMeasurements & { measuredAt: string };
    expect(device.adapter.isFallbackAdapter).toBe(true);
    const fma = values.fma as FmaResult[];
    const stream = values.stream as StreamResult;
    const chase = values.chase as ChaseResult;
    // Small sizes for a software adapter: 16 STREAM runs, 13 chases from 4 KiB to 16 MiB.
    expect(fma.map((result) => result.precision)).toEqual(["f32"]);
    expect(stream.points.map((point) => point.bytesPerArray)).toEqual(
      Array.from({ length: 8 }, (_, i) => 2 ** (16 + i)).flatMap((bytes) => [bytes, bytes]),
    );
    expect(chase.points.map((point) => point.workingSetBytes)).toEqual(
      Array.from({ length: 13 }, (_, i) => 2 ** (12 + i)),
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

    // A software adapter runs on the host CPU: each plateau's cache is set against the host's...
    const host = await hostCpuCaches();
    expect(values.hostCaches).toEqual(host);
    const dataCaches = (host ?? []).filter((cache) => cache.type !== "Instruction");
    const rows = (values.limits as Array<{ quantity: string; limit: string }>).filter((row) =>
      row.quantity.startsWith("cache"),
    );
    expect(rows.map((row) => row.quantity)).toEqual(
      profile.caches.map((cache) => `cache L${cache.level} size`),
    );
    // ...each against the host cache nearest its size.
    rows.forEach((row, i) => {
      if (dataCaches.length === 0) {
        expect(row.limit).toBe("—");
        return;
      }
      const plateauBytes = profile.caches[i]!.bytes;
      const nearest = dataCaches.reduce((best, cache) =>
        Math.abs(Math.log2(cache.bytes / plateauBytes)) <
        Math.abs(Math.log2(best.bytes / plateauBytes))
          ? cache
          : best,
      );
      expect(row.limit).toContain(`(host L${nearest.level} ${nearest.type.toLowerCase()})`);
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
