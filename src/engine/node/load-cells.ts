import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { PageNotebook } from "../client/page-notebook.ts";
import { notebookModule } from "../notebook-module.ts";
import type { RunnableCell } from "../runtime/runnable-cell.ts";
import type { TranspiledNotebook } from "../transpile-notebook.ts";
import { sha256 } from "./manifest.ts";

const folder = join(tmpdir(), "codesign-notebook-modules");

/**
 * Turns transpiled cells into runnable ones in Node the way the browser does: as the functions of
 * a real ES module, the same module text the dev server sends. Module code is strict, and its
 * `import()` calls work wherever modules load (tsx for the CLI, vitest's runner in tests), which
 * code compiled from strings cannot count on. Files are named by content, so a re-run reuses one.
 */
export async function loadCells(notebook: TranspiledNotebook): Promise<RunnableCell[]> {
  const source = notebookModule(notebook, "");
  const file = join(folder, `${sha256(source).slice(0, 24)}.mjs`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(file, source);
  const module = (await import(pathToFileURL(file).href)) as { notebook: PageNotebook };
  return module.notebook.cells;
}
