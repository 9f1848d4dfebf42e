import { describe, expect, it } from "vitest";
import { installDom } from "../../src/engine/node/install-dom.ts";
import { markdownTag } from "../../src/engine/stdlib/markdown-tag.ts";

installDom();

describe("md`...`", () => {
  it("renders Markdown, inline when it is one paragraph", async () => {
    const md = await markdownTag();
    const element = md`The best tile is **${"128x128x32/8x8"}**.`;
    expect(element.tagName).toBe("SPAN");
    expect(element.innerHTML).toBe("The best tile is <strong>128x128x32/8x8</strong>.");
    expect(md`# Title\n\nText`.tagName).toBe("DIV");
  });

  it("escapes interpolated values: data adds no markup", async () => {
    const md = await markdownTag();
    const element = md`Name: ${"<img src=x onerror=alert(1)> **not bold**"}`;
    expect(element.querySelector("img")).toBeNull();
    expect(element.querySelector("strong")).toBeNull();
    expect(element.textContent).toBe("Name: <img src=x onerror=alert(1)> **not bold**");
  });
});
