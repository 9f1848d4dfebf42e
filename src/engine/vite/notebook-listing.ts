import { createHash } from "node:crypto";
import type { HtmlBlock } from "../notebook.ts";
import { escapeHtml } from "./escape-html.ts";

export interface ListedNotebook {
  href: string;
  title: string;
  description?: string;
}

/** The index page's list of notebooks: a card per notebook with its title and description. */
export function notebookListing(notebooks: readonly ListedNotebook[]): HtmlBlock {
  const items = notebooks
    .map(
      ({ href, title, description }) =>
        `<li><a href="${escapeHtml(href)}"><strong>${escapeHtml(title)}</strong>${description ? `<span>${escapeHtml(description)}</span>` : ""}</a></li>`,
    )
    .join("\n");
  const html = `<ul class="cn-notebook-list">\n${items}\n</ul>\n`;
  return {
    type: "html",
    id: `listing-${createHash("sha256").update(html).digest("hex").slice(0, 12)}`,
    html,
  };
}
