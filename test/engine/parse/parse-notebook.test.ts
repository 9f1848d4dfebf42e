import { describe, expect, it } from "vitest";
import { parseNotebook } from "../../../src/engine/parse/parse-notebook.ts";

const fence = (info: string, body: string) => `\`\`\`${info}\n${body}\n\`\`\``;

describe("parseNotebook(source, path)", () => {
  it("makes a cell of each top-level js and ts fence, with its file line", () => {
    const notebook = parseNotebook(
      ["# T", "", fence("js", "const a = 1;"), "", fence("ts", "const b: number = a;")].join("\n"),
      "x.md",
    );
    expect(
      notebook.cells.map(({ language, line, source }) => ({ language, line, source })),
    ).toEqual([
      { language: "js", line: 4, source: "const a = 1;\n" },
      { language: "ts", line: 8, source: "const b: number = a;\n" },
    ]);
    expect(notebook.blocks.map((block) => block.type)).toEqual(["html", "cell", "cell"]);
  });

  it("counts front-matter lines into cell lines", () => {
    const notebook = parseNotebook(`---\ntitle: X\n---\n${fence("js", "1")}`, "x.md");
    expect(notebook.cells[0]!.line).toBe(5);
    expect(notebook.title).toBe("X");
  });

  it("turns ${...} in prose into inline cells, parsing the expression to find its end", () => {
    const notebook = parseNotebook("Total: ${a * b * c} and ${`}`} but not `${code}`.\n", "x.md");
    expect(notebook.cells.map((cell) => [cell.kind, cell.source])).toEqual([
      ["inline", "a * b * c"],
      ["inline", "`}`"],
    ]);
    const html = (notebook.blocks[0] as { html: string }).html;
    expect(html).toContain(`<span class="cn-inline" data-cell="${notebook.cells[0]!.id}"></span>`);
    expect(html).toContain("<code>${code}</code>");
    expect(html).not.toContain("<em>");
  });

  it("gives inline cells the line they are on", () => {
    const notebook = parseNotebook("para one\n\nline a\nline b ${x}\n", "x.md");
    expect(notebook.cells[0]!.line).toBe(4);
  });

  it("reads snapshot from the fence info", () => {
    const notebook = parseNotebook(
      [fence("js snapshot", "1"), fence("js", "2")].join("\n"),
      "x.md",
    );
    expect(notebook.cells.map((cell) => cell.snapshot)).toEqual([true, false]);
  });

  it("reads echo and run=false from the fence info", () => {
    const notebook = parseNotebook(
      [fence("js echo", "1"), fence("js run=false", "2"), fence("js", "3")].join("\n"),
      "x.md",
    );
    expect(notebook.cells.map(({ echo, run }) => ({ echo, run }))).toEqual([
      { echo: true, run: true },
      { echo: true, run: false },
      { echo: false, run: true },
    ]);
  });

  it("leaves other languages and fences nested in lists as code listings", () => {
    const notebook = parseNotebook(
      [fence("python", "x = 1"), "- item", "  ```js", "  nested", "  ```"].join("\n"),
      "x.md",
    );
    expect(notebook.cells).toEqual([]);
    expect((notebook.blocks[0] as { html: string }).html).toContain(
      '<code class="language-python">',
    );
  });

  it("reports an unterminated fence on its cell, with the line it opened at", () => {
    const notebook = parseNotebook(
      ["# T", fence("js", "const ok = 1;"), "```js", "const broken ="].join("\n"),
      "x.md",
    );
    expect(notebook.cells[0]!.problem).toBeUndefined();
    expect(notebook.cells[1]!.problem).toEqual({
      message: "unterminated code fence: the ``` opened at line 5 is never closed",
      line: 5,
    });
  });

  it("keeps a cell's id when other cells change, and tells identical cells apart", () => {
    const a = parseNotebook(
      [fence("js", "const a = 1;"), fence("js", "1"), fence("js", "1")].join("\n"),
      "x.md",
    );
    const b = parseNotebook(
      [fence("js", "const a = 2;"), fence("js", "1"), fence("js", "1")].join("\n"),
      "x.md",
    );
    expect(a.cells[1]!.id).toBe(b.cells[1]!.id);
    expect(a.cells[0]!.id).not.toBe(b.cells[0]!.id);
    expect(a.cells[1]!.id).not.toBe(a.cells[2]!.id);
    expect(a.cells[2]!.id).toBe(`${a.cells[1]!.id}-2`);
  });

  it("takes the title from front matter, else the first heading, else the file name", () => {
    expect(parseNotebook("---\ntitle: Front\n---\n# Head\n", "a.md").title).toBe("Front");
    expect(parseNotebook("# Head `x`\n", "a.md").title).toBe("Head x");
    expect(parseNotebook("text\n", "dir/name.md").title).toBe("name");
  });

  it("reads params from front matter and reports names that are not JavaScript names", () => {
    const notebook = parseNotebook("---\nparams:\n  n: 64\n  bad-name: 1\n---\n", "a.md");
    expect(notebook.params).toEqual({ n: 64 });
    expect(notebook.problems[0]!.message).toMatch(/params.bad-name: not a valid JavaScript name/);
  });
});
