import { describe, expect, it } from "vitest";
import { quantile, summarizeSamples } from "../../src/gpu/sample-summary.ts";

describe("summarizeSamples(samples)", () => {
  it("gives median, extremes, quartiles and the interquartile range over the median", () => {
    const summary = summarizeSamples([5, 1, 4, 2, 3]);
    expect(summary).toEqual({ median: 3, min: 1, max: 5, q1: 2, q3: 4, spread: 2 / 3, count: 5 });
  });

  it("interpolates quantiles between samples", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10], 0.25)).toBe(10);
  });

  it("refuses an empty list", () => {
    expect(() => summarizeSamples([])).toThrow(/no samples/);
  });
});
