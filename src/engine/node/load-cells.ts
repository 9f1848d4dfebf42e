import type { TranspiledCell } from "../javascript/transpile-cell.ts";
import type { RunnableCell } from "../runtime/runnable-cell.ts";

/**
 * Turns transpiled cells into runnable ones in Node: each body's source becomes a function
 * compiled in global scope (imports in it are absolute URLs, so it needs no module context).
 */
export function loadCells(cells: readonly TranspiledCell[]): RunnableCell[] {
  return cells.map(({ body, ...cell }) => {
    if (body === undefined) return cell;
    try {
      // Global scope and strict mode, as in the browser, where cells are module code.
      const compiled = new Function(`"use strict"; return (${body});`)() as (
        ...args: unknown[]
      ) => unknown;
      return { ...cell, body: compiled };
    } catch (error) {
      // The passes only emit what acorn parsed; reaching here is an engine bug, shown in the cell.
      return {
        ...cell,
        error: { message: `internal error compiling cell: ${String(error)}`, line: cell.line },
      };
    }
  });
}
