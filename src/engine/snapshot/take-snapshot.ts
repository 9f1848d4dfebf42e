import type { AdapterDescription } from "../../gpu/index.ts";
import type { NotebookRun } from "../node/run-notebook.ts";
import { encodeSnapshotValue, type SnapshotValue } from "./snapshot-value.ts";

/** A measured cell's result as the author's run left it. */
export interface CellSnapshot {
  /** Each declared name's value. */
  outputs: Record<string, SnapshotValue>;
  /** What the cell displayed (its value, for an expression cell). */
  displays: SnapshotValue[];
  /** Whether the cell used the GPU (else it is a `snapshot` cell: the author's result, on their machine). */
  usedGpu: boolean;
}

/** Where and when the snapshots of a report were measured. */
export interface SnapshotEnvironment {
  adapter?: AdapterDescription;
  measuredAt: string;
}

export interface NotebookSnapshots {
  environment: SnapshotEnvironment;
  cells: Record<string, CellSnapshot>;
}

/** The results of a notebook run's measured cells, ready to embed in its report. */
export function takeSnapshots(
  run: NotebookRun,
  measured: ReadonlyMap<string, { usedGpu: boolean }>,
): NotebookSnapshots {
  const cells: Record<string, CellSnapshot> = {};
  for (const cell of run.cells) {
    if (!measured.has(cell.id)) continue;
    const outputs: Record<string, SnapshotValue> = {};
    for (const name of cell.outputs) {
      const result = run.values.get(name);
      if (result && "value" in result) outputs[name] = encodeSnapshotValue(result.value);
    }
    cells[cell.id] = {
      outputs,
      displays: cell.displays.map((value) => encodeSnapshotValue(value)),
      usedGpu: measured.get(cell.id)!.usedGpu,
    };
  }
  return {
    environment: {
      ...(run.adapter ? { adapter: run.adapter } : {}),
      measuredAt: run.endedAt.toISOString(),
    },
    cells,
  };
}
