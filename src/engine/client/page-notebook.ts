import type { Block, SourceProblem } from "../notebook.ts";
import type { RunnableCell } from "../runtime/runnable-cell.ts";
import type { NotebookSnapshots } from "../snapshot/take-snapshot.ts";

/** What a notebook page module exports: the notebook with its cells' functions. */
export interface PageNotebook {
  path: string;
  title: string;
  /** Hash of the notebook's source: unchanged on an update means an imported module changed. */
  sourceHash: string;
  params: Record<string, unknown>;
  problems: SourceProblem[];
  blocks: Block[];
  cells: RunnableCell[];
  /** In a built report: the measured cells' results from the author's run. */
  snapshots?: NotebookSnapshots;
}
