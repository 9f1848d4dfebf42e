import { table as inputsTable } from "@observablehq/inputs";
import { Inspector } from "@observablehq/inspector";

/**
 * What a cell shows for a value: DOM nodes as themselves, arquero tables as scrollable tables,
 * anything else through Observable's inspector (expandable objects and arrays). Inline cells
 * show strings and numbers as plain text, as prose expects.
 */
export function renderValue(value: unknown, inline: boolean): Node {
  if (value instanceof Node) return value;
  if (
    inline &&
    (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
  ) {
    return document.createTextNode(typeof value === "number" ? formatNumber(value) : String(value));
  }
  if (!inline && isTable(value)) return inputsTable(value, { select: false });
  const element = document.createElement(inline ? "span" : "div");
  new Inspector(element).fulfilled(value);
  return element;
}

function isTable(value: unknown): boolean {
  const table = value as { numRows?: unknown; columnNames?: unknown; objects?: unknown } | null;
  return (
    typeof table?.numRows === "function" &&
    typeof table.columnNames === "function" &&
    typeof table.objects === "function"
  );
}

function formatNumber(value: number): string {
  return Number.isInteger(value)
    ? value.toLocaleString("en-US")
    : value.toLocaleString("en-US", { maximumSignificantDigits: 6 });
}
