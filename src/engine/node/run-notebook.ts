import type { SourceProblem } from "../notebook.ts";
import { parseNotebook } from "../parse/parse-notebook.ts";
import { applyOverride } from "../runtime/apply-override.ts";
import type { CellFailure } from "../runtime/cell-output.ts";
import { NotebookRuntime } from "../runtime/notebook-runtime.ts";
import { standardBuiltins } from "../stdlib/builtins.ts";
import { transpileNotebook } from "../transpile-notebook.ts";
import { CollectedOutput } from "./collected-output.ts";
import { installDom } from "./install-dom.ts";
import { loadCells } from "./load-cells.ts";
import { nodeImportResolver } from "./resolve-import.ts";
import { settle } from "./settle.ts";

export interface RunOptions {
  /** Values for front-matter params and declared names (`--set`). */
  overrides?: Record<string, unknown>;
  /** Give up on cells still running after this long; they are reported as failed. */
  timeoutMs?: number;
  /** The `gpu` builtin's definition; without one, `gpu` is not defined. */
  gpu?: () => Promise<unknown>;
}

export interface CellResult {
  id: string;
  kind: "block" | "inline";
  line: number;
  outputs: string[];
  /** What the cell displayed last (its value, for expression cells). */
  displays: unknown[];
  failures: readonly CellFailure[];
}

export interface NotebookRun {
  path: string;
  title: string;
  /** Every top-level name: front-matter params and each cell's declarations. */
  values: Map<string, { value: unknown } | { error: CellFailure }>;
  cells: CellResult[];
  /** Problems outside cells (front matter). */
  problems: SourceProblem[];
  /** Things the reader should know that are not errors (an input that refused a --set value). */
  notices: string[];
  startedAt: Date;
  endedAt: Date;
}

/** Names a notebook accepts in `overrides`: its params and its cells' declarations. */
export function knownNames(
  params: Record<string, unknown>,
  cells: readonly { outputs: string[] }[],
): string[] {
  return [...new Set([...Object.keys(params), ...cells.flatMap((cell) => cell.outputs)])];
}

export class UnknownOverrideError extends Error {
  override name = "UnknownOverrideError";
}

/**
 * Runs a notebook headless: every cell once (generators to their first value), then returns
 * what each displayed and the value or error of every top-level name. Never throws for problems
 * in the notebook: they are in the result. Throws UnknownOverrideError for overrides of names
 * the notebook does not have.
 */
export async function runNotebook(
  source: string,
  path: string,
  options: RunOptions = {},
): Promise<NotebookRun> {
  const startedAt = new Date();
  const parsed = parseNotebook(source, path);
  const transpiled = await transpileNotebook(parsed, nodeImportResolver(path));
  const overrides = options.overrides ?? {};
  const known = knownNames(parsed.params, transpiled.cells);
  const unknown = Object.keys(overrides).filter((name) => !known.includes(name));
  if (unknown.length) {
    throw new UnknownOverrideError(
      `${path} has no ${unknown.length > 1 ? "names" : "name"} ${unknown.join(", ")}; known names: ${known.length ? known.join(", ") : "(none)"}`,
    );
  }

  installDom();
  const values = new Map<string, { value: unknown } | { error: CellFailure }>();
  const notices: string[] = [];
  const outputs = new Map<string, CollectedOutput>();
  const overrideFor = (name: string) =>
    name in overrides
      ? applyOverride(name, overrides[name], (n, wanted, actual) =>
          notices.push(
            `${n}: the input did not accept ${JSON.stringify(wanted)}; it shows ${JSON.stringify(actual)}`,
          ),
        )
      : undefined;
  const notebook = new NotebookRuntime({
    path,
    builtins: standardBuiltins({ width: () => 640, ...(options.gpu ? { gpu: options.gpu } : {}) }),
    outputFor: (cell) => {
      const output = new CollectedOutput(values);
      outputs.set(cell.id, output);
      return output;
    },
    overrideFor,
  });
  try {
    notebook.setParams(parsed.params, new CollectedOutput(values));
    notebook.update(await loadCells(transpiled));
    const variables = [...notebook.definedCells.values()].flatMap((defined) => defined.variables);
    const finished = await settle(notebook, variables, options.timeoutMs ?? 300_000);
    if (!finished) {
      const seconds = (options.timeoutMs ?? 300_000) / 1000;
      for (const defined of notebook.definedCells.values()) {
        if (!defined.runner.settled) defined.runner.fail(`did not finish within ${seconds} s`);
      }
    }
  } finally {
    notebook.dispose();
  }

  const cells: CellResult[] = transpiled.cells.map((cell) => {
    const output = outputs.get(cell.id);
    return {
      id: cell.id,
      kind: cell.kind,
      line: cell.line,
      outputs: cell.outputs,
      displays: output?.displays ?? [],
      failures: output?.currentFailures ?? [],
    };
  });
  return {
    path,
    title: parsed.title,
    values,
    cells,
    problems: parsed.problems,
    notices,
    startedAt,
    endedAt: new Date(),
  };
}
