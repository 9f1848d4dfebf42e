/** The data that flows between the engine's passes: parse -> analyse -> transpile -> define. */

/** A problem in the notebook's text, located by file and 1-based line. */
export interface SourceProblem {
  message: string;
  line: number;
  column?: number;
}

export type CellLanguage = "js" | "ts";

/** A code cell as it appears in the Markdown: a ```js / ```ts fence or an inline ${...}. */
export interface CellSource {
  /** Content hash of the cell's language and source, so an edit elsewhere leaves it alone. */
  id: string;
  kind: "block" | "inline";
  language: CellLanguage;
  source: string;
  /** 1-based line of the notebook file where the cell's code starts. */
  line: number;
  /** Show the source below the output (```js echo). */
  echo: boolean;
  /** Show the source but do not run it (```js run=false). */
  run: boolean;
  /** Keep the author's result in a built report (```js snapshot); cells that use `gpu` always do. */
  snapshot: boolean;
  /** Set when the Markdown itself is broken around this cell (an unterminated fence). */
  problem?: SourceProblem;
}

/** Markdown rendered to HTML; inline cells appear in it as `<span data-cell="ID">` placeholders. */
export interface HtmlBlock {
  type: "html";
  id: string;
  html: string;
}

export interface CellBlock {
  type: "cell";
  id: string;
}

export type Block = HtmlBlock | CellBlock;

export interface ParsedNotebook {
  /** The path the notebook was read from, as given (used in every error message). */
  path: string;
  title: string;
  /** One-line summary from the front matter's `description`, if any. */
  description?: string;
  frontMatter: Record<string, unknown>;
  /** Front matter `params`: default values of names the command line and URLs may override. */
  params: Record<string, unknown>;
  blocks: Block[];
  cells: CellSource[];
  /** Problems outside any cell, such as malformed front matter. */
  problems: SourceProblem[];
}
