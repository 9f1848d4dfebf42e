import type { Module, Variable } from "@observablehq/runtime";
import { viewElement } from "../stdlib/generators/input.ts";
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

export interface DefineOptions {
  /** Where errors say the cell is: `path:line`. */
  location: string;
  overrideFor: OverrideFor;
  /** Called when a declared name takes its value from an input shown with view(). */
  onInput?: (name: string, element: EventTarget & { value?: unknown }) => void;
}

/**
 * Defines a cell as runtime variables: one holding the cell's value (for a program cell, an
 * object of its declarations) and one per declared name, so other cells depend on exactly the
 * names they use. Compile errors become a variable that throws them, shown in the cell.
 */
export function defineCell(
  module: Module,
  cell: RunnableCell,
  output: CellOutput,
  options: DefineOptions,
): DefinedCell {
  const { location, overrideFor, onInput } = options;
  const runner = new CellRunner(cell, output, location);
  const variables: Variable[] = [];
  const name = cellVariableName(cell.id);
  const cellVariable = module.variable(runner.cellObserver);
  variables.push(cellVariable);

  if (cell.error || !cell.body) {
    const error = cell.error;
    cellVariable.define(name, [], () => {
      if (!error) return;
      const syntax = /^SyntaxError: /.test(error.message);
      throw syntax
        ? new SyntaxError(error.message.slice("SyntaxError: ".length))
        : new Error(error.message);
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
      const pick = (value: Record<string, unknown>) => {
        const picked = value[output];
        const element = viewElement(picked);
        if (element) onInput?.(output, element);
        return override ? override(picked) : picked;
      };
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
