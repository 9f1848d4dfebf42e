import { describe, expect, it } from "vitest";
import type { AdapterDescription } from "../../src/gpu/adapter-description.ts";
import type { ComputeLimits } from "../../src/gpu/device.ts";
import { assertTileRuns } from "../../src/gpu/kernels/matmul-tiled.ts";
import type { StreamOp } from "../../src/gpu/kernels/stream.ts";
import { latencyPlateaus } from "../../src/gpu/latency-plateaus.ts";
import { type DeviceMeasurements, measuredSpec } from "../../src/gpu/measured-spec.ts";
import { summarizeSamples } from "../../src/gpu/sample-summary.ts";
import type { DispatchTiming } from "../../src/gpu/timing.ts";
import { deriveFigures } from "../../src/hwmodels/derived-figures.ts";
import { gemmMachine } from "../../src/hwmodels/gemm-machine.ts";
import { formatTile } from "../../src/hwmodels/gemm-tile.ts";
import { parseHardwareSpec } from "../../src/hwmodels/hardware-spec.ts";
import { tileFootprint } from "../../src/hwmodels/tile-footprint.ts";
import { DEFAULT_TILE_SPACE, enumerateTiles } from "../../src/hwmodels/tile-search.ts";

const KiB = 1024;
const MiB = 1024 * KiB;

const adapter: AdapterDescription = {
  vendor: "acme",
  architecture: "rocket",
  device: "",
  description: "",
  isFallbackAdapter: false,
  runtime: "node",
  name: "acme rocket via Dawn in Node",
};
const limits = {
  maxComputeInvocationsPerWorkgroup: 1024,
  maxComputeWorkgroupSizeX: 1024,
  maxComputeWorkgroupStorageSize: 49152,
} as ComputeLimits;

function timing(seconds: number): DispatchTiming {
  return {
    adapter: adapter.name,
    method: "timestamp-query",
    methodNote: "",
    warmupPasses: 1,
    dispatchesPerPass: 1,
    samples: [seconds],
    summary: summarizeSamples([seconds]),
  };
}
const verification = {
  checkedElements: 1,
  totalElements: 1,
  maxError: 0,
  maxErrorToTolerance: 0,
  tolerance: "",
};

function streamPoint(op: StreamOp, bytesPerArray: number, bytesPerSecond: number) {
  const arrays = op === "copy" ? 2 : 3;
  return {
    op,
    bytesPerArray,
    bytesMoved: arrays * bytesPerArray,
    bytesPerSecond,
    timing: timing(1),
    verification,
  };
}

/** A device with caches of 64 KiB (20 ns) and 4 MiB (100 ns) and memory at 400 ns. */
function measurements(): DeviceMeasurements {
  const curve = [4, 16, 64, 256, 1024, 4096, 16384, 65536].map((k) => ({
    workingSetBytes: k * KiB,
    secondsPerLoad: k <= 64 ? 20e-9 : k <= 4096 ? 100e-9 : 400e-9,
  }));
  return {
    adapter,
    limits,
    fma: [
      {
        adapter,
        precision: "f32",
        invocations: 1,
        iterations: 1,
        flops: 1,
        flopsPerSecond: 2.345678e13,
        timing: timing(1),
        verification,
      },
      {
        adapter,
        precision: "f16",
        invocations: 1,
        iterations: 1,
        flops: 1,
        flopsPerSecond: 4.6e13,
        timing: timing(1),
        verification,
      },
    ],
    stream: {
      adapter,
      width: 4,
      // Footprints: 3 x 16 KiB fits L1; 3 x 1 MiB fits L2; 2 x 16 MiB is beyond both.
      points: [
        streamPoint("triad", 16 * KiB, 5e12),
        streamPoint("triad", 1 * MiB, 3e12),
        streamPoint("copy", 16 * MiB, 1e12),
      ],
      peakBytesPerSecond: 5e12,
    },
    chase: {
      adapter,
      points: [],
      profiles: [{ strideBytes: 64, ...latencyPlateaus(curve) }],
    },
  };
}

describe("measuredSpec(measurements, tool, date)", () => {
  it("is a valid hardware spec, with the derived figures the models use", () => {
    const spec = parseHardwareSpec(measuredSpec(measurements(), "test", "2025-01-01"), "measured");
    const figures = deriveFigures(spec);
    expect(figures.peakFlopsPerSecond.vector?.fp32).toBe(2.346e13);
    expect(figures.deviceMemory.bytesPerSecond).toBe(1e12);
    expect(figures.levels.map((level) => level.name)).toEqual(["L1", "L2", "DRAM"]);
  });

  it("stays valid with a single plateau (no cache found) and on a software adapter", () => {
    const flat = measurements();
    flat.adapter = { ...adapter, isFallbackAdapter: true, architecture: "" };
    flat.chase.profiles = [
      { strideBytes: 64, ...latencyPlateaus([{ workingSetBytes: 4096, secondsPerLoad: 1e-7 }]) },
    ];
    const spec = measuredSpec(flat, "test", "2025-01-01");
    expect(spec.memory.map((level) => level.name)).toEqual(["DRAM"]);
    expect(spec.id).toBe("measured-acme");
    expect(() => parseHardwareSpec(spec, "measured")).not.toThrow();
  });

  it("turns plateaus into cache levels and the last plateau into device memory", () => {
    const spec = measuredSpec(measurements(), "test", "2025-01-01");
    expect(
      spec.memory.map((level) => [level.name, level.kind, level.bytes, level.latencySeconds]),
    ).toEqual([
      ["L1", "cache", 64 * KiB, 2e-8],
      ["L2", "cache", 4 * MiB, 1e-7],
      ["DRAM", "memory", undefined, 4e-7],
    ]);
  });

  it("gives each level the best STREAM rate whose arrays fit it and not the level below", () => {
    const spec = measuredSpec(measurements(), "test", "2025-01-01");
    expect(spec.memory.map((level) => level.bytesPerSecond)).toEqual([5e12, 3e12, 1e12]);
  });

  it("states peaks per precision to four significant digits and the device limits", () => {
    const spec = measuredSpec(measurements(), "test", "2025-01-01");
    expect(spec.compute.vector).toEqual({
      fp32: { flopsPerSecond: 2.346e13 },
      fp16: { flopsPerSecond: 4.6e13 },
    });
    expect(spec.limits).toEqual({
      threadsPerWorkgroup: 1024,
      sharedBytesPerWorkgroup: 49152,
      registersPerThread: 255,
    });
  });

  it("cites the measurement with the adapter, tool and date", () => {
    const spec = measuredSpec(measurements(), "codesign-notebook 0.1.0 characterize", "2025-01-01");
    expect(spec.id).toBe("measured-rocket");
    expect(spec.sources).toEqual([
      expect.objectContaining({
        kind: "measurement",
        adapter: adapter.name,
        tool: "codesign-notebook 0.1.0 characterize",
        date: "2025-01-01",
        covers: ["*"],
      }),
    ]);
  });

  it("warns that a software adapter's numbers describe a CPU", () => {
    const software = measurements();
    software.adapter = { ...adapter, isFallbackAdapter: true };
    expect(measuredSpec(software, "t", "2025-01-01").notes.join(" ")).toMatch(/software adapter/);
    expect(measuredSpec(measurements(), "t", "2025-01-01").notes.join(" ")).not.toMatch(
      /software adapter/,
    );
  });

  it("states no bandwidth for a cache whose STREAM runs were slower than memory's", () => {
    // Small arrays that fit L1 ran at 0.2 GB/s, slower than DRAM's 1 TB/s: dispatch overhead.
    const overheadBound = measurements();
    overheadBound.stream.points[0] = streamPoint("triad", 16 * KiB, 2e8);
    const spec = measuredSpec(overheadBound, "t", "2025-01-01");
    expect(spec.memory.map((level) => level.bytesPerSecond)).toEqual([undefined, 3e12, 1e12]);
    expect(spec.memory[0]!.note).toMatch(
      /bandwidth not stated: the STREAM runs that fit here \(best 200000000 B\/s\) were slower than L2's/,
    );
    expect(() => parseHardwareSpec(spec, "measured")).not.toThrow();
  });

  it("falls back to the best rate of any size when no STREAM run left the caches", () => {
    const small = measurements();
    small.stream.points = small.stream.points.slice(0, 2);
    const dram = measuredSpec(small, "t", "2025-01-01").memory.at(-1)!;
    expect(dram.bytesPerSecond).toBe(5e12);
    expect(dram.note).toMatch(/no STREAM run exceeded the last cache/);
  });

  it("lets the GEMM model reject exactly the tiles the matmul kernel cannot run", () => {
    const spec = parseHardwareSpec(measuredSpec(measurements(), "t", "2025-01-01"), "measured");
    for (const precision of ["f32", "f16"] as const) {
      const machine = gemmMachine(spec, precision === "f32" ? "fp32" : "fp16");
      const verdicts = enumerateTiles(DEFAULT_TILE_SPACE).map((tile) => {
        let kernel = true;
        try {
          assertTileRuns(tile, limits, precision);
        } catch {
          kernel = false;
        }
        return {
          tile: formatTile(tile),
          kernel,
          model: tileFootprint(tile, machine).problems.length === 0,
        };
      });
      expect(verdicts.filter((v) => v.kernel !== v.model)).toEqual([]);
      // Both kinds occur: the comparison is not vacuous.
      expect(new Set(verdicts.map((v) => v.kernel))).toEqual(new Set([true, false]));
    }
  });
});
