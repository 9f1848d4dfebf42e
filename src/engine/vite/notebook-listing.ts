import { createHash } from "node:crypto";
import type { HtmlBlock } from "../notebook.ts";
import { escapeHtml } from "./escape-html.ts";

export interface ListedNotebook {
  href: string;
  title: string;
  description?: string;
  /** URL of a picture of the notebook (its first plot), if there is one. */
  thumbnail?: string;
}

/** The index page's list of notebooks: a card per notebook with thumbnail, title, description. */
export function notebookListing(notebooks: readonly ListedNotebook[]): HtmlBlock {
  const items = notebooks
    .map(({ href, title, description, thumbnail }) => {
      const picture = thumbnail
        ? `<img class="cn-thumbnail" src="${escapeHtml(thumbnail)}" alt="" loading="lazy">`
        : `<div class="cn-thumbnail cn-thumbnail-none"></div>`;
      const about = description ? `<span>${escapeHtml(description)}</span>` : "";
      return `<li><a href="${escapeHtml(href)}">${picture}<strong>${escapeHtml(title)}</strong>${about}</a></li>`;
    })
    .join("\n");
  const html = `<ul class="cn-notebook-list">\n${items}\n</ul>\n`;
  return {
    type: "html",
    id: `listing-${createHash("sha256").update(html).digest("hex").slice(0, 12)}`,
    html,
  };
}
