import type { Block } from "../notebook.ts";
import { escapeHtml } from "./escape-html.ts";

export interface PageShell {
  title: string;
  blocks: readonly Block[];
  /** URL of the page's entry module. */
  entry: string;
  /** Link back to the index, absent on the index itself. */
  indexHref?: string;
}

/**
 * The page's HTML: the notebook's prose already rendered, empty places for its cells, and the
 * entry script that runs them. A reader sees the text before any script has loaded.
 */
export function pageHtml({ title, blocks, entry, indexHref }: PageShell): string {
  const body = blocks
    .map((block) =>
      block.type === "html"
        ? `<div class="cn-html" data-block="${block.id}">${block.html}</div>`
        : `<div class="cn-cell" data-cell="${block.id}"></div>`,
    )
    .join("\n");
  const nav = indexHref
    ? `<nav class="cn-nav"><a href="${escapeHtml(indexHref)}">&larr; All notebooks</a></nav>\n`
    : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="codesign-notebook">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
</head>
<body>
${nav}<main id="notebook" class="cn-notebook">
${body}
</main>
<script type="module" src="${escapeHtml(entry)}"></script>
</body>
</html>
`;
}
