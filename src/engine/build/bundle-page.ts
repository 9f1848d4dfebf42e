import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build, type Rollup } from "vite";
import { notebookViteConfig } from "../vite/config.ts";
import type { NotebookFile } from "../vite/notebook-files.ts";
import type { NotebookPluginOptions } from "../vite/plugin.ts";

export interface PageBundle {
  /** The script and stylesheet, as paths inside the output folder (`assets/x-1a2b.js`). */
  script: string;
  style?: string;
  scriptText: () => string;
  styleText: () => string | undefined;
}

/**
 * Bundles one page's code into a single classic script (IIFE, every dynamic import inlined) and
 * one stylesheet, written under `out/assets`. A classic script, unlike a module, runs from
 * file:// and from any static host, and needs no other file but its stylesheet.
 */
export async function bundlePage(
  root: string,
  notebook: NotebookFile,
  out: string,
  plugin: Omit<NotebookPluginOptions, "root">,
): Promise<PageBundle> {
  const config = notebookViteConfig(root, plugin);
  const slug = notebook.relative.replace(/\.md$/, "").replace(/[^\w-]+/g, "-");
  const result = await build({
    ...config,
    logLevel: "warn",
    build: {
      outDir: out,
      emptyOutDir: false,
      cssCodeSplit: false,
      modulePreload: false,
      reportCompressedSize: false,
      // One script per page, libraries included, is the point: no size warning for it.
      chunkSizeWarningLimit: 4096,
      rollupOptions: {
        input: { [slug]: `/@codesign-notebook/entry/${notebook.relative}.js` },
        output: {
          format: "iife",
          entryFileNames: "assets/[name]-[hash].js",
          assetFileNames: "assets/[name]-[hash][extname]",
        },
        // A classic script has no import.meta; the engine only reads it for hot reload.
        onLog: (level, log, handler) => {
          if (log.code !== "EMPTY_IMPORT_META") handler(level, log);
        },
      },
    },
  });
  const outputs = (Array.isArray(result) ? result[0]! : (result as Rollup.RollupOutput)).output;
  const script = outputs.find((item) => item.type === "chunk" && item.isEntry)!.fileName;
  const style = outputs.find(
    (item) => item.type === "asset" && item.fileName.endsWith(".css"),
  )?.fileName;
  return {
    script,
    ...(style ? { style } : {}),
    scriptText: () => readFileSync(join(out, script), "utf8"),
    styleText: () => (style ? readFileSync(join(out, style), "utf8") : undefined),
  };
}
