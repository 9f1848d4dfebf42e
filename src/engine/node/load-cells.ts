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
      // new Function compiles in global scope, like a module's top level, and keeps no closure.
      const compiled = new Function(`return (${body});`)() as (...args: unknown[]) => unknown;
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
