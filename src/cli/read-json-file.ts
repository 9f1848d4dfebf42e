import { readFileSync } from "node:fs";
import { jsonErrorOffset } from "./json-error-offset.ts";
import { UsageError } from "./usage-error.ts";

/**
 * Reads and parses a JSON file; a missing file or malformed JSON becomes a UsageError naming the
 * file and, for a syntax error, the line and column.
 */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const offset = jsonErrorOffset(text);
    const where = offset === undefined ? "" : ` at ${lineAndColumn(text, offset)}`;
    throw new UsageError(
      `${path}: invalid JSON${where}: ${(error as Error).message.split("\n")[0]}`,
    );
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `line ${line}, column ${column}`;
}
