import { describe, expect, it } from "vitest";
import { llmInference } from "../../src/hwmodels/llm/llm-inference.ts";
import { getPreset } from "../../src/hwmodels/presets.ts";
import { runNotebook } from "./run-notebook.ts";

const run = (...sets: string[]) => runNotebook("llm-inference.md", ...sets);

const defaults = {
  batch: 16,
  sequenceLength: 2048,
  precision: { weights: "fp16", activations: "fp16", kvCache: "fp16" },
  attention: "fused",
  tensorParallel: 1,
  interconnectBytesPerSecond: 450e9,
} as const;

describe("notebooks/llm-inference.md, headless", () => {
  it("runs every cell; its times are the model's, on four GPUs", () => {
    const { status, values, failed } = run();
    expect(failed).toEqual([]);
    expect(status).toBe(0);
    const expected = llmInference("llama-3-8b", getPreset("h100-sxm"), defaults);
    expect(values.ttftMs).toBe(expected.timeToFirstTokenSeconds * 1e3);
    expect(values.tpotMs).toBe(expected.timePerOutputTokenSeconds * 1e3);
    const comparison = values.comparison as { hw: string; fits: boolean; tpotMs: number }[];
    expect(comparison.map((row) => row.hw)).toEqual([
      "NVIDIA H100 SXM5 80GB",
      "NVIDIA H200 SXM 141GB",
      "AMD Instinct MI300X",
      "NVIDIA B200 (HGX B200, 1000 W)",
    ]);
    const b200 = llmInference("llama-3-8b", getPreset("b200"), defaults);
    expect(comparison[3]!.tpotMs).toBe(b200.timePerOutputTokenSeconds * 1e3);
    // int4 weights at batch 1 on H100: close to the 4x cut in weight bytes.
    const quantization = values.quantization as {
      hw: string;
      precision: string;
      batch: number;
      speedup: number;
    }[];
    const h100Int4 = quantization.find(
      (d) => d.hw === "NVIDIA H100 SXM5 80GB" && d.precision === "int4" && d.batch === 1,
    )!;
    expect(h100Int4.speedup).toBeGreaterThan(3.5);
  });

  it("a model that does not fit is said so, with the numbers, and the other GPUs still run", () => {
    const { status, values, failed } = run('model="llama-3-70b"');
    expect(failed).toEqual([]);
    expect(status).toBe(0);
    expect(values.result).toBeNull();
    expect(values.summary).toMatch(
      /^Does not fit: llama-3-70b needs 158 GB \(weights 141 GB \+ KV cache 10\.7 GB \+ activations [\d.]+ GB\) of the 80 GB of HBM3 on h100-sxm/,
    );
    const comparison = values.comparison as { hw: string; fits: boolean }[];
    expect(comparison.map((row) => row.fits)).toEqual([false, false, true, true]);
  });
});
