import { existsSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "vite";
import type { ImportResolution } from "../javascript/imports.ts";
import { notebookModule } from "../notebook-module.ts";
import { packageRoot } from "../package-root.ts";
import { type CompiledPage, compilePage } from "./compile-page.ts";
import { devThumbnailUrl, thumbnailMiddleware } from "./dev-thumbnails.ts";
import {
  listNotebooks,
  type NotebookFile,
  notebookFile,
  notebookForUrl,
} from "./notebook-files.ts";
import { pageHtml } from "./page-html.ts";

export interface NotebookPluginOptions {
  /** The folder of notebooks (.md files) to serve and build. */
  root: string;
  /** Extra data for a page's module, by notebook path (a built report's snapshots). */
  pageData?: (relative: string) => Record<string, unknown> | undefined;
  /** The index's thumbnail for a notebook; the dev server serves its own when not given. */
  thumbnailUrl?: (notebook: NotebookFile) => string | undefined;
}

const ENTRY_URL = "/@codesign-notebook/entry/";
const ENTRY_ID = "\0codesign-notebook-entry:";
const NOTEBOOK_QUERY = /[?&]notebook(?:&|$)/;
const clientFile = (name: string) => fileURLToPath(new URL(`../client/${name}`, import.meta.url));
// The inspector's stylesheet is not in its package exports; import it by path.
const inspectorCss = fileURLToPath(
  new URL("../dist/inspector.css", import.meta.resolve("@observablehq/inspector")),
);

/**
 * Serves each notebook in `root` as a page and builds them into a static site. A notebook's cells
 * live in a module whose id is the .md file itself (`x.md?notebook`), so Vite's own hot update
 * of that file reaches the page, which redefines only the cells whose content changed.
 */
export function codesignNotebook(options: NotebookPluginOptions): Plugin {
  const root = resolve(options.root);
  const thumbnailUrl = options.thumbnailUrl ?? devThumbnailUrl;

  // Ends in .js so Vite's dev server treats the request as a module.
  const entryUrl = (notebook: NotebookFile) => `${ENTRY_URL}${notebook.relative}.js`;

  function shell(notebook: NotebookFile, page: CompiledPage): string {
    return pageHtml({
      title: page.transpiled.title,
      blocks: page.transpiled.blocks,
      code: { module: entryUrl(notebook) },
      ...(page.indexHref ? { indexHref: page.indexHref } : {}),
    });
  }

  /** Import resolution that never fails the page: a missing module becomes that cell's error. */
  const resolverFor =
    (
      resolveId: (specifier: string, importer: string) => Promise<{ id: string } | null>,
      importer: string,
    ) =>
    async (specifier: string): Promise<ImportResolution> => {
      const resolved = await resolveId(specifier, importer).catch(() => null);
      return resolved ? { url: specifier } : { error: `cannot find module "${specifier}"` };
    };

  return {
    name: "codesign-notebook",
    enforce: "pre",

    configureServer(devServer) {
      // A new or deleted notebook changes the index; reload open pages.
      const reload = (file: string) => {
        if (file.startsWith(root) && file.endsWith(".md"))
          devServer.ws.send({ type: "full-reload" });
      };
      devServer.watcher.on("add", reload);
      devServer.watcher.on("unlink", reload);
      devServer.middlewares.use(thumbnailMiddleware(root));
      devServer.middlewares.use(async (request, response, next) => {
        if ((request.method !== "GET" && request.method !== "HEAD") || !request.url) return next();
        const notebook = notebookForUrl(listNotebooks(root), request.url);
        if (!notebook) return next();
        try {
          const resolveId = (specifier: string, importer: string) =>
            devServer.pluginContainer.resolveId(specifier, importer);
          const page = await compilePage(
            root,
            notebook,
            resolverFor(resolveId, notebook.file),
            thumbnailUrl,
          );
          const html = await devServer.transformIndexHtml(request.url, shell(notebook, page));
          response.setHeader("Content-Type", "text/html; charset=utf-8");
          response.setHeader("Cache-Control", "no-cache");
          response.end(html);
        } catch (error) {
          next(error);
        }
      });
    },

    async resolveId(id, importer) {
      // A notebook folder outside this package has no node_modules of its own: packages the
      // pages and notebooks use resolve from this package when they do not resolve from there.
      if (
        importer &&
        isBare(id) &&
        (importer.startsWith(ENTRY_ID) || NOTEBOOK_QUERY.test(importer))
      ) {
        const local = importer.startsWith(ENTRY_ID)
          ? null
          : await this.resolve(id, importer, { skipSelf: true });
        return (
          local ?? (await this.resolve(id, join(packageRoot, "package.json"), { skipSelf: true }))
        );
      }
      if (id.startsWith(ENTRY_URL))
        return `${ENTRY_ID}${id.slice(ENTRY_URL.length).replace(/\.js$/, "")}`;
      if (NOTEBOOK_QUERY.test(id)) {
        const file = id.split("?")[0]!;
        const absolute =
          isAbsolute(file) && existsSync(file) ? file : resolve(root, file.replace(/^\//, ""));
        if (existsSync(absolute)) return `${absolute}?notebook`;
      }
      return undefined;
    },

    async load(id) {
      if (id.startsWith(ENTRY_ID)) {
        const notebook = notebookFile(root, resolve(root, id.slice(ENTRY_ID.length)));
        return entryModule(`${notebook.file}?notebook`);
      }
      if (NOTEBOOK_QUERY.test(id)) {
        const notebook = notebookFile(root, id.split("?")[0]!);
        if (notebook.relative === "index.md") {
          // The index lists every notebook's title: let their edits reach it.
          for (const other of listNotebooks(root)) this.addWatchFile(other.file);
        }
        const resolveId = (specifier: string, importer: string) =>
          this.resolve(specifier, importer);
        const page = await compilePage(
          root,
          notebook,
          resolverFor(resolveId, notebook.file),
          thumbnailUrl,
        );
        return notebookModule(
          page.transpiled,
          page.sourceHash,
          options.pageData?.(notebook.relative),
        );
      }
      return undefined;
    },
  };
}

function isBare(specifier: string): boolean {
  return !/^(?:[./]|\0|[a-z]+:)/i.test(specifier);
}

function entryModule(notebookId: string): string {
  const id = JSON.stringify(notebookId);
  return `import ${JSON.stringify(clientFile("style.css"))};
import ${JSON.stringify(inspectorCss)};
import "@observablehq/inputs/dist/index.css";
import { mountNotebook } from ${JSON.stringify(clientFile("mount-notebook.ts"))};
import { notebook } from ${id};

const mounted = mountNotebook(document.getElementById("notebook"), notebook);
// For tests and benchmarks: the running notebook, its runtime and cells.
window.__codesignNotebook = mounted;
if (import.meta.hot) {
  import.meta.hot.accept(${id}, (module) => module && mounted.update(module.notebook));
}
`;
}
