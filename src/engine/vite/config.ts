import { resolve } from "node:path";
import type { InlineConfig } from "vite";
import { packageRoot } from "../package-root.ts";
import { codesignNotebook, type NotebookPluginOptions } from "./plugin.ts";

/**
 * The Vite configuration for a folder of notebooks, used by `codesign-notebook dev|build` and by
 * vite.config.ts. Pages link to each other relatively (`base: "./"`), so a built site works
 * from any path of any static host and from file://.
 */
export function notebookViteConfig(
  notebooksFolder: string,
  plugin: Omit<NotebookPluginOptions, "root"> = {},
): InlineConfig {
  const root = resolve(notebooksFolder);
  return {
    root,
    base: "./",
    configFile: false,
    appType: "custom",
    plugins: [codesignNotebook({ root, ...plugin })],
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
  };
}
