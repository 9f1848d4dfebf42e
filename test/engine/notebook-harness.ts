// Runs notebooks in-process for tests: parse -> transpile -> define, with outputs collected.

import { CollectedOutput } from "../../src/engine/node/collected-output.ts";
import { installDom } from "../../src/engine/node/install-dom.ts";
import { loadCells } from "../../src/engine/node/load-cells.ts";
import { nodeImportResolver } from "../../src/engine/node/resolve-import.ts";
import { settle } from "../../src/engine/node/settle.ts";
import { parseNotebook } from "../../src/engine/parse/parse-notebook.ts";
import type { CellFailure } from "../../src/engine/runtime/cell-output.ts";
import { NotebookRuntime } from "../../src/engine/runtime/notebook-runtime.ts";
import { standardBuiltins } from "../../src/engine/stdlib/builtins.ts";
import { transpileNotebook } from "../../src/engine/transpile-notebook.ts";

export interface Harness {
  runtime: NotebookRuntime;
  /** Replaces the notebook's source, as a hot reload does; resolves once it settled. */
  edit(markdown: string): Promise<{ added: string[]; removed: string[] }>;
  settle(): Promise<void>;
  /** The value or error message of a declared name, like Observable's valueof() test helper. */
  valueof(name: string): Promise<{ value: unknown } | { error: string }>;
  /** What the cell at this 0-based index (in source order) displayed, and its errors. */
  cell(index: number): { displays: unknown[]; errors: string[]; failures: readonly CellFailure[] };
  dispose(): void;
}

/** Joins cell sources into a notebook of ```js fences. */
export function jsCells(...sources: string[]): string {
  return sources.map((source) => `\`\`\`js\n${source}\n\`\`\``).join("\n\n");
}

export async function notebookHarness(
  markdown: string,
  builtins: Record<string, unknown> = {},
): Promise<Harness> {
  installDom();
  const path = "test.md";
  const outputs = new Map<string, CollectedOutput>();
  const values = new Map();
  let order: string[] = [];
  const runtime = new NotebookRuntime({
    path,
    builtins: { ...standardBuiltins({ width: () => 640 }), ...builtins },
    outputFor: (cell) => {
      const output = new CollectedOutput(values);
      outputs.set(cell.id, output);
      return output;
    },
  });
  const load = async (source: string) => {
    const parsed = parseNotebook(source, path);
    const transpiled = await transpileNotebook(parsed, nodeImportResolver(path));
    order = transpiled.cells.map((cell) => cell.id);
    runtime.setParams(parsed.params);
    return runtime.update(await loadCells(transpiled));
  };
  const settleAll = async () => {
    const variables = [...runtime.definedCells.values()].flatMap((defined) => defined.variables);
    await settle(runtime, variables, 10_000);
  };
  await load(markdown);
  await settleAll();
  return {
    runtime,
    edit: async (source) => {
      const change = await load(source);
      await settleAll();
      return change;
    },
    settle: settleAll,
    valueof: async (name) => {
      try {
        return { value: await runtime.module.value(name) };
      } catch (error) {
        return { error: (error as Error).message };
      }
    },
    cell: (index) => {
      const output = outputs.get(order[index]!)!;
      return {
        displays: output.displays,
        errors: output.currentFailures.map((failure) => failure.message),
        failures: output.currentFailures,
      };
    },
    dispose: () => runtime.dispose(),
  };
}

/** Resolves after the runtime has had a few frames to propagate (generators pull once per frame). */
export function frames(count = 3): Promise<void> {
  return new Promise((resolve) => {
    const step = (left: number) => (left ? setImmediate(() => step(left - 1)) : resolve());
    step(count);
  });
}
