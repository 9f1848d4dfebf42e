import type { ImportExpression, Node, Program } from "acorn";
import { simple } from "acorn-walk";
import type { CellSource, SourceProblem } from "../notebook.ts";
import { hasTopLevelAwait } from "./awaits.ts";
import { CellSyntaxError } from "./cell-syntax-error.ts";
import { findDeclarations } from "./declarations.ts";
import { defaultGlobals } from "./globals.ts";
import { type ImportResolution, rewriteImports } from "./imports.ts";
import { parseJavaScript } from "./parse-javascript.ts";
import { findReferences } from "./references.ts";
import { SourceEdits } from "./source-edits.ts";
import { stripTypes } from "./strip-types.ts";

/**
 * Names every cell may use that the engine makes afresh for each run of the cell, rather than
 * runtime variables: `display` and `view` write into this run's output (a stale run's writes are
 * dropped), `signal` is an AbortSignal aborted when the run is invalidated.
 */
export const PER_RUN_NAMES = ["display", "view", "signal"] as const;
export type PerRunName = (typeof PER_RUN_NAMES)[number];

/** A cell ready to define on the runtime: `define({id, inputs, outputs, body})`. */
export interface TranspiledCell extends CellSource {
  /** Runtime variables the body takes, after the per-run names. */
  inputs: string[];
  /** Names the cell declares at top level. */
  outputs: string[];
  perRun: PerRunName[];
  /** An expression cell displays its value. */
  expression: boolean;
  async: boolean;
  /**
   * A measured cell: it uses the GPU (or its fence says `snapshot`), so a built report shows the
   * author's result and re-runs it only when the reader asks.
   */
  measured: boolean;
  /** Import specifiers as written, static and literal dynamic ones. */
  imports: string[];
  /** JavaScript source of the cell's function; absent when the cell has an error or does not run. */
  body?: string;
  /** Why the cell cannot run, with its file line. */
  error?: SourceProblem;
}

/** Phase one: what the cell declares, uses and imports, before imports are resolved. */
export interface CellAnalysis {
  cell: CellSource;
  code: string;
  parsed?: ReturnType<typeof parseJavaScript>;
  outputs: string[];
  free: string[];
  async: boolean;
  imports: string[];
  error?: SourceProblem;
}

export function analyzeCell(cell: CellSource): CellAnalysis {
  const analysis: CellAnalysis = {
    cell,
    code: cell.source,
    outputs: [],
    free: [],
    async: false,
    imports: [],
  };
  if (cell.problem) return { ...analysis, error: cell.problem };
  if (!cell.run) return analysis;
  const source = analyzeSource(cell.language, cell.source);
  if (source instanceof CellSyntaxError) return { ...analysis, error: locate(source, cell) };
  return { ...analysis, ...source };
}

type SourceAnalysis = Pick<
  CellAnalysis,
  "code" | "parsed" | "outputs" | "free" | "async" | "imports"
>;

/**
 * What a cell's source declares, uses and imports, independent of where the cell sits. Cached
 * by content: a hot reload re-transpiles the whole notebook on every save, and only the edited
 * cells' sources are new. (TypeScript's transpile is the slow step, ~1-3 ms a cell.)
 */
const analyses = new Map<string, SourceAnalysis | CellSyntaxError>();
const MAX_CACHED = 5_000;

function analyzeSource(
  language: CellSource["language"],
  source: string,
): SourceAnalysis | CellSyntaxError {
  const key = `${language}\0${source}`;
  let analysis = analyses.get(key);
  if (analysis === undefined) {
    analysis = analyzeUncached(language, source);
    if (analyses.size >= MAX_CACHED) analyses.delete(analyses.keys().next().value!);
    analyses.set(key, analysis);
  }
  return analysis;
}

function analyzeUncached(
  language: CellSource["language"],
  source: string,
): SourceAnalysis | CellSyntaxError {
  try {
    const code = language === "ts" ? stripTypes(source) : source;
    let parsed = parseJavaScript(code);
    // TypeScript ends every statement with a semicolon; an expression cell is one whose
    // original source did not.
    if (language === "ts" && !parsed.expression) parsed = asExpressionIfBare(parsed, source, code);
    const outputs = parsed.node.type === "Program" ? findDeclarations(parsed.node) : [];
    const { free, externalAssignments } = findReferences(parsed.node, defaultGlobals);
    const assigned = externalAssignments[0];
    if (assigned) {
      return new CellSyntaxError(
        `cannot assign to ${assigned.name}: it is not declared in this cell (declare it here, or keep it in a Mutable in the cell that declares it)`,
        assigned.line,
        assigned.column,
      );
    }
    const staticImports = parsed.node.type === "Program" ? staticImportSpecifiers(parsed.node) : [];
    return {
      code,
      parsed,
      outputs,
      free,
      imports: [...new Set([...staticImports, ...dynamicImportSpecifiers(parsed.node)])],
      async: staticImports.length > 0 || hasTopLevelAwait(parsed.node),
    };
  } catch (error) {
    if (!(error instanceof CellSyntaxError)) throw error;
    return error;
  }
}

/** Phase two: the cell's function source, with imports resolved. */
export function emitCell(
  analysis: CellAnalysis,
  resolve: (specifier: string) => ImportResolution,
): TranspiledCell {
  const { cell, parsed, outputs, free } = analysis;
  const perRun = PER_RUN_NAMES.filter((name) => free.includes(name));
  const inputs = free.filter((name) => !(PER_RUN_NAMES as readonly string[]).includes(name));
  if (perRun.includes("signal") && !inputs.includes("invalidation")) inputs.push("invalidation");
  const transpiled: TranspiledCell = {
    ...cell,
    inputs,
    outputs,
    perRun,
    expression: parsed?.expression ?? false,
    measured: cell.snapshot || inputs.includes("gpu"),
    async: analysis.async,
    imports: analysis.imports,
  };
  if (analysis.error) return { ...transpiled, error: analysis.error };
  if (!parsed) return transpiled;

  const edits = new SourceEdits(analysis.code);
  rewriteImports(parsed.node, edits, (specifier) => {
    const resolution = resolve(specifier);
    return "error" in resolution
      ? { error: `${resolution.error} (imported by the cell at line ${cell.line})` }
      : resolution;
  });
  const code = edits.toString();
  const params = [...perRun, ...inputs].join(", ");
  const name = `cell_${cell.id.replace(/-/g, "_")}`;
  const head = `${analysis.async ? "async " : ""}function ${name}(${params}) {\n`;
  const body = parsed.expression
    ? `${head}return (\n${code.replace(/;?\s*$/, "")}\n);\n}`
    : `${head}${code}\n${outputs.length ? `return {${outputs.join(", ")}};\n` : ""}}`;
  return { ...transpiled, body };
}

function staticImportSpecifiers(program: Program): string[] {
  return program.body.flatMap((s) =>
    s.type === "ImportDeclaration" ? [String(s.source.value)] : [],
  );
}

function dynamicImportSpecifiers(root: Node): string[] {
  const specifiers: string[] = [];
  simple(root, {
    ImportExpression(node) {
      const { source } = node as ImportExpression;
      if (source.type === "Literal" && typeof source.value === "string")
        specifiers.push(source.value);
    },
  });
  return specifiers;
}

function asExpressionIfBare(
  parsed: ReturnType<typeof parseJavaScript>,
  tsSource: string,
  code: string,
) {
  const program = parsed.node as { body: { type: string }[] };
  if (program.body.length !== 1 || program.body[0]!.type !== "ExpressionStatement") return parsed;
  if (/;\s*(?:\/\/[^\n]*\s*)*$/.test(tsSource.trim())) return parsed;
  const bare = code.replace(/;\s*$/, "");
  try {
    const expression = parseJavaScript(bare);
    return expression.expression ? expression : parsed;
  } catch {
    return parsed;
  }
}

/** Turns a cell-relative error position into a file line. */
function locate(error: CellSyntaxError, cell: CellSource): SourceProblem {
  const problem: SourceProblem = {
    message: `${error.name}: ${error.message}`,
    line: cell.line + error.line - 1,
  };
  // An inline cell's columns count from its expression, not the file's line; leave them out.
  if (error.column !== undefined && cell.kind === "block") problem.column = error.column;
  return problem;
}
