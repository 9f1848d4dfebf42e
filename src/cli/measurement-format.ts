import type { DispatchTiming } from "../gpu/timing.ts";
import type { Verification } from "../gpu/verify.ts";

/** `0.0000123` -> `12.3 us`: seconds with the prefix that keeps 1-3 integer digits. */
export function formatSeconds(seconds: number): string {
  const scales: Array<[number, string]> = [
    [1, "s"],
    [1e-3, "ms"],
    [1e-6, "us"],
    [1e-9, "ns"],
  ];
  const [scale, unit] = scales.find(([scale]) => Math.abs(seconds) >= scale) ?? [1e-9, "ns"];
  return `${(seconds / scale).toPrecision(3)} ${unit}`;
}

/** `1536` -> `1.5 KiB`: bytes with binary prefixes, as memory sizes are stated. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toPrecision(4))} ${units[unit]}`;
}

/** `2.5e9, "FLOP/s"` -> `2.50 GFLOP/s`: a rate with decimal prefixes, as rates are stated. */
export function formatRate(perSecond: number, unit: string): string {
  const prefixes: Array<[number, string]> = [
    [1e15, "P"],
    [1e12, "T"],
    [1e9, "G"],
    [1e6, "M"],
    [1e3, "k"],
  ];
  const [scale, prefix] = prefixes.find(([scale]) => Math.abs(perSecond) >= scale) ?? [1, ""];
  return `${(perSecond / scale).toPrecision(3)} ${prefix}${unit}`;
}

/** Lines describing how a timing was measured, for human-readable output. */
export function describeTiming(timing: DispatchTiming): string[] {
  const { summary } = timing;
  return [
    `timing: ${timing.method}: ${timing.methodNote}`,
    `  ${timing.samples.length} repetitions of ${timing.dispatchesPerPass} dispatch(es), after ${timing.warmupPasses} discarded pass(es)`,
    `  per dispatch: median ${formatSeconds(summary.median)}, min ${formatSeconds(summary.min)}, ` +
      `max ${formatSeconds(summary.max)}, spread (IQR/median) ${(summary.spread * 100).toFixed(1)}%`,
  ];
}

/** One line summarizing a verification. */
export function describeVerification(verification: Verification): string {
  return (
    `verified: ${verification.checkedElements} of ${verification.totalElements} elements, ` +
    `max error ${verification.maxError.toExponential(2)} ` +
    `(${(verification.maxErrorToTolerance * 100).toFixed(1)}% of tolerance; ${verification.tolerance})`
  );
}

/** A timing as JSON with units in the field names. */
export function timingJson(timing: DispatchTiming) {
  return {
    adapter: timing.adapter,
    method: timing.method,
    methodNote: timing.methodNote,
    warmupPasses: timing.warmupPasses,
    dispatchesPerPass: timing.dispatchesPerPass,
    secondsPerDispatch: timing.samples,
    summarySeconds: timing.summary,
  };
}

/** Rows as an aligned text table, numbers right-aligned. */
export function formatTable(rows: ReadonlyArray<Record<string, string>>): string[] {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]!);
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: string[]) => cells.map((cell, i) => cell.padStart(widths[i]!)).join("  ");
  return [line(columns), ...rows.map((row) => line(columns.map((column) => row[column] ?? "")))];
}
