import { Inspector } from "@observablehq/inspector";
import { isTable } from "../is-table.ts";

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
  if (!inline && isTable(value)) return tableView(value);
  const element = document.createElement(inline ? "span" : "div");
  new Inspector(element).fulfilled(value);
  return element;
}

function formatNumber(value: number): string {
  return Number.isInteger(value)
    ? value.toLocaleString("en-US")
    : value.toLocaleString("en-US", { maximumSignificantDigits: 6 });
}

/** Inputs.table, loaded on first use as the Inputs builtin is; the frame is filled when it arrives. */
function tableView(value: unknown): HTMLElement {
  const frame = document.createElement("div");
  frame.className = "cn-table";
  import("@observablehq/inputs").then(
    (Inputs) => frame.replaceChildren(Inputs.table(value, { select: false })),
    (error: unknown) => {
      frame.textContent = `could not show the table: ${String(error)}`;
    },
  );
  return frame;
}
