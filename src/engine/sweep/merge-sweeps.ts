import { readSweepFile, type SweepDescription, SweepFileError } from "./sweep-file.ts";
import type { SweepRow } from "./sweep-row.ts";

export interface MergedSweep {
  rows: SweepRow[];
  description?: SweepDescription;
  /** Grid points no file had (a shard not yet run, or interrupted). */
  missing: number[];
}

/**
 * Combines shard outputs into one table in point order. Refuses files that cannot be read, that
 * come from different sweeps (JSON files say which notebook and grid), or that hold the same
 * point twice; reports points that none of them holds.
 */
export function mergeSweepFiles(files: readonly string[]): MergedSweep {
  if (files.length === 0) throw new SweepFileError("merge: no files given");
  const byPoint = new Map<number, { row: SweepRow; file: string }>();
  let reference: { description: SweepDescription; file: string } | undefined;
  for (const file of files) {
    const { rows, description } = readSweepFile(file);
    if (description) {
      if (!reference) reference = { description, file };
      else checkSameSweep(reference, { description, file });
    }
    for (const [i, row] of rows.entries()) {
      const point = row.point;
      if (typeof point !== "number" || !Number.isInteger(point) || point < 0) {
        throw new SweepFileError(
          `${file}: row ${i + 1} has no valid "point" column (got ${JSON.stringify(point)})`,
        );
      }
      const earlier = byPoint.get(point);
      if (earlier)
        throw new SweepFileError(
          `point ${point} is in both ${earlier.file} and ${file}: were the same shards given twice?`,
        );
      byPoint.set(point, { row, file });
    }
  }
  const points = [...byPoint.keys()].sort((a, b) => a - b);
  const total = reference?.description.gridTotal ?? (points.length ? points.at(-1)! + 1 : 0);
  const missing: number[] = [];
  for (let point = 0; point < total; point++) if (!byPoint.has(point)) missing.push(point);
  const merged: MergedSweep = { rows: points.map((point) => byPoint.get(point)!.row), missing };
  if (reference) {
    merged.description = { ...reference.description, shard: null, interrupted: missing.length > 0 };
  }
  return merged;
}

function checkSameSweep(
  a: { description: SweepDescription; file: string },
  b: { description: SweepDescription; file: string },
): void {
  const differs = (what: string) =>
    new SweepFileError(`${a.file} and ${b.file} come from different sweeps: ${what} differ`);
  if (a.description.notebookSha256 !== b.description.notebookSha256) throw differs("the notebooks");
  if (JSON.stringify(a.description.grid) !== JSON.stringify(b.description.grid))
    throw differs("the grids");
  if (a.description.shard?.count !== b.description.shard?.count) throw differs("the shard counts");
}
