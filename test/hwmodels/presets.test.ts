import { describe, expect, it } from "vitest";
import type { HardwareSpec } from "../../src/hwmodels/hardware-spec.ts";
import {
  deviceMemory,
  levelBytesPerSecond,
  levelCapacityBytes,
} from "../../src/hwmodels/memory-levels.ts";
import { peakFlopsPerSecond } from "../../src/hwmodels/peak.ts";
import type { ComputeUnitKind, Precision } from "../../src/hwmodels/precision.ts";
import {
  allPresets,
  getPreset,
  presetIds,
  UnknownPresetError,
} from "../../src/hwmodels/presets.ts";
import { factSources, uncitedFacts } from "../../src/hwmodels/spec-facts.ts";

/**
 * Headline figures as the vendors print them: the independent reference the presets are checked
 * against. Presets store per-clock rates, clocks and unit counts (or totals where that is how the
 * vendor states them); these are the published totals. A derived value must fall within one unit
 * in the last place the document prints (NVIDIA rounds 33.45 to "34" in one table and "33.5" in
 * another), which catches a wrong rate, clock or unit count by a wide margin.
 */
interface Headline {
  what: string;
  /** The figure as printed, and the scale it is printed in (1e12 for TFLOPS). */
  printed: string;
  scale: number;
  /** Divide the printed figure by this before comparing (8 GPUs per HGX board, 2 for sparsity). */
  divisor?: number;
  derive: (spec: HardwareSpec) => number;
}

const peak = (precision: Precision, unit: ComputeUnitKind) => (spec: HardwareSpec) =>
  peakFlopsPerSecond(spec, precision, unit).flopsPerSecond;
const memoryBandwidth = (spec: HardwareSpec) => levelBytesPerSecond(spec, deviceMemory(spec))!;
const level = (name: string, field: "bytes" | "bandwidth") => (spec: HardwareSpec) => {
  const found = spec.memory.find((candidate) => candidate.name === name)!;
  return field === "bytes" ? levelCapacityBytes(found)! : levelBytesPerSecond(spec, found)!;
};
const registerFileBytesPerUnit = (spec: HardwareSpec) => spec.limits!.registersPerUnit! * 4;
const T = 1e12;
const MiB = 2 ** 20;
const KiB = 2 ** 10;

const HEADLINES: Record<string, { citation: string; figures: Headline[] }> = {
  "a100-80gb-sxm": {
    citation:
      "NVIDIA A100 whitepaper v1.0 (2020), Table 3, A100 column; A100 datasheet (80GB SXM column) for memory bandwidth",
    figures: [
      { what: "FP64", printed: "9.7", scale: T, derive: peak("fp64", "vector") },
      { what: "FP64 Tensor Core", printed: "19.5", scale: T, derive: peak("fp64", "matrix") },
      { what: "FP32", printed: "19.5", scale: T, derive: peak("fp32", "vector") },
      { what: "FP16 (non-tensor)", printed: "78", scale: T, derive: peak("fp16", "vector") },
      { what: "BF16 (non-tensor)", printed: "39", scale: T, derive: peak("bf16", "vector") },
      { what: "TF32 Tensor Core", printed: "156", scale: T, derive: peak("tf32", "matrix") },
      { what: "FP16 Tensor Core", printed: "312", scale: T, derive: peak("fp16", "matrix") },
      { what: "BF16 Tensor Core", printed: "312", scale: T, derive: peak("bf16", "matrix") },
      { what: "INT8 Tensor Core", printed: "624", scale: T, derive: peak("int8", "matrix") },
      { what: "INT4 Tensor Core", printed: "1248", scale: T, derive: peak("int4", "matrix") },
      { what: "memory bandwidth (GB/s)", printed: "2039", scale: 1e9, derive: memoryBandwidth },
      { what: "L2 (MB)", printed: "40", scale: MiB, derive: level("L2", "bytes") },
      {
        what: "register file per SM (KB)",
        printed: "256",
        scale: KiB,
        derive: registerFileBytesPerUnit,
      },
      { what: "L1/shared per SM (KB)", printed: "192", scale: KiB, derive: level("L1", "bytes") },
    ],
  },
  "h100-sxm": {
    citation:
      "NVIDIA H100 whitepaper v1.04 (2022), Table 3, H100 SXM5 column; H100 datasheet for memory bandwidth",
    figures: [
      { what: "FP64", printed: "33.5", scale: T, derive: peak("fp64", "vector") },
      { what: "FP64 Tensor Core", printed: "66.9", scale: T, derive: peak("fp64", "matrix") },
      { what: "FP32", printed: "66.9", scale: T, derive: peak("fp32", "vector") },
      { what: "FP16 (non-tensor)", printed: "133.8", scale: T, derive: peak("fp16", "vector") },
      { what: "BF16 (non-tensor)", printed: "133.8", scale: T, derive: peak("bf16", "vector") },
      { what: "TF32 Tensor Core", printed: "494.7", scale: T, derive: peak("tf32", "matrix") },
      { what: "FP16 Tensor Core", printed: "989.4", scale: T, derive: peak("fp16", "matrix") },
      { what: "BF16 Tensor Core", printed: "989.4", scale: T, derive: peak("bf16", "matrix") },
      { what: "FP8 Tensor Core", printed: "1978.9", scale: T, derive: peak("fp8", "matrix") },
      { what: "INT8 Tensor Core", printed: "1978.9", scale: T, derive: peak("int8", "matrix") },
      { what: "memory bandwidth (TB/s)", printed: "3.35", scale: T, derive: memoryBandwidth },
      { what: "L2 (MB)", printed: "50", scale: MiB, derive: level("L2", "bytes") },
    ],
  },
  h200: {
    citation:
      "NVIDIA H200 datasheet (2023), H200 SXM column; Tensor Core figures printed with sparsity",
    figures: [
      { what: "FP64", printed: "34", scale: T, derive: peak("fp64", "vector") },
      { what: "FP64 Tensor Core", printed: "67", scale: T, derive: peak("fp64", "matrix") },
      { what: "FP32", printed: "67", scale: T, derive: peak("fp32", "vector") },
      {
        what: "TF32 Tensor Core (sparse)",
        printed: "989",
        scale: T,
        divisor: 2,
        derive: peak("tf32", "matrix"),
      },
      {
        what: "BF16 Tensor Core (sparse)",
        printed: "1979",
        scale: T,
        divisor: 2,
        derive: peak("bf16", "matrix"),
      },
      {
        what: "FP16 Tensor Core (sparse)",
        printed: "1979",
        scale: T,
        divisor: 2,
        derive: peak("fp16", "matrix"),
      },
      {
        what: "FP8 Tensor Core (sparse)",
        printed: "3958",
        scale: T,
        divisor: 2,
        derive: peak("fp8", "matrix"),
      },
      {
        what: "INT8 Tensor Core (sparse)",
        printed: "3958",
        scale: T,
        divisor: 2,
        derive: peak("int8", "matrix"),
      },
      { what: "memory bandwidth (TB/s)", printed: "4.8", scale: T, derive: memoryBandwidth },
      {
        what: "memory (GB)",
        printed: "141",
        scale: 1e9,
        derive: (spec) => levelCapacityBytes(deviceMemory(spec))!,
      },
    ],
  },
  b200: {
    citation:
      "NVIDIA HGX platform page, HGX B200 column (8 GPUs; Tensor Core figures with sparsity); DGX B200 datasheet",
    figures: [
      {
        what: "FP4 Tensor Core (8 GPUs, sparse)",
        printed: "144",
        scale: 1e15,
        divisor: 16,
        derive: peak("fp4", "matrix"),
      },
      {
        what: "FP8 Tensor Core (8 GPUs, sparse)",
        printed: "72",
        scale: 1e15,
        divisor: 16,
        derive: peak("fp8", "matrix"),
      },
      {
        what: "FP16 Tensor Core (8 GPUs, sparse)",
        printed: "36",
        scale: 1e15,
        divisor: 16,
        derive: peak("fp16", "matrix"),
      },
      {
        what: "TF32 Tensor Core (8 GPUs, sparse)",
        printed: "18",
        scale: 1e15,
        divisor: 16,
        derive: peak("tf32", "matrix"),
      },
      {
        what: "INT8 Tensor Core (8 GPUs, sparse)",
        printed: "72",
        scale: 1e15,
        divisor: 16,
        derive: peak("int8", "matrix"),
      },
      {
        what: "FP32 (8 GPUs)",
        printed: "600",
        scale: T,
        divisor: 8,
        derive: peak("fp32", "vector"),
      },
      {
        what: "FP64 Tensor Core (8 GPUs)",
        printed: "296",
        scale: T,
        divisor: 8,
        derive: peak("fp64", "matrix"),
      },
      {
        what: "HBM3e bandwidth (8 GPUs, TB/s)",
        printed: "64",
        scale: T,
        divisor: 8,
        derive: memoryBandwidth,
      },
      {
        what: "HBM3e (8 GPUs, GB)",
        printed: "1440",
        scale: 1e9,
        divisor: 8,
        derive: (spec) => levelCapacityBytes(deviceMemory(spec))!,
      },
    ],
  },
  mi300x: {
    citation: "AMD Instinct MI300X data sheet (dense figures); AMD CDNA 3 whitepaper for the L2",
    figures: [
      { what: "FP64 vector", printed: "81.7", scale: T, derive: peak("fp64", "vector") },
      { what: "FP32 vector", printed: "163.4", scale: T, derive: peak("fp32", "vector") },
      { what: "FP64 matrix", printed: "163.4", scale: T, derive: peak("fp64", "matrix") },
      { what: "FP32 matrix", printed: "163.4", scale: T, derive: peak("fp32", "matrix") },
      { what: "TF32 matrix", printed: "653.7", scale: T, derive: peak("tf32", "matrix") },
      { what: "FP16 matrix", printed: "1307.4", scale: T, derive: peak("fp16", "matrix") },
      { what: "BF16 matrix", printed: "1307.4", scale: T, derive: peak("bf16", "matrix") },
      { what: "FP8 matrix", printed: "2614.9", scale: T, derive: peak("fp8", "matrix") },
      { what: "INT8 matrix", printed: "2614.9", scale: T, derive: peak("int8", "matrix") },
      { what: "memory bandwidth (TB/s)", printed: "5.3", scale: T, derive: memoryBandwidth },
      {
        what: "Infinity Cache (MB)",
        printed: "256",
        scale: MiB,
        derive: level("Infinity Cache", "bytes"),
      },
      { what: "L2 per XCD (MB)", printed: "4", scale: MiB, derive: level("L2", "bytes") },
    ],
  },
  "rtx-4090": {
    citation: "NVIDIA Ada GPU Architecture whitepaper v2.1, Appendix A, GeForce RTX 4090 column",
    figures: [
      { what: "FP32", printed: "82.6", scale: T, derive: peak("fp32", "vector") },
      { what: "FP64", printed: "1.3", scale: T, derive: peak("fp64", "vector") },
      {
        what: "FP16 Tensor, FP32 accumulate",
        printed: "165.2",
        scale: T,
        derive: peak("fp16", "matrix"),
      },
      {
        what: "BF16 Tensor, FP32 accumulate",
        printed: "165.2",
        scale: T,
        derive: peak("bf16", "matrix"),
      },
      { what: "TF32 Tensor", printed: "82.6", scale: T, derive: peak("tf32", "matrix") },
      {
        what: "FP8 Tensor, FP32 accumulate",
        printed: "330.3",
        scale: T,
        derive: peak("fp8", "matrix"),
      },
      { what: "INT8 Tensor", printed: "660.6", scale: T, derive: peak("int8", "matrix") },
      { what: "INT4 Tensor", printed: "1321.2", scale: T, derive: peak("int4", "matrix") },
      { what: "memory bandwidth (GB/s)", printed: "1008", scale: 1e9, derive: memoryBandwidth },
      { what: "L2 (MB)", printed: "72", scale: MiB, derive: level("L2", "bytes") },
      {
        what: "register file per SM (KB)",
        printed: "256",
        scale: KiB,
        derive: registerFileBytesPerUnit,
      },
    ],
  },
  "apple-m1-max": {
    citation: "Apple Newsroom and Apple Event, 18 October 2021",
    figures: [
      { what: "GPU FP32 (TFLOPS)", printed: "10.4", scale: T, derive: peak("fp32", "vector") },
      { what: "memory bandwidth (GB/s)", printed: "400", scale: 1e9, derive: memoryBandwidth },
    ],
  },
};

/** One unit in the last printed place: 0.1 for "9.7", 1 for "312". */
function lastPlace(printed: string): number {
  const decimals = printed.includes(".") ? printed.split(".")[1]!.length : 0;
  return 10 ** -decimals;
}

describe("presets", () => {
  it("cover every shipped preset with headline figures", () => {
    expect(Object.keys(HEADLINES).sort()).toEqual([...presetIds].sort());
  });

  for (const [id, { citation, figures }] of Object.entries(HEADLINES)) {
    describe(`${id} against ${citation}`, () => {
      for (const figure of figures) {
        it(`derives ${figure.what} = ${figure.printed}${figure.divisor ? ` / ${figure.divisor}` : ""}`, () => {
          const printed = Number(figure.printed);
          const derived = (figure.derive(getPreset(id)) * (figure.divisor ?? 1)) / figure.scale;
          expect(Math.abs(derived - printed), `derived ${derived}`).toBeLessThanOrEqual(
            lastPlace(figure.printed),
          );
        });
      }
    });
  }

  it("cite a source for every number they state", () => {
    for (const spec of allPresets()) expect(uncitedFacts(spec), spec.id).toEqual([]);
  });

  it("rest on vendor documents, except the B200 facts NVIDIA does not publish", () => {
    const thirdParty: Record<string, string[]> = {};
    for (const spec of allPresets()) {
      const sources = factSources(spec);
      for (const source of spec.sources) {
        if (source.kind === "article" || source.kind === "paper") {
          thirdParty[spec.id] = [...(thirdParty[spec.id] ?? []), ...sources.get(source.id)!];
        }
      }
    }
    expect(thirdParty).toEqual({
      "h100-sxm": ["clock.hz", "clock.domainsHz.lowPrecisionTensor"],
      h200: ["clock.hz", "clock.domainsHz.lowPrecisionTensor"],
      b200: ["computeUnits.count", "memory.L2.bytes"],
    });
  });

  it("state dense peaks: no matrix peak is twice the rate its neighbours imply", () => {
    // fp16 and bf16 matrix peaks are equal on every part here, and int8 is twice fp16; a sparse
    // figure copied by mistake would double one of them.
    for (const spec of allPresets()) {
      const matrix = spec.compute.matrix;
      if (!matrix?.fp16) continue;
      const fp16 = peakFlopsPerSecond(spec, "fp16", "matrix").flopsPerSecond;
      expect(peakFlopsPerSecond(spec, "bf16", "matrix").flopsPerSecond, spec.id).toBe(fp16);
      if (matrix.int8) {
        const ratio = peakFlopsPerSecond(spec, "int8", "matrix").flopsPerSecond / fp16;
        expect(ratio, spec.id).toBeCloseTo(spec.id === "rtx-4090" ? 4 : 2, 6);
      }
    }
  });
});

describe("getPreset(id)", () => {
  it("returns the same validated object each time", () => {
    expect(getPreset("h100-sxm")).toBe(getPreset("h100-sxm"));
  });
  it("rejects an unknown id, listing the known ones", () => {
    expect(() => getPreset("h1000")).toThrow(UnknownPresetError);
    expect(() => getPreset("h1000")).toThrow(
      `unknown hardware preset "h1000"; known: ${presetIds.join(", ")}`,
    );
  });
});
