import type { Block, SourceProblem } from "../notebook.ts";
import type { RunnableCell } from "../runtime/runnable-cell.ts";

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
}
