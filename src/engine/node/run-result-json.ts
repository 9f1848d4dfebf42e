import type { SourceProblem } from "../notebook.ts";
import type { CellFailure } from "../runtime/cell-output.ts";
import type { RunManifest } from "./manifest.ts";
import type { NotebookRun } from "./run-notebook.ts";
import { serializeValue } from "./serialize-value.ts";

/** The `run --json` object (see DESIGN.md, "Command line"). */
export interface RunResultJson {
  notebook: string;
  title: string;
  /** Every top-level name; a failed one is `{"error": message, "location": "path:line"}`. */
  values: Record<string, unknown>;
  cells: {
    id: string;
    kind: string;
    line: number;
    outputs: string[];
    displays: unknown[];
    errors: CellFailure[];
  }[];
  problems: SourceProblem[];
  notices: string[];
  /** True when every cell ran and the front matter was well formed. */
  ok: boolean;
  manifest: RunManifest;
}

export function runResultJson(run: NotebookRun, manifest: RunManifest): RunResultJson {
  const values: Record<string, unknown> = {};
  for (const [name, result] of run.values) {
    values[name] =
      "value" in result
        ? serializeValue(result.value)
        : { error: result.error.message, location: result.error.location };
  }
  const cells = run.cells.map((cell) => ({
    id: cell.id,
    kind: cell.kind,
    line: cell.line,
    outputs: cell.outputs,
    displays: cell.displays.map((value) => serializeValue(value)),
    errors: [...cell.failures],
  }));
  const ok = run.problems.length === 0 && cells.every((cell) => cell.errors.length === 0);
  return {
    notebook: run.path,
    title: run.title,
    values,
    cells,
    problems: run.problems,
    notices: run.notices,
    ok,
    manifest,
  };
}
