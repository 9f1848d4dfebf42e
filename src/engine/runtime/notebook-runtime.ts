import { type Module, Runtime, RuntimeError } from "@observablehq/runtime";
import type { CellOutput } from "./cell-output.ts";
import {
  type DefinedCell,
  type DefineOptions,
  defineCell,
  type OverrideFor,
} from "./define-cell.ts";
import { describeError } from "./describe-error.ts";
import type { RunnableCell } from "./runnable-cell.ts";

/** What the browser page or the headless host provides to a running notebook. */
export interface NotebookHost {
  /** Builtins every cell can use: values, or functions computed on first use. */
  builtins: Record<string, unknown>;
  /** Where one cell's results go. */
  outputFor(cell: RunnableCell): CellOutput;
  /** Called when a cell is removed (hot reload), after its variables are deleted. */
  removed?(cell: RunnableCell): void;
  /** Declared names whose values are replaced (`--set`, URL state). */
  overrideFor?: OverrideFor;
  /** Called when a declared name takes its value from an input shown with view(). */
  onInput?: DefineOptions["onInput"];
  /** Path used in error locations (`path:line`). */
  path: string;
}

/**
 * A notebook on the Observable runtime: cells defined, redefined and removed by content id, so
 * hot reload touches only the cells that changed and every other cell, inputs included, keeps
 * its state.
 */
export class NotebookRuntime {
  readonly runtime: Runtime;
  readonly module: Module;
  private readonly cells = new Map<string, DefinedCell>();
  private readonly params = new Map<string, { delete(): unknown }>();

  constructor(private readonly host: NotebookHost) {
    this.runtime = new Runtime(host.builtins, globalOrError);
    this.module = this.runtime.module();
  }

  /**
   * Makes the defined cells exactly `cells`: removes cells no longer present, defines new ones,
   * and leaves the rest running. `redefine` picks kept cells to define again from their new
   * definition anyway (cells importing a module that changed).
   */
  update(
    cells: readonly RunnableCell[],
    redefine: (cell: RunnableCell) => boolean = () => false,
  ): { added: string[]; removed: string[] } {
    const next = new Map(cells.map((cell) => [cell.id, cell]));
    const removed: string[] = [];
    // Delete first, so a name moving from an old cell to a new one is never defined twice.
    for (const [id, defined] of this.cells) {
      const replacement = next.get(id);
      if (replacement?.run && !redefine(replacement)) continue;
      defined.delete();
      this.cells.delete(id);
      if (!replacement) this.host.removed?.(defined.cell);
      removed.push(id);
    }
    const added: string[] = [];
    for (const cell of cells) {
      if (this.cells.has(cell.id) || !cell.run) continue;
      this.cells.set(cell.id, this.define(cell));
      added.push(cell.id);
    }
    return { added, removed };
  }

  /** Defines a cell anew from `cell`, whether or not its content changed (a report's "run live"). */
  redefine(cell: RunnableCell): void {
    this.cells.get(cell.id)?.delete();
    this.cells.set(cell.id, this.define(cell));
  }

  /** Defines front-matter params as variables; each is observed by `observer` if given. */
  setParams(params: Record<string, unknown>, output?: CellOutput): void {
    for (const variable of this.params.values()) variable.delete();
    this.params.clear();
    for (const [name, value] of Object.entries(params)) {
      const override = this.host.overrideFor?.(name);
      const observer = output && {
        fulfilled: (v: unknown) => output.named?.(name, { value: v }),
        rejected: (e: unknown) =>
          output.named?.(name, { error: describeError(e, `${this.host.path}:front matter`) }),
      };
      const variable = this.module
        .variable(observer ?? true)
        .define(name, [], () => (override ? override(value) : value));
      this.params.set(name, variable);
    }
  }

  get path(): string {
    return this.host.path;
  }

  get definedCells(): ReadonlyMap<string, DefinedCell> {
    return this.cells;
  }

  dispose(): void {
    this.runtime.dispose();
  }

  private define(cell: RunnableCell): DefinedCell {
    const output = this.host.outputFor(cell);
    const location = `${this.host.path}:${cell.error?.line ?? cell.line}${cell.error?.column ? `:${cell.error.column}` : ""}`;
    return defineCell(this.module, cell, output, {
      location,
      overrideFor: this.host.overrideFor ?? (() => undefined),
      onInput: this.host.onInput,
    });
  }
}

/** The runtime asks this for names no cell or builtin defines: the host's globals, or an error. */
function globalOrError(name: string): unknown {
  if (name in globalThis) return (globalThis as Record<string, unknown>)[name];
  throw new RuntimeError(`${name} is not defined`, name);
}
