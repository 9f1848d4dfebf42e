import { parseExpressionAt } from "acorn";
import type { MarkdownIt, StateCore, StateInline } from "markdown-it";

/** An inline `${...}` found while parsing Markdown; its id is assigned after the parse. */
export interface InlineExpression {
  source: string;
  /** 0-based line within the Markdown body. */
  line: number;
  id?: string;
}

export interface InlineEnv {
  /** 0-based line of the block whose inline content is being parsed. */
  blockLine?: number;
}

/**
 * A markdown-it plugin that turns `${expression}` in prose into inline cells. The expression's
 * end is found by parsing it as JavaScript, so `${a * b}` and `${"}"}` are read whole before
 * emphasis or other inline rules can see their characters.
 */
export function inlineExpressions(md: MarkdownIt): void {
  md.inline.ruler.before("escape", "cn_inline_expression", (state, silent) =>
    inlineRule(state, silent),
  );
  // Inline rules do not know their block's line; record it as each block's inline content is parsed.
  md.core.ruler.at("inline", (state: StateCore) => {
    const env = state.env as unknown as InlineEnv;
    for (const token of state.tokens) {
      if (token.type !== "inline") continue;
      env.blockLine = token.map?.[0] ?? env.blockLine;
      token.children ??= [];
      state.md.inline.parse(token.content, state.md, state.env, token.children);
    }
  });
  md.renderer.rules.cn_inline_expression = (tokens, index) => {
    const expression = tokens[index]!.meta as unknown as InlineExpression;
    return `<span class="cn-inline" data-cell="${expression.id}"></span>`;
  };
}

function inlineRule(state: StateInline, silent: boolean): boolean {
  const { src, pos } = state;
  if (src.charCodeAt(pos) !== 0x24 /* $ */ || src.charCodeAt(pos + 1) !== 0x7b /* { */)
    return false;
  const end = expressionEnd(src, pos + 2, state.posMax);
  if (end === undefined) return false;
  if (!silent) {
    const env = state.env as unknown as InlineEnv;
    const expression: InlineExpression = {
      source: src.slice(pos + 2, end),
      line: (env.blockLine ?? 0) + countNewlines(src, 0, pos),
    };
    state.push("cn_inline_expression", "", 0).meta = expression as unknown as Record<
      string,
      unknown
    >;
  }
  state.pos = end + 1;
  return true;
}

/**
 * Index of the `}` closing an expression that starts at `start`, or undefined if there is none.
 * A malformed expression still becomes a cell (whose syntax error then shows in place) when a
 * closing brace can be found by counting.
 */
function expressionEnd(src: string, start: number, max: number): number | undefined {
  try {
    const node = parseExpressionAt(src, start, { ecmaVersion: "latest", sourceType: "module" });
    let end = node.end;
    while (end < max && /\s/.test(src[end]!)) end++;
    if (src.charCodeAt(end) === 0x7d) return end;
  } catch {
    // Fall through to brace counting.
  }
  let depth = 0;
  for (let i = start; i < max; i++) {
    const c = src[i];
    if (c === "{") depth++;
    else if (c === "}" && depth-- === 0) return i;
  }
  return undefined;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) count++;
  return count;
}
