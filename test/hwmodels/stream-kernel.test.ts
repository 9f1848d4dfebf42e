import { describe, expect, it } from "vitest";
import { CacheHierarchy } from "../../src/hwmodels/cache/cache-hierarchy.ts";
import { streamTrace } from "../../src/hwmodels/cache/stream-trace.ts";
import { parseHardwareSpec } from "../../src/hwmodels/hardware-spec.ts";
import { getPreset } from "../../src/hwmodels/presets.ts";
import { roofline } from "../../src/hwmodels/roofline.ts";
import { STREAM_COUNTS, streamKernelWork } from "../../src/hwmodels/stream-kernel.ts";
import { validationIssues } from "./validation-issues.ts";

const MiB = 2 ** 20;
const h100 = getPreset("h100-sxm");
const a100 = getPreset("a100-80gb-sxm");

describe("streamKernelWork(stream, hw)", () => {
  it("counts bytes and FLOPs per element as McCalpin's STREAM table does", () => {
    // https://www.cs.virginia.edu/~mccalpin/papers/bandwidth/node2.html, 8-byte words:
    // COPY 16 bytes 0 FLOPS, SCALE 16 1, SUM 24 1, TRIAD 24 2.
    const table = { copy: [16, 0], scale: [16, 1], add: [24, 1], triad: [24, 2] } as const;
    for (const [kernel, [bytes, flops]] of Object.entries(table)) {
      const { work, elements } = streamKernelWork(
        { kernel: kernel as keyof typeof table, bytesPerArray: 256 * MiB, dtype: "fp64" },
        h100,
      );
      expect(elements).toBe((256 * MiB) / 8);
      expect(work.bytes.HBM3).toBe(bytes * elements);
      expect(work.flops.fp64 ?? 0).toBe(flops * elements);
      expect(STREAM_COUNTS[kernel as keyof typeof table].arrays * 8).toBe(bytes);
    }
  });

  it("sends a working set larger than every cache to device memory: triad on the HBM3 roof", () => {
    const stream = streamKernelWork({ kernel: "triad", bytesPerArray: 64 * MiB }, h100);
    expect(stream.servedBy).toBe("HBM3");
    expect(stream.arithmeticIntensity).toBeCloseTo(1 / 6, 12);
    // H100's L2 states no bandwidth: the traffic passes it, but it has no roof to bind.
    expect(stream.skippedLevels).toEqual(["L2"]);
    expect(stream.work.bytes).toEqual({ L1: 3 * 64 * MiB, HBM3: 3 * 64 * MiB });
    const result = roofline(stream.work, h100);
    expect(result.binding.name).toBe("HBM3");
    expect(result.seconds).toBe((3 * 64 * MiB) / 3.35e12);
    expect(stream.reason).toMatch(/no cache holds the 201 MB working set: HBM3 serves it/);
  });

  it("serves a working set that fits in L2 from L2, with no device-memory traffic", () => {
    // A100: L1 is 192 KiB x 108 SMs = 20.25 MiB in all; L2 40 MiB at 5120 B/clk.
    const stream = streamKernelWork({ kernel: "triad", bytesPerArray: 8 * MiB }, a100);
    expect(stream.workingSetBytes).toBe(24 * MiB);
    expect(stream.servedBy).toBe("L2");
    expect(stream.work.bytes).toEqual({ L1: 24 * MiB, L2: 24 * MiB });
    expect(roofline(stream.work, a100).binding.name).toBe("L2");
    // 4 MiB arrays (12 MiB) fit in the SMs' L1s together.
    expect(streamKernelWork({ kernel: "triad", bytesPerArray: 4 * MiB }, a100).servedBy).toBe("L1");
  });

  it("agrees with the LRU simulator on which level serves a swept working set", () => {
    // One 64 KiB fully associative LRU cache in front of memory. The second sweep of a triad
    // over 48 KiB hits throughout; over 96 KiB it misses on every line.
    const spec = parseHardwareSpec({
      id: "one-cache",
      name: "one cache",
      compute: { vector: { fp32: { flopsPerSecond: 1e12 } } },
      memory: [
        { name: "C", kind: "cache", scope: "device", bytes: 64 * 1024, bytesPerSecond: 1e12 },
        { name: "MEM", kind: "memory", scope: "device", bytesPerSecond: 1e11 },
      ],
      sources: [{ id: "test", kind: "measurement", title: "t", adapter: "t", covers: ["*"] }],
    });
    const verdicts: string[] = [];
    for (const elements of [4096, 8192]) {
      const sim = new CacheHierarchy({
        levels: [{ name: "C", sets: 1, ways: 1024, lineBytes: 64 }],
      });
      const sweep = () => {
        for (const chunk of streamTrace({ kernel: "triad", elements, elementBytes: 4 }))
          sim.run(chunk);
        return sim.stats().C!.MISS_count;
      };
      const firstSweepMisses = sweep();
      const secondSweepMisses = sweep() - firstSweepMisses;
      const model = streamKernelWork({ kernel: "triad", bytesPerArray: elements * 4 }, spec);
      expect(model.servedBy).toBe(secondSweepMisses === 0 ? "C" : "MEM");
      expect(secondSweepMisses === 0 || secondSweepMisses === firstSweepMisses).toBe(true);
      verdicts.push(model.servedBy);
    }
    expect(verdicts).toEqual(["C", "MEM"]);
  });

  it("counts one copy of a per-unit cache when the unit count is unknown (a measured spec)", () => {
    const spec = parseHardwareSpec({
      id: "measured",
      name: "measured",
      compute: { vector: { fp32: { flopsPerSecond: 1e10 } } },
      memory: [
        { name: "L1", kind: "cache", scope: "unit", bytes: MiB, bytesPerSecond: 4e9 },
        { name: "DRAM", kind: "memory", scope: "device", bytesPerSecond: 2e9 },
      ],
      sources: [{ id: "m", kind: "measurement", title: "t", adapter: "t", covers: ["*"] }],
    });
    expect(streamKernelWork({ kernel: "add", bytesPerArray: 256 * 1024 }, spec).servedBy).toBe(
      "L1",
    );
    expect(streamKernelWork({ kernel: "add", bytesPerArray: 512 * 1024 }, spec).servedBy).toBe(
      "DRAM",
    );
  });

  it("leaves copy with no FLOPs: it sits at intensity 0", () => {
    const stream = streamKernelWork({ kernel: "copy", bytesPerArray: MiB * 512 }, h100);
    expect(stream.work.flops).toEqual({});
    expect(stream.arithmeticIntensity).toBe(0);
    expect(roofline(stream.work, h100).attainableFlopsPerSecond).toBe(0);
  });

  it("names every problem with a malformed stream", () => {
    expect(
      validationIssues(() =>
        streamKernelWork(
          { kernel: "sum" as "add", bytesPerArray: -1, dtype: "fp16" },
          getPreset("mi300x"),
        ),
      ),
    ).toEqual([
      "kernel: must be one of copy, scale, add, triad",
      "bytesPerArray: must be a number > 0 (got -1)",
      "dtype: mi300x states no vector peak for fp16",
    ]);
  });
});
