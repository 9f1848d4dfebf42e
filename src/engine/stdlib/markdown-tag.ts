/**
 * The `md` builtin: a tagged template that renders Markdown to an element, for formatted text
 * computed by a cell: md`The best tile is **${best.tileText}**`. Interpolated values are
 * escaped, so data cannot add markup. markdown-it loads on first use.
 */
export async function markdownTag(): Promise<
  (strings: TemplateStringsArray, ...values: unknown[]) => HTMLElement
> {
  const { default: MarkdownIt } = await import("markdown-it");
  const markdown = new MarkdownIt({ html: false, linkify: false });
  return (strings, ...values) => {
    let source = strings[0] ?? "";
    for (const [i, value] of values.entries())
      source += escapeMarkdown(String(value)) + (strings[i + 1] ?? "");
    const html = markdown.render(source).trim();
    const inline = /^<p>[\s\S]*<\/p>$/.test(html) && html.indexOf("<p>", 1) === -1;
    const element = document.createElement(inline ? "span" : "div");
    // One paragraph reads as inline text, so md`...` fits in prose as well as in a block.
    element.innerHTML = inline ? html.slice(3, -4) : html;
    return element;
  };
}

/** Backslash-escapes Markdown's special characters in interpolated text. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, "\\$&");
}
