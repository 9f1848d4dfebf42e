import { basename, extname } from "node:path";
import type { Token } from "markdown-it";
import MarkdownIt from "markdown-it";
import type { Block, CellSource, ParsedNotebook, SourceProblem } from "../notebook.ts";
import { ContentIds } from "./cell-ids.ts";
import { parseFenceInfo } from "./fence-info.ts";
import { splitFrontMatter } from "./front-matter.ts";
import { type InlineEnv, type InlineExpression, inlineExpressions } from "./inline-expressions.ts";

const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false }).use(
  inlineExpressions,
);

/**
 * Parses a notebook's Markdown into HTML blocks and code cells. Never throws on bad input: a
 * problem is attached to the cell it concerns (or to the notebook, for front matter) with its line.
 */
export function parseNotebook(source: string, path: string): ParsedNotebook {
  const frontMatter = splitFrontMatter(source);
  const env: InlineEnv = {};
  const tokens = markdown.parse(frontMatter.body, env as unknown as Record<string, unknown>);
  const lines = frontMatter.body.split("\n");
  const offset = frontMatter.bodyLineOffset;
  const ids = new ContentIds();
  const cells: CellSource[] = [];
  const blocks: Block[] = [];
  let pending: Token[] = [];

  const flushHtml = () => {
    if (pending.length === 0) return;
    // Inline cells inside this HTML get their ids before it is rendered.
    for (const expression of inlineExpressionsIn(pending)) {
      expression.id = ids.next("inline", expression.source);
      cells.push({
        id: expression.id,
        kind: "inline",
        language: "js",
        source: expression.source,
        line: expression.line + offset + 1,
        echo: false,
        run: true,
        snapshot: false,
      });
    }
    const html = markdown.renderer.render(
      pending,
      markdown.options,
      env as unknown as Record<string, unknown>,
    );
    blocks.push({ type: "html", id: ids.next("html", html), html });
    pending = [];
  };

  for (const token of tokens) {
    const info = token.type === "fence" ? parseFenceInfo(token.info) : undefined;
    if (!info?.language) {
      pending.push(token);
      continue;
    }
    // A cell nested in a list or quote would split that HTML in two; only top-level fences
    // become cells, the rest stay code listings.
    if (token.level > 0) {
      pending.push(token);
      continue;
    }
    flushHtml();
    const start = token.map![0];
    const cell: CellSource = {
      id: ids.next(info.language, token.content),
      kind: "block",
      language: info.language,
      source: token.content,
      line: start + offset + 2,
      echo: info.echo || !info.run,
      run: info.run,
      snapshot: info.snapshot,
    };
    const problem = unterminatedFence(token, lines, start + offset + 1);
    if (problem) cell.problem = problem;
    cells.push(cell);
    blocks.push({ type: "cell", id: cell.id });
  }
  flushHtml();

  const data = frontMatter.data;
  const problems: SourceProblem[] = [...frontMatter.problems];
  const params = readParams(data, problems);
  const notebook: ParsedNotebook = {
    path,
    title: stringField(data.title) ?? firstHeading(tokens) ?? basename(path, extname(path)),
    frontMatter: data,
    params,
    blocks,
    cells,
    problems,
  };
  const description = stringField(data.description);
  if (description !== undefined) notebook.description = description;
  return notebook;
}

function inlineExpressionsIn(tokens: readonly Token[]): InlineExpression[] {
  return tokens.flatMap((token) =>
    (token.children ?? [])
      .filter((child) => child.type === "cn_inline_expression")
      .map((child) => child.meta as unknown as InlineExpression),
  );
}

/** markdown-it runs an unclosed fence to the end of the file; say so instead of running it. */
function unterminatedFence(
  token: Token,
  lines: string[],
  fileLine: number,
): SourceProblem | undefined {
  const closing = lines[token.map![1] - 1]?.trim() ?? "";
  const marker = token.markup;
  const closed =
    token.map![1] - token.map![0] >= 2 &&
    closing.startsWith(marker) &&
    closing.split("").every((c) => c === marker[0]);
  if (closed) return undefined;
  return {
    message: `unterminated code fence: the ${marker} opened at line ${fileLine} is never closed`,
    line: fileLine,
  };
}

function readParams(
  data: Record<string, unknown>,
  problems: SourceProblem[],
): Record<string, unknown> {
  const params = data.params;
  if (params === undefined) return {};
  if (params === null || typeof params !== "object" || Array.isArray(params)) {
    problems.push({
      message: "front matter params must be a mapping of names to default values",
      line: 2,
    });
    return {};
  }
  const valid: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (/^[A-Za-z_$][\w$]*$/.test(name)) valid[name] = value;
    else
      problems.push({
        message: `front matter params.${name}: not a valid JavaScript name`,
        line: 2,
      });
  }
  return valid;
}

function stringField(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

function firstHeading(tokens: Token[]): string | undefined {
  const open = tokens.findIndex((token) => token.type === "heading_open" && token.tag === "h1");
  if (open === -1) return undefined;
  const text = tokens[open + 1]?.children
    ?.filter((child) => child.type === "text" || child.type === "code_inline")
    .map((child) => child.content)
    .join("");
  return stringField(text);
}
