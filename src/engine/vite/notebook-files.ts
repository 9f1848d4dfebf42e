import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** A notebook file and the page it becomes. */
export interface NotebookFile {
  /** Absolute path of the .md file. */
  file: string;
  /** Path relative to the notebooks folder, with forward slashes: `gemm/tiles.md`. */
  relative: string;
  /** The page's path in the site: `gemm/tiles.html`, `index.html`. */
  page: string;
}

/** Every notebook under `root`, sorted by path; folders starting with `.` or `_` are skipped. */
export function listNotebooks(root: string): NotebookFile[] {
  const files: NotebookFile[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name.startsWith("_") || entry.name === "node_modules")
        continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith(".md")) files.push(notebookFile(root, path));
    }
  };
  walk(root);
  return files.sort((a, b) => a.relative.localeCompare(b.relative));
}

export function notebookFile(root: string, file: string): NotebookFile {
  const rel = relative(root, file).split(sep).join("/");
  return { file, relative: rel, page: rel.replace(/\.md$/, ".html") };
}

/**
 * The notebook a request path asks for: `/` and `/index.html` -> index.md, `/gemm/tiles` and
 * `/gemm/tiles.html` -> gemm/tiles.md. Undefined for anything else.
 */
export function notebookForUrl(
  notebooks: readonly NotebookFile[],
  url: string,
): NotebookFile | undefined {
  let path = decodeURIComponent(url.split(/[?#]/)[0]!).replace(/^\/+/, "");
  if (path === "" || path.endsWith("/")) path += "index";
  path = path.replace(/\.html$/, "");
  return notebooks.find((notebook) => notebook.relative === `${path}.md`);
}

/** The relative link from one page to another, so the site works under any base and from file://. */
export function relativeHref(from: NotebookFile, to: NotebookFile): string {
  const depth = from.page.split("/").length - 1;
  return `${"../".repeat(depth)}${to.page}` || "./";
}
