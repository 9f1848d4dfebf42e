import type { NotebookRun } from "../node/run-notebook.ts";

/** One grid point's results: its index, its parameters, the notebook's scalar values, status. */
export type SweepRow = Record<string, string | number | boolean | null>;

/**
 * Flattens a run into a table row: every top-level value that is a number, string, boolean or
 * null, and the scalar fields of plain objects one level down (`result.seconds`). Tables, plots
 * and arrays are left out: a sweep compares numbers. `ok` is false when any cell failed, and
 * `error` then holds the first failure with its location.
 */
export function sweepRow(
  point: number,
  parameters: Record<string, unknown>,
  run: NotebookRun,
): SweepRow {
  const row: SweepRow = { point };
  for (const [name, value] of Object.entries(parameters))
    row[name] = scalar(value) ?? JSON.stringify(value);
  for (const [name, result] of run.values) {
    if (name in row || !("value" in result)) continue;
    const value = result.value;
    const direct = scalar(value);
    if (direct !== undefined) {
      row[name] = direct;
    } else if (isPlainObject(value)) {
      for (const [key, field] of Object.entries(value)) {
        const nested = scalar(field);
        if (nested !== undefined) row[`${name}.${key}`] = nested;
      }
    }
  }
  const failure = run.cells.flatMap((cell) => cell.failures)[0];
  const problem = run.problems[0];
  row.ok = !failure && !problem;
  row.error = failure
    ? `${failure.location}: ${failure.message}`
    : problem
      ? `${run.path}:${problem.line}: ${problem.message}`
      : null;
  return row;
}

/** A row for a point whose run could not even start or finish (a crashed worker, say). */
export function failedRow(
  point: number,
  parameters: Record<string, unknown>,
  message: string,
): SweepRow {
  const row: SweepRow = { point };
  for (const [name, value] of Object.entries(parameters))
    row[name] = scalar(value) ?? JSON.stringify(value);
  return { ...row, ok: false, error: message };
}

function scalar(value: unknown): string | number | boolean | null | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
