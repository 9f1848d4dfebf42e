import { describe, expect, it } from "vitest";
import { parseHardwareSpec } from "../../src/hwmodels/hardware-spec.ts";
import { validationIssues } from "./validation-issues.ts";

/** A small, valid spec written the way people write them: strings with units. */
// biome-ignore lint/suspicious/noExplicitAny: tests mutate it into every invalid shape.
function sampleSpec(): Record<string, any> {
  return {
    id: "toy-gpu",
    name: "Toy GPU",
    clock: { hz: "1 GHz" },
    computeUnits: { count: 4, subgroupSize: 32 },
    limits: {
      threadsPerWorkgroup: 1024,
      sharedBytesPerWorkgroup: "48 KiB",
      sharedBytesPerUnit: "64 KiB",
    },
    compute: {
      matrix: { fp16: { flopsPerClockPerUnit: 1024 } },
      vector: { fp32: { flopsPerSecond: "1 TFLOPS" } },
    },
    memory: [
      {
        name: "L1",
        kind: "cache+scratchpad",
        scope: "unit",
        bytes: "128 KiB",
        bytesPerClockPerUnit: 128,
      },
      { name: "L2", kind: "cache", scope: "device", sets: 1024, ways: 16, lineBytes: 128 },
      { name: "DRAM", kind: "memory", scope: "device", bytes: "8 GB", bytesPerSecond: "500 GB/s" },
    ],
    sources: [
      {
        id: "made-up",
        kind: "datasheet",
        title: "Toy datasheet",
        url: "https://example.com/toy.pdf",
        covers: ["*"],
      },
    ],
  };
}

function issuesOf(data: unknown): string[] {
  return validationIssues(() => parseHardwareSpec(data, "toy.json"));
}

describe("parseHardwareSpec(data, subject)", () => {
  it("parses quantities written with units into base units", () => {
    const spec = parseHardwareSpec(sampleSpec());
    expect(spec.clock?.hz).toBe(1e9);
    expect(spec.limits?.sharedBytesPerWorkgroup).toBe(48 * 1024);
    expect(spec.compute.vector?.fp32?.flopsPerSecond).toBe(1e12);
    expect(spec.memory[2]!.bytesPerSecond).toBe(500e9);
  });

  it("reports every bad field at once, each by its path", () => {
    const data = sampleSpec();
    data.memory[2].bytesPerSecond = 0;
    data.memory[0].bytes = "128 KB";
    data.computeUnits.count = 2.5;
    data.clock.hz = "fast";
    expect(issuesOf(data)).toEqual([
      'clock.hz: invalid quantity "fast": expected a number and a unit, e.g. "1.98 GHz"',
      "computeUnits.count: must be an integer",
      'memory[0].bytes: invalid quantity "128 KB": "K" is ambiguous; write k (10^3) or Ki (2^10)',
      "memory[2].bytesPerSecond: must be > 0",
    ]);
  });

  it("names the subject in the message", () => {
    const data = sampleSpec();
    data.memory[2].bytesPerSecond = -1;
    expect(() => parseHardwareSpec(data, "toy.json")).toThrow(
      "toy.json:\n  memory[2].bytesPerSecond: must be > 0",
    );
  });

  it("reports unknown fields and unknown precisions where they are", () => {
    const data = sampleSpec();
    data.memory[1].bytesPerSec = 5;
    data.compute.matrix.fp12 = { flopsPerSecond: 1 };
    expect(issuesOf(data)).toEqual([
      expect.stringMatching(/^compute\.matrix\.fp12: unknown precision; known: fp64, fp32/),
      "memory[1].bytesPerSec: unknown field",
    ]);
  });

  it("rejects a cache size that disagrees with its geometry", () => {
    const data = sampleSpec();
    data.memory[1].bytes = "4 MiB";
    expect(issuesOf(data)).toEqual([
      "memory[1].bytes: 4194304 disagrees with sets x ways x lineBytes = 1024 x 16 x 128 = 2097152; state the size once",
    ]);
  });

  it("accepts a size stated both ways when they agree", () => {
    const data = sampleSpec();
    data.memory[1].bytes = "2 MiB";
    expect(parseHardwareSpec(data).memory[1]!.bytes).toBe(2 * 2 ** 20);
  });

  it("rejects an L2 smaller than L1, or levels out of order", () => {
    const data = sampleSpec();
    data.memory[1] = { name: "L2", kind: "cache", scope: "device", bytes: "64 KiB" };
    expect(issuesOf(data)).toEqual([
      "memory[1].bytes: L2 holds 64 KiB, less than the nearer L1 (128 KiB per unit); list levels from nearest to farthest",
    ]);
  });

  it("requires device memory last, with a bandwidth", () => {
    const data = sampleSpec();
    data.memory = [data.memory[2], data.memory[0]];
    delete data.memory[0].bytesPerSecond;
    const issues = issuesOf(data);
    expect(issues).toContain("memory[0].kind: only the last level may be device memory");
    expect(issues).toContain(
      'memory[1].kind: the last level must be device memory (kind "memory")',
    );
  });

  it("rejects a fact stated twice and a per-clock rate without a clock", () => {
    const data = sampleSpec();
    data.compute.matrix.fp16.flopsPerSecond = "4 TFLOPS";
    data.memory[0].bytesPerSecond = "1 TB/s";
    delete data.clock;
    expect(issuesOf(data)).toEqual([
      "compute.matrix.fp16: states both flopsPerClockPerUnit and flopsPerSecond; keep one (each fact once)",
      "compute.matrix.fp16.flopsPerClockPerUnit: a rate per clock needs clock.hz",
      "memory[0]: states bytesPerSecond and bytesPerClockPerUnit; keep one (each fact once)",
      "memory[0].bytesPerClockPerUnit: a rate per clock needs clock.hz",
    ]);
  });

  it("checks clock domains exist", () => {
    const data = sampleSpec();
    data.compute.matrix.fp16.clockDomain = "tensor";
    expect(issuesOf(data)).toEqual([
      "compute.matrix.fp16.clockDomain: no clock.domainsHz.tensor; known: none",
    ]);
    data.clock.domainsHz = { tensor: "900 MHz" };
    expect(parseHardwareSpec(data).clock?.domainsHz?.tensor).toBe(9e8);
  });

  it("rejects limits that contradict each other or the memory they live in", () => {
    const data = sampleSpec();
    data.limits.sharedBytesPerWorkgroup = "200 KiB";
    data.limits.sharedBytesPerUnit = "160 KiB";
    expect(issuesOf(data)).toEqual([
      "limits.sharedBytesPerWorkgroup: 204800 exceeds limits.sharedBytesPerUnit (163840)",
      "limits.sharedBytesPerUnit: 163840 B of shared memory does not fit in L1 (memory[0]: 131072 B per unit)",
    ]);
  });

  it("requires a URL for documents, an adapter for measurements, and covers that name facts", () => {
    const data = sampleSpec();
    data.sources = [
      { id: "doc", kind: "whitepaper", title: "No link", covers: ["compute"] },
      {
        id: "run",
        kind: "measurement",
        title: "Measured",
        covers: ["memory.DRAM", "memory.L9.bytes"],
      },
    ];
    expect(issuesOf(data)).toEqual([
      "sources[0].url: a whitepaper needs a URL",
      "sources[1].adapter: a measurement names the adapter that ran it",
      'sources[1].covers[1]: "memory.L9.bytes" names no number in this spec',
    ]);
  });

  it("validates a spec measured through WebGPU: no clock, no unit count, measured peaks", () => {
    const measured = {
      id: "measured-adapter",
      name: "Measured: SwiftShader",
      compute: { vector: { fp32: { flopsPerSecond: 2.1e11 } } },
      memory: [
        { name: "L1", kind: "cache", scope: "unit", bytes: "32 KiB", latencySeconds: "20 ns" },
        {
          name: "L2",
          kind: "cache",
          scope: "device",
          bytes: "4 MiB",
          bytesPerSecond: "300 GB/s",
          latencySeconds: "80 ns",
        },
        {
          name: "DRAM",
          kind: "memory",
          scope: "device",
          bytesPerSecond: "40 GB/s",
          latencySeconds: "110 ns",
        },
      ],
      limits: { threadsPerWorkgroup: 256, sharedBytesPerWorkgroup: "16 KiB" },
      sources: [
        {
          id: "characterize",
          kind: "measurement",
          title: "codesign-notebook characterize",
          adapter: "Google SwiftShader (Vulkan)",
          date: "2025-01-01",
          covers: ["*"],
        },
      ],
    };
    const spec = parseHardwareSpec(measured);
    expect(spec.computeUnits).toBeUndefined();
    expect(spec.memory[2]!.latencySeconds).toBe(110e-9);
  });
});

describe("parsed specs are values", () => {
  it("come back deeply frozen, so a cached derivation cannot go stale", () => {
    const spec = parseHardwareSpec(sampleSpec());
    expect(() => {
      (spec.memory[1] as { bytes?: number }).bytes = 1;
    }).toThrow(TypeError);
    expect(Object.isFrozen(spec.compute.matrix?.fp16)).toBe(true);
  });
});
