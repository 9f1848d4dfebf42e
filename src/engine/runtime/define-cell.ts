import type { Module, Variable } from "@observablehq/runtime";
import type { CellOutput } from "./cell-output.ts";
import { CellRunner } from "./cell-runner.ts";
import { cellVariableName, type RunnableCell } from "./runnable-cell.ts";

/** A cell defined on a runtime module: its variables, and how to take them away again. */
export interface DefinedCell {
  readonly cell: RunnableCell;
  readonly runner: CellRunner;
  readonly variables: readonly Variable[];
  delete(): void;
}

/** Replaces the value of a declared name, for `--set` and URL state; see `applyOverride`. */
export type OverrideFor = (name: string) => ((value: unknown) => unknown) | undefined;

/**
 * Defines a cell as runtime variables: one holding the cell's value (for a program cell, an
 * object of its declarations) and one per declared name, so other cells depend on exactly the
 * names they use. Compile errors become a variable that throws them, shown in the cell.
 */
export function defineCell(
  module: Module,
  cell: RunnableCell,
  output: CellOutput,
  location: string,
  overrideFor: OverrideFor,
): DefinedCell {
  const runner = new CellRunner(cell, output, location);
  const variables: Variable[] = [];
  const name = cellVariableName(cell.id);
  const cellVariable = module.variable(runner.cellObserver);
  variables.push(cellVariable);

  if (cell.error || !cell.body) {
    const error = cell.error;
    cellVariable.define(name, [], () => {
      if (error)
        throw Object.assign(new SyntaxError(error.message.replace(/^SyntaxError: /, "")), {
          notebookLine: error.line,
        });
    });
  } else {
    const body = cell.body;
    const invalidationIndex = cell.inputs.indexOf("invalidation");
    cellVariable.define(name, cell.inputs, function (this: unknown, ...inputs: unknown[]) {
      const perRun = runner.startRun(inputs[invalidationIndex] as Promise<unknown> | undefined);
      return body.apply(this, [...perRun, ...inputs]);
    });
    for (const output of cell.outputs) {
      const override = overrideFor(output);
      const pick = override
        ? (value: Record<string, unknown>) => override(value[output])
        : (value: Record<string, unknown>) => value[output];
      variables.push(module.variable(runner.outputObserver(output)).define(output, [name], pick));
    }
  }

  return {
    cell,
    runner,
    variables,
    delete: () => {
      for (const variable of variables) variable.delete();
    },
  };
}
