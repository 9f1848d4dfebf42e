import { type Expression, type Options, type Program, parse, parseExpressionAt } from "acorn";
import { fromAcornError } from "./cell-syntax-error.ts";

export const acornOptions: Options = {
  ecmaVersion: "latest",
  sourceType: "module",
  allowAwaitOutsideFunction: true,
  locations: true,
};

export interface ParsedJavaScript {
  node: Program | Expression;
  /** An expression cell displays its value; a program cell displays what it passes to display(). */
  expression: boolean;
}

/**
 * Parses a cell as Observable Framework does: a lone expression (`x * 2`, `{a: 1}`) is an
 * expression cell; anything else, including a named function or class, is a program.
 * Throws CellSyntaxError.
 */
export function parseJavaScript(source: string): ParsedJavaScript {
  const expression = maybeParseExpression(source);
  if (expression) return { node: expression, expression: true };
  try {
    return { node: parse(source, acornOptions), expression: false };
  } catch (error) {
    throw fromAcornError(error);
  }
}

function maybeParseExpression(source: string): Expression | undefined {
  let node: Expression;
  try {
    node = parseExpressionAt(source, 0, acornOptions);
  } catch {
    return undefined;
  }
  if (!/^(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*$/.test(source.slice(node.end))) return undefined;
  if ((node.type === "FunctionExpression" || node.type === "ClassExpression") && node.id)
    return undefined;
  return node;
}
