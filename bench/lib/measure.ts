/** Timing helpers for benchmarks. Results are reported as ratios against a baseline measured in
 * the same run, never compared with fixed thresholds: these machines are shared and noisy. */

export interface Timing {
  /** Seconds per run, median over the runs. */
  median: number;
  min: number;
  p95: number;
  runs: number;
}

/**
 * Runs `fn` repeatedly, after `warmup` unmeasured runs, until both `minRuns` runs and `minSeconds`
 * of measured time have passed. Returns seconds per run.
 */
export async function measure(
  fn: () => unknown,
  {
    warmup = 1,
    minRuns = 5,
    minSeconds = 0.5,
  }: { warmup?: number; minRuns?: number; minSeconds?: number } = {},
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  let total = 0;
  while (samples.length < minRuns || total < minSeconds) {
    const start = performance.now();
    await fn();
    const seconds = (performance.now() - start) / 1e3;
    samples.push(seconds);
    total += seconds;
  }
  return summarize(samples);
}

export function summarize(samples: readonly number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? Number.NaN,
    p95: quantile(sorted, 0.95),
    runs: sorted.length,
  };
}

/** Linear-interpolated quantile of an ascending array. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

/** Prints a titled table of rows (objects with the same keys) to stdout. */
export function printTable(
  title: string,
  rows: ReadonlyArray<Record<string, string | number>>,
): void {
  console.log(`\n## ${title}`);
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const cells = rows.map((row) => columns.map((column) => formatCell(row[column])));
  const widths = columns.map((column, i) =>
    Math.max(column.length, ...cells.map((row) => row[i]!.length)),
  );
  const line = (values: string[]) =>
    values.map((value, i) => value.padStart(widths[i]!)).join("  ");
  console.log(line(columns));
  for (const row of cells) console.log(line(row));
}

function formatCell(value: string | number | undefined): string {
  if (typeof value !== "number") return value ?? "";
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
}
