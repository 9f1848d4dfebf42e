import type { Block } from "../notebook.ts";
import { escapeHtml } from "./escape-html.ts";

/** A file the page links to, or its text inlined into the page. */
export type PageAsset = { href: string } | { inline: string };

export interface PageShell {
  title: string;
  blocks: readonly Block[];
  /** Link back to the index, absent on the index itself. */
  indexHref?: string;
  /**
   * How the page loads its code: an ES module URL (dev server), or a built report's classic
   * script and stylesheet, linked or inline. Classic scripts run from file://; modules do not.
   */
  code: { module: string } | { script: PageAsset; style?: PageAsset };
  /** HTML after the notebook (a report's reproducibility panel). */
  footer?: string;
}

/**
 * The page's HTML: the notebook's prose already rendered, empty places for its cells, and the
 * script that runs them. A reader sees the text before any script has loaded.
 */
export function pageHtml({ title, blocks, indexHref, code, footer = "" }: PageShell): string {
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
  const head: string[] = [];
  let script: string;
  if ("module" in code) {
    script = `<script type="module" src="${escapeHtml(code.module)}"></script>`;
  } else {
    if (code.style)
      head.push(
        "href" in code.style
          ? `<link rel="stylesheet" href="${escapeHtml(code.style.href)}">`
          : `<style>${code.style.inline}</style>`,
      );
    script =
      "href" in code.script
        ? `<script defer src="${escapeHtml(code.script.href)}"></script>`
        : `<script>${inlineScript(code.script.inline)}</script>`;
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="codesign-notebook">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
${head.join("\n")}
</head>
<body>
${nav}<main id="notebook" class="cn-notebook">
${body}
</main>
${footer}${script}
</body>
</html>
`;
}

/**
 * Script text safe inside <script>: a `</script` in it (inside a string or regular expression,
 * the only places valid code can hold one) would end the element early. `<\/` means the same
 * there. An inline script sits at the end of the body, so the page's elements exist when it runs.
 */
function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}
