import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseHardwareSpec } from "../../src/hwmodels/hardware-spec.ts";
import { getPreset } from "../../src/hwmodels/presets.ts";
import { attainableFlops, roofline, rooflineCeilings } from "../../src/hwmodels/roofline.ts";
import { validationIssues } from "./validation-issues.ts";

const h100 = getPreset("h100-sxm");
const a100 = getPreset("a100-80gb-sxm");

describe("roofline(work, hw)", () => {
  it("puts STREAM triad on the memory roof: time = bytes / bandwidth, intensity 1/6", () => {
    const n = 2 ** 28; // a[i] = b[i] + s * c[i] in fp32: 2 flops, 12 bytes per element
    const result = roofline({ flops: { fp32: 2 * n }, bytes: { HBM3: 12 * n } }, h100);
    expect(result.bound).toBe("memory");
    expect(result.binding.name).toBe("HBM3");
    expect(result.seconds).toBe((12 * n) / 3.35e12);
    expect(result.arithmeticIntensity.HBM3).toBeCloseTo(1 / 6, 12);
    expect(result.attainableFlopsPerSecond).toBeCloseTo(3.35e12 / 6, 0);
    expect(result.compute[0]!.unit).toBe("vector");
    expect(result.reason).toMatch(
      /^memory-bound on HBM3: .* moving 3\.22 GB through HBM3 at 3\.35 TB\/s/,
    );
  });

  it("puts a large fp16 GEMM on the matrix-unit roof", () => {
    const n = 8192;
    const result = roofline({ flops: { fp16: 2 * n ** 3 }, bytes: { HBM2e: 3 * n * n * 2 } }, a100);
    expect(result.bound).toBe("compute");
    expect(result.binding).toMatchObject({ kind: "compute", precision: "fp16", unit: "matrix" });
    expect(result.seconds).toBe((2 * n ** 3) / (2048 * 108 * 1.41e9));
    expect(result.attainableFlopsPerSecond).toBeCloseTo(2048 * 108 * 1.41e9, -3);
    expect(result.dominantLevel).toBe("HBM2e");
  });

  it("adds the compute times of different precisions and lets the user pick the unit", () => {
    const work = {
      flops: { fp16: 1e12, fp32: 1e11 },
      bytes: {},
      units: { fp16: "vector" as const },
    };
    const result = roofline(work, a100);
    expect(result.computeSeconds).toBeCloseTo(
      1e12 / (512 * 108 * 1.41e9) + 1e11 / (128 * 108 * 1.41e9),
      15,
    );
    expect(result.compute.map((roof) => roof.name)).toEqual(["fp32 vector", "fp16 vector"]);
    expect(result.reason).toMatch(/^compute-bound: .* no memory traffic$/);
  });

  it("finds the binding level of a hierarchy: L2 traffic can dominate HBM traffic", () => {
    const result = roofline(
      { flops: { fp16: 1e9 }, bytes: { L1: 1e9, L2: 2e10, HBM2e: 1e9 } },
      a100,
    );
    expect(result.dominantLevel).toBe("L2");
    expect(result.binding.name).toBe("L2");
    expect(result.seconds).toBe(2e10 / (5120 * 1.41e9));
    expect(result.memory.map((roof) => roof.name)).toEqual(["L1", "L2", "HBM2e"]);
  });

  it("runs on a measured spec with no clock and no unit count", () => {
    const measured = parseHardwareSpec(
      JSON.parse(readFileSync("test/fixtures/measured-spec.json", "utf8")),
    );
    const result = roofline({ flops: { fp32: 4.2e11 }, bytes: { DRAM: 4e9, L2: 8e9 } }, measured);
    expect(result.seconds).toBe(2);
    expect(result.bound).toBe("compute");
  });

  it("reports every malformed part of the work by path, naming what the spec has", () => {
    const work = {
      flops: { fp16: -1, fp12: 1, fp8: 5 },
      bytes: { L3: 1, L2: 5, HBM3: Number.NaN },
    } as never;
    expect(validationIssues(() => roofline(work, h100))).toEqual([
      "flops.fp16: must be a finite number >= 0 (got -1)",
      "flops.fp12: unknown precision; known: fp64, fp32, tf32, bf16, fp16, fp8, fp6, fp4, int8, int4",
      'bytes["L3"]: no memory level named "L3"; known: L1, L2, HBM3',
      'bytes["L2"]: h100-sxm states no bandwidth for L2',
      'bytes["HBM3"]: must be a finite number >= 0 (got NaN)',
    ]);
  });

  it("refuses a precision the spec states no peak for", () => {
    expect(() => roofline({ flops: { fp16: 1 }, bytes: {} }, getPreset("apple-m1-max"))).toThrow(
      "flops.fp16: apple-m1-max states no peak for fp16; it states fp32 (vector)",
    );
  });
});

describe("attainableFlops(intensity, peak, bandwidth)", () => {
  it("is the bandwidth slope below the ridge point and the peak above it", () => {
    expect(attainableFlops(10, 1000, 20)).toBe(200);
    expect(attainableFlops(100, 1000, 20)).toBe(1000);
    expect(attainableFlops(50, 1000, 20)).toBe(1000);
  });
});

describe("rooflineCeilings(hw)", () => {
  it("gives one compute ceiling per peak, one memory ceiling per level with a bandwidth, and their ridge points", () => {
    const ceilings = rooflineCeilings(a100, { precisions: ["fp16"] });
    expect(ceilings.compute.map((c) => `${c.precision} ${c.unit}`)).toEqual([
      "fp16 matrix",
      "fp16 vector",
    ]);
    expect(ceilings.memory.map((c) => c.level)).toEqual(["L1", "L2", "HBM2e"]);
    const ridge = ceilings.ridgePoints.find((r) => r.unit === "matrix" && r.level === "HBM2e")!;
    expect(ridge.flopsPerByte).toBeCloseTo((2048 * 108 * 1.41e9) / 2.039e12, 9);
    expect(ceilings.compute[0]!.label).toBe("fp16 matrix: 311.9 TFLOP/s");
  });
  it("skips levels whose bandwidth the spec does not state", () => {
    expect(rooflineCeilings(h100).memory.map((c) => c.level)).toEqual(["L1", "HBM3"]);
  });
});
