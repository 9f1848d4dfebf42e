import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { extname } from "node:path";
import * as aq from "arquero";
import type { SweepRow } from "./sweep-row.ts";

/** What a JSON sweep file says about the sweep it holds, so shards can be checked before a merge. */
export interface SweepDescription {
  notebook: string;
  notebookSha256: string;
  grid: Record<string, unknown[]>;
  gridTotal: number;
  shard: { index: number; count: number } | null;
  interrupted: boolean;
  [key: string]: unknown;
}

export type SweepFormat = "csv" | "json" | "arrow";

export function sweepFormat(file: string): SweepFormat {
  const extension = extname(file).toLowerCase();
  if (extension === ".csv") return "csv";
  if (extension === ".json") return "json";
  if (extension === ".arrow") return "arrow";
  throw new Error(`${file}: unknown format; use .csv, .json or .arrow`);
}

/** The rows as an arquero table, with columns in first-seen order across all rows. */
export function sweepTable(rows: readonly SweepRow[]): aq.ColumnTable {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const name of Object.keys(row)) {
      if (!seen.has(name)) {
        seen.add(name);
        names.push(name);
      }
    }
  }
  return aq.from(
    rows.map((row) => Object.fromEntries(names.map((name) => [name, row[name] ?? null]))),
    names,
  );
}

/**
 * Writes rows as CSV, JSON (with the sweep's description) or Arrow IPC (with the description in
 * `<file>.manifest.json`). Written to a temporary file and renamed, so an interrupted write
 * never leaves a half file under the final name.
 */
export function writeSweepFile(
  file: string,
  rows: readonly SweepRow[],
  description: SweepDescription,
): void {
  const table = sweepTable(rows);
  const temporary = `${file}.partial-${process.pid}`;
  switch (sweepFormat(file)) {
    case "csv":
      writeFileSync(temporary, aq.toCSV(table));
      break;
    case "json":
      writeFileSync(
        temporary,
        `${JSON.stringify({ sweep: description, rows: table.objects() }, null, 1)}\n`,
      );
      break;
    case "arrow":
      writeFileSync(temporary, aq.toArrowIPC(table));
      break;
  }
  renameSync(temporary, file);
  // CSV and Arrow cannot hold the sweep's description: it goes beside them.
  if (sweepFormat(file) !== "json")
    writeFileSync(`${file}.manifest.json`, `${JSON.stringify(description, null, 1)}\n`);
}

export class SweepFileError extends Error {
  override name = "SweepFileError";
}

/** Reads a sweep file back: its rows, and its description when it is JSON. */
export function readSweepFile(file: string): { rows: SweepRow[]; description?: SweepDescription } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new SweepFileError(`${file}: cannot read (${(error as Error).message})`);
  }
  try {
    switch (sweepFormat(file)) {
      case "csv":
        // Blank lines at the end (a final newline) would read as a row of empty values.
        return {
          rows: aq.fromCSV(bytes.toString("utf8").replace(/\s+$/, "")).objects() as SweepRow[],
        };
      case "arrow":
        return { rows: aq.fromArrow(bytes).objects() as SweepRow[] };
      case "json": {
        const parsed = JSON.parse(bytes.toString("utf8")) as {
          sweep?: SweepDescription;
          rows?: unknown;
        };
        if (!parsed || !Array.isArray(parsed.rows) || typeof parsed.sweep !== "object") {
          throw new Error('expected {"sweep": {...}, "rows": [...]}');
        }
        return { rows: parsed.rows as SweepRow[], description: parsed.sweep };
      }
    }
  } catch (error) {
    throw new SweepFileError(`${file}: not a readable sweep file (${(error as Error).message})`);
  }
}
