import type { ImportResolution } from "./javascript/imports.ts";
import { analyzeCell, emitCell, type TranspiledCell } from "./javascript/transpile-cell.ts";
import type { ParsedNotebook } from "./notebook.ts";

export interface TranspiledNotebook extends Omit<ParsedNotebook, "cells"> {
  cells: TranspiledCell[];
}

export type AsyncImportResolver = (
  specifier: string,
) => ImportResolution | Promise<ImportResolution>;

/**
 * Analyses every cell, resolves each distinct import once (the resolver may be async, as Vite's
 * is), then emits each cell's function. Cell problems become `error`s on their cells; only a
 * bug in the engine throws.
 */
export async function transpileNotebook(
  notebook: ParsedNotebook,
  resolveImport: AsyncImportResolver,
): Promise<TranspiledNotebook> {
  const analyses = notebook.cells.map(analyzeCell);
  const specifiers = new Set(analyses.flatMap((analysis) => analysis.imports));
  const resolutions = new Map<string, ImportResolution>();
  await Promise.all(
    [...specifiers].map(async (specifier) => {
      resolutions.set(specifier, await resolveImport(specifier));
    }),
  );
  const resolve = (specifier: string): ImportResolution =>
    resolutions.get(specifier) ?? { error: `cannot resolve module "${specifier}"` };
  return { ...notebook, cells: analyses.map((analysis) => emitCell(analysis, resolve)) };
}
