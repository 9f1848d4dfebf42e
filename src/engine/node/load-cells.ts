import type { TranspiledCell } from "../javascript/transpile-cell.ts";
import type { RunnableCell } from "../runtime/runnable-cell.ts";

/**
 * Turns transpiled cells into runnable ones in Node: each body's source becomes a function
 * through indirect eval (global scope, like a module's top level; imports are absolute URLs).
 */
export function loadCells(cells: readonly TranspiledCell[]): RunnableCell[] {
  return cells.map(({ body, ...cell }) => {
    if (body === undefined) return cell;
    try {
      return { ...cell, body: (0, eval)(`(${body})`) as (...args: unknown[]) => unknown };
    } catch (error) {
      // The passes only emit what acorn parsed; reaching here is an engine bug, shown in the cell.
      return {
        ...cell,
        error: { message: `internal error compiling cell: ${String(error)}`, line: cell.line },
      };
    }
  });
}
