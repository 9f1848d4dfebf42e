import type { AdapterDescription } from "../../gpu/index.ts";
import type { SourceProblem } from "../notebook.ts";
import { parseNotebook } from "../parse/parse-notebook.ts";
import { applyOverride } from "../runtime/apply-override.ts";
import type { CellFailure } from "../runtime/cell-output.ts";
import { NotebookRuntime } from "../runtime/notebook-runtime.ts";
import type { RunnableCell } from "../runtime/runnable-cell.ts";
import { standardBuiltins } from "../stdlib/builtins.ts";
import { gpuBuiltin } from "../stdlib/gpu-builtin.ts";
import { sweepInProcess } from "../stdlib/sweep-in-process.ts";
import { type TranspiledNotebook, transpileNotebook } from "../transpile-notebook.ts";
import { CollectedOutput } from "./collected-output.ts";
import { installDomOnDemand } from "./install-dom.ts";
import { loadCells } from "./load-cells.ts";
import { nodeImportResolver } from "./resolve-import.ts";
import { settle } from "./settle.ts";

export interface RunOptions {
  /** Values for front-matter params and declared names (`--set`). */
  overrides?: Record<string, unknown>;
  /** Give up on cells still running after this long; they are reported as failed. */
  timeoutMs?: number;
  /** The `gpu` builtin's definition; by default, the Dawn device (or null, with a notice). */
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
  /** Names whose values come from front-matter params or inputs (view): what `--set` varies. */
  parameters: string[];
  cells: CellResult[];
  /** Problems outside cells (front matter). */
  problems: SourceProblem[];
  /** Things the reader should know that are not errors (an input that refused a --set value). */
  notices: string[];
  /** The GPU adapter the `gpu` builtin acquired, if any cell used it. */
  adapter?: AdapterDescription;
  startedAt: Date;
  endedAt: Date;
}

/** A notebook parsed, transpiled and loaded once, to run any number of times (sweeps). */
export interface PreparedNotebook {
  path: string;
  source: string;
  transpiled: TranspiledNotebook;
  cells: RunnableCell[];
  /** Names `overrides` may set: params and every cell's declarations. */
  knownNames: string[];
}

export class UnknownOverrideError extends Error {
  override name = "UnknownOverrideError";
}

export async function prepareNotebook(source: string, path: string): Promise<PreparedNotebook> {
  const transpiled = await transpileNotebook(parseNotebook(source, path), nodeImportResolver(path));
  const knownNames = [
    ...new Set([
      ...Object.keys(transpiled.params),
      ...transpiled.cells.flatMap((cell) => cell.outputs),
    ]),
  ];
  return { path, source, transpiled, cells: await loadCells(transpiled), knownNames };
}

/** Throws UnknownOverrideError naming the unknown names and listing the known ones. */
export function checkOverrideNames(
  prepared: PreparedNotebook,
  names: readonly string[],
  flag = "--set",
): void {
  const unknown = names.filter((name) => !prepared.knownNames.includes(name));
  if (unknown.length === 0) return;
  const known = prepared.knownNames.length ? prepared.knownNames.join(", ") : "(none)";
  throw new UnknownOverrideError(
    `${prepared.path} has no ${unknown.length > 1 ? "names" : "name"} ${unknown.join(", ")} (${flag}); known names: ${known}`,
  );
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
  return executeNotebook(await prepareNotebook(source, path), options);
}

export async function executeNotebook(
  prepared: PreparedNotebook,
  options: RunOptions = {},
): Promise<NotebookRun> {
  const startedAt = new Date();
  const overrides = options.overrides ?? {};
  checkOverrideNames(prepared, Object.keys(overrides));
  const { transpiled, path } = prepared;
  const timeoutMs = options.timeoutMs ?? 300_000;

  installDomOnDemand();
  const values = new Map<string, { value: unknown } | { error: CellFailure }>();
  const inputs = new Set<string>();
  const notices: string[] = [];
  let adapter: AdapterDescription | undefined;
  const gpu =
    options.gpu ??
    gpuBuiltin({
      notice: (message) => notices.push(message),
      acquired: (context) => {
        adapter = context.adapter;
      },
    });
  const outputs = new Map<string, CollectedOutput>();
  const notebook = new NotebookRuntime({
    path,
    builtins: standardBuiltins({ width: () => 640, gpu, sweep: sweepInProcess }),
    outputFor: (cell) => {
      const output = new CollectedOutput(values);
      outputs.set(cell.id, output);
      return output;
    },
    overrideFor: (name) =>
      name in overrides
        ? applyOverride(name, overrides[name], (n, wanted, actual) =>
            notices.push(
              `${n}: the input did not accept ${JSON.stringify(wanted)}; it shows ${JSON.stringify(actual)}`,
            ),
          )
        : undefined,
    onInput: (name) => inputs.add(name),
  });
  try {
    notebook.setParams(transpiled.params, new CollectedOutput(values));
    notebook.update(prepared.cells);
    const variables = [...notebook.definedCells.values()].flatMap((defined) => defined.variables);
    if (!(await settle(notebook, variables, timeoutMs))) {
      for (const defined of notebook.definedCells.values()) {
        if (!defined.runner.settled)
          defined.runner.fail(`did not finish within ${timeoutMs / 1000} s`);
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
  const parameters = [
    ...new Set([...Object.keys(transpiled.params), ...inputs, ...Object.keys(overrides)]),
  ];
  return {
    path,
    title: transpiled.title,
    values,
    parameters,
    cells,
    problems: transpiled.problems,
    notices,
    ...(adapter ? { adapter } : {}),
    startedAt,
    endedAt: new Date(),
  };
}
