// The notebook engine: Markdown -> cells -> reactive runtime -> DOM (browser) or values (Node).
export { type MountedNotebook, mountNotebook } from "./client/mount-notebook.ts";
export type { PageNotebook } from "./client/page-notebook.ts";
export type { ImportResolution, ImportResolver } from "./javascript/imports.ts";
export {
  analyzeCell,
  emitCell,
  PER_RUN_NAMES,
  type TranspiledCell,
} from "./javascript/transpile-cell.ts";
export type { Block, CellSource, ParsedNotebook, SourceProblem } from "./notebook.ts";
export { parseNotebook } from "./parse/parse-notebook.ts";
export type { CellFailure, CellOutput } from "./runtime/cell-output.ts";
export { CellInvalidatedError } from "./runtime/cell-runner.ts";
export { type NotebookHost, NotebookRuntime } from "./runtime/notebook-runtime.ts";
export type { RunnableCell } from "./runtime/runnable-cell.ts";
export { Generators } from "./stdlib/generators/index.ts";
export { Mutable } from "./stdlib/mutable.ts";
export { type TranspiledNotebook, transpileNotebook } from "./transpile-notebook.ts";
