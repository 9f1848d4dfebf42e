import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ImportResolution } from "../javascript/imports.ts";
import { parseNotebook } from "../parse/parse-notebook.ts";
import { type TranspiledNotebook, transpileNotebook } from "../transpile-notebook.ts";
import { listNotebooks, type NotebookFile, notebookFile, relativeHref } from "./notebook-files.ts";
import { notebookListing } from "./notebook-listing.ts";

export interface CompiledPage {
  transpiled: TranspiledNotebook;
  sourceHash: string;
  /** Link back to the index, absent on the index itself. */
  indexHref?: string;
}

/**
 * A notebook as a page of the site under `root`: transpiled, and for the index, followed by the
 * list of every other notebook with its title and description.
 */
export async function compilePage(
  root: string,
  notebook: NotebookFile,
  resolveImport: (specifier: string) => ImportResolution | Promise<ImportResolution>,
  thumbnailUrl: (notebook: NotebookFile) => string | undefined = () => undefined,
): Promise<CompiledPage> {
  const source = readFileSync(notebook.file, "utf8");
  const parsed = parseNotebook(source, notebook.relative);
  const isIndex = notebook.relative === "index.md";
  if (isIndex) parsed.blocks.push(listingFor(root, notebook, thumbnailUrl));
  const transpiled = await transpileNotebook(parsed, resolveImport);
  const page: CompiledPage = {
    transpiled,
    sourceHash: createHash("sha256").update(source).digest("hex").slice(0, 16),
  };
  const index = notebookFile(root, resolve(root, "index.md"));
  if (!isIndex && existsSync(index.file)) page.indexHref = relativeHref(notebook, index);
  return page;
}

function listingFor(
  root: string,
  index: NotebookFile,
  thumbnailUrl: (notebook: NotebookFile) => string | undefined,
) {
  const others = listNotebooks(root).filter((notebook) => notebook.relative !== index.relative);
  return notebookListing(
    others.map((notebook) => {
      const parsed = parseNotebook(readFileSync(notebook.file, "utf8"), notebook.relative);
      const thumbnail = thumbnailUrl(notebook);
      return {
        href: relativeHref(index, notebook),
        title: parsed.title,
        ...(parsed.description ? { description: parsed.description } : {}),
        ...(thumbnail ? { thumbnail } : {}),
      };
    }),
  );
}
