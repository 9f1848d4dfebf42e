import type { Program } from "acorn";
import { CellSyntaxError } from "./cell-syntax-error.ts";
import { declaredIn } from "./scope.ts";

/**
 * The names a program cell declares at its top level: its outputs, visible to every other cell.
 * Throws CellSyntaxError for `export`, which cells do not need.
 */
export function findDeclarations(program: Program): string[] {
  for (const statement of program.body) {
    if (statement.type.startsWith("Export")) {
      throw new CellSyntaxError(
        "export is not allowed in a cell: its top-level declarations are already visible to the other cells",
        statement.loc!.start.line,
        statement.loc!.start.column + 1,
      );
    }
  }
  return [...declaredIn(program)];
}
