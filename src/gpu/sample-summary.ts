/** Summary of repeated measurements of one quantity (seconds, say). */
export interface SampleSummary {
  median: number;
  min: number;
  max: number;
  /** First and third quartiles. */
  q1: number;
  q3: number;
  /** Interquartile range over the median: 0.05 means the middle half lies within 5%. */
  spread: number;
  count: number;
}

/** Median, extremes, quartiles and relative spread of `samples` (any order, at least one). */
export function summarizeSamples(samples: readonly number[]): SampleSummary {
  if (samples.length === 0) throw new Error("summarizeSamples: no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  return {
    median,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    q1,
    q3,
    spread: median > 0 ? (q3 - q1) / median : 0,
    count: sorted.length,
  };
}

/** Linearly interpolated quantile `q` (0..1) of an ascending array. */
export function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}
