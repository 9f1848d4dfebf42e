import { resolve } from "node:path";
import type { InlineConfig } from "vite";
import { packageRoot } from "../package-root.ts";
import { listNotebooks } from "./notebook-files.ts";
import { codesignNotebook } from "./plugin.ts";

/**
 * The Vite configuration for a folder of notebooks, used by `codesign-notebook dev|build` and by
 * vite.config.ts. Pages are relative to each other (`base: "./"`) so a built site works from any
 * path of any static host.
 */
export function notebookViteConfig(notebooksFolder: string, outDir?: string): InlineConfig {
  const root = resolve(notebooksFolder);
  return {
    root,
    base: "./",
    configFile: false,
    appType: "custom",
    plugins: [codesignNotebook({ root })],
    resolve: {
      alias: [
        {
          find: /^codesign-notebook\/(engine|hwmodels|gpu)$/,
          replacement: `${packageRoot}/src/$1/index.ts`,
        },
        { find: /^codesign-notebook$/, replacement: `${packageRoot}/src/index.ts` },
      ],
    },
    server: { fs: { allow: [packageRoot, root] } },
    // Pages are generated, so Vite cannot scan them for dependencies; name the ones every page uses.
    optimizeDeps: {
      include: [
        "@observablehq/runtime",
        "@observablehq/inspector",
        "@observablehq/inputs",
        "@observablehq/plot",
        "arquero",
      ],
    },
    build: {
      outDir: resolve(outDir ?? resolve(root, "../dist")),
      emptyOutDir: true,
      rollupOptions: {
        input: Object.fromEntries(
          listNotebooks(root).map((notebook) => [
            notebook.relative.replace(/\.md$/, ""),
            resolve(root, notebook.page),
          ]),
        ),
      },
    },
  };
}
