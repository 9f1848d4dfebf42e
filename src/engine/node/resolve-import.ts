import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ImportResolution } from "../javascript/imports.ts";

/**
 * Resolves a notebook's imports for the headless host: relative paths against the notebook's
 * folder, packages (this one's own `codesign-notebook/...` included) as Node resolves them from
 * this package. Everything becomes an absolute URL, so the cell's `import()` needs no context.
 */
export function nodeImportResolver(notebookPath: string): (specifier: string) => ImportResolution {
  const folder = dirname(resolve(notebookPath));
  return (specifier) => {
    if (/^\.{0,2}\//.test(specifier)) {
      const path = resolve(folder, specifier);
      if (!existsSync(path))
        return { error: `cannot find module "${specifier}" (no file ${path})` };
      return { url: pathToFileURL(path).href };
    }
    if (/^(node|data|file):/.test(specifier)) return { url: specifier };
    if (/^https?:/.test(specifier))
      return {
        error: `cannot import "${specifier}": notebooks load modules from npm packages or files, not the network`,
      };
    try {
      return { url: import.meta.resolve(specifier) };
    } catch {
      const name = specifier.startsWith("@")
        ? specifier.split("/").slice(0, 2).join("/")
        : specifier.split("/")[0];
      return {
        error: `cannot find module "${specifier}": is ${name} installed? (npm install ${name})`,
      };
    }
  };
}
