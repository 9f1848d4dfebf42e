import type { DispatchTiming } from "../gpu/timing.ts";
import type { Verification } from "../gpu/verify.ts";
import { formatQuantity } from "../hwmodels/units.ts";

/** `2.6e-8` -> `26 ns`: seconds to three significant digits. */
export function formatSeconds(seconds: number): string {
  return formatQuantity(seconds, "seconds", { digits: 3 });
}

/** `1536` -> `1.5 KiB`: bytes with binary prefixes, as memory sizes are stated. */
export function formatBytes(bytes: number): string {
  return formatQuantity(bytes, "bytes", { binary: true });
}

/** `1.68e9` -> `1.68 GB/s`: a bandwidth with decimal prefixes, as bandwidths are stated. */
export function formatBandwidth(bytesPerSecond: number): string {
  return formatQuantity(bytesPerSecond, "bytesPerSecond", { digits: 3 });
}

/** `2.23e10` -> `22.3 GFLOP/s`. */
export function formatFlops(flopsPerSecond: number): string {
  return formatQuantity(flopsPerSecond, "flopsPerSecond", { digits: 3 });
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
