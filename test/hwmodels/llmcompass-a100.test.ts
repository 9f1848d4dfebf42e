import { describe, expect, it } from "vitest";
import { compareWithLlmcompass, loadLlmcompassA100, meanAbsoluteError } from "./llmcompass-a100.ts";

// Model vs measurement: LLMCompass's published A100 GEMM times (test/fixtures/llmcompass). The
// per-shape table and MAPE are printed by `npx tsx scripts/gemm-vs-llmcompass.ts`.
describe("tiled GEMM model vs LLMCompass's measured A100 GEMMs", () => {
  const measurements = loadLlmcompassA100();
  const comparisons = compareWithLlmcompass(measurements);

  it("reads all twenty measured shapes: an M sweep at N = K = 12288 and an N = K sweep at M = 8192", () => {
    expect(measurements).toHaveLength(20);
    expect(measurements.filter((row) => row.N === 12288 && row.K === 12288)).toHaveLength(10);
    expect(measurements.filter((row) => row.M === 8192 && row.N === row.K)).toHaveLength(11);
  });

  it("never beats the roofline's bound: the measured time is at least the plain roofline's", () => {
    for (const row of comparisons)
      expect(row.measuredSeconds, `${row.M}x${row.N}x${row.K}`).toBeGreaterThan(
        row.rooflineSeconds,
      );
  });

  it("predicts within 20% mean absolute error over square and skinny shapes", () => {
    expect(meanAbsoluteError(comparisons)).toBeLessThan(0.2);
  });

  it("misses no shape by more than 35%", () => {
    for (const row of comparisons)
      expect(Math.abs(row.error), `${row.M}x${row.N}x${row.K}`).toBeLessThan(0.35);
  });
});
