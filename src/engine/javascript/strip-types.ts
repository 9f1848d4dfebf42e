import { createRequire } from "node:module";
import type * as TypeScript from "typescript";
import { CellSyntaxError } from "./cell-syntax-error.ts";

let typescript: typeof TypeScript | undefined;

/** TypeScript is large; load it on the first ```ts cell, not on every notebook. */
function loadTypeScript(): typeof TypeScript {
  typescript ??= createRequire(import.meta.url)("typescript") as typeof TypeScript;
  return typescript;
}

/**
 * Removes TypeScript syntax from a ```ts cell, leaving JavaScript for the other passes. Imports
 * are kept as written (verbatimModuleSyntax): a cell's imports are outputs other cells may use,
 * even when this cell does not. Throws CellSyntaxError with the TypeScript line and column.
 */
export function stripTypes(source: string): string {
  const ts = loadTypeScript();
  const result = ts.transpileModule(source, {
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ESNext,
      module: ts.ModuleKind.ESNext,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      sourceMap: false,
    },
  });
  const error = result.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (error) {
    const position =
      error.file && error.start !== undefined
        ? error.file.getLineAndCharacterOfPosition(error.start)
        : undefined;
    throw new CellSyntaxError(
      ts.flattenDiagnosticMessageText(error.messageText, "\n"),
      (position?.line ?? 0) + 1,
      position ? position.character + 1 : undefined,
    );
  }
  return result.outputText;
}
