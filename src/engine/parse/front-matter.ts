import { parseDocument } from "yaml";
import type { SourceProblem } from "../notebook.ts";

export interface FrontMatter {
  data: Record<string, unknown>;
  /** The Markdown after the front matter. */
  body: string;
  /** Lines taken by the front matter, so body line n is file line n + bodyLineOffset. */
  bodyLineOffset: number;
  problems: SourceProblem[];
}

const OPEN = /^---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/m;

/**
 * Splits YAML front matter (between `---` lines at the very top) from the Markdown body. A
 * malformed block is reported with its file line and read as empty, so the cells still run.
 */
export function splitFrontMatter(source: string): FrontMatter {
  const open = OPEN.exec(source);
  if (!open) return { data: {}, body: source, bodyLineOffset: 0, problems: [] };
  const rest = source.slice(open[0].length);
  const close = CLOSE.exec(rest);
  if (!close) {
    return {
      data: {},
      body: source,
      bodyLineOffset: 0,
      problems: [
        { message: "front matter opened with --- is never closed (expected a --- line)", line: 1 },
      ],
    };
  }
  const yaml = rest.slice(0, close.index);
  const afterClose = rest.indexOf("\n", close.index);
  const body = afterClose === -1 ? "" : rest.slice(afterClose + 1);
  const bodyLineOffset = 2 + countLines(yaml);
  return { ...parseYaml(yaml), body, bodyLineOffset };
}

function parseYaml(yaml: string): Pick<FrontMatter, "data" | "problems"> {
  const document = parseDocument(yaml);
  if (document.errors.length) {
    return {
      data: {},
      problems: document.errors.map((error) => ({
        // +1: the opening --- line precedes the YAML.
        message: `malformed front matter: ${firstLine(error.message)}`,
        line: (error.linePos?.[0].line ?? 1) + 1,
        column: error.linePos?.[0].col,
      })),
    };
  }
  const data: unknown = document.toJS();
  if (data == null) return { data: {}, problems: [] };
  if (typeof data !== "object" || Array.isArray(data)) {
    return {
      data: {},
      problems: [{ message: "front matter must be a YAML mapping (key: value lines)", line: 2 }],
    };
  }
  return { data: data as Record<string, unknown>, problems: [] };
}

function countLines(text: string): number {
  let lines = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
  return lines;
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}
