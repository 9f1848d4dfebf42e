import type { ColumnTable } from "arquero";
import { isTable } from "../is-table.ts";
import { domInstalled } from "./install-dom.ts";

/**
 * Turns a cell value into JSON for `run --json`. Plain data passes through; what JSON cannot hold
 * becomes `{"type": "<kind>", ...}`: an SVG plot as `{"type": "svg", "svg": "<markup>"}`, other
 * DOM as html, tables as columns and rows, typed arrays with their values.
 */
export function serializeValue(value: unknown, limits: SerializeLimits = defaultLimits): unknown {
  return toJson(value, limits, new Set());
}

export interface SerializeLimits {
  /** Rows of a table, elements of an array, entries of a map, kept before truncating. */
  maxItems: number;
  maxDepth: number;
}

const defaultLimits: SerializeLimits = { maxItems: 10_000, maxDepth: 32 };

function toJson(value: unknown, limits: SerializeLimits, path: Set<unknown>): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : { type: "number", value: String(value) };
    case "bigint":
      return { type: "bigint", value: String(value) };
    case "undefined":
      return { type: "undefined" };
    case "symbol":
      return { type: "symbol", description: value.description ?? "" };
    case "function":
      return { type: "function", name: value.name || "(anonymous)" };
  }
  if (value === null) return null;
  if (path.has(value)) return { type: "circular" };
  if (path.size >= limits.maxDepth)
    return { type: "truncated", reason: `deeper than ${limits.maxDepth} levels` };
  path.add(value);
  try {
    return objectToJson(value as object, limits, path);
  } finally {
    path.delete(value);
  }
}

function objectToJson(value: object, limits: SerializeLimits, path: Set<unknown>): unknown {
  const recurse = (v: unknown) => toJson(v, limits, path);
  // Asking for `Node` would load the DOM; without it no value can be a node.
  if (domInstalled() && value instanceof Node) return domToJson(value);
  if (value instanceof Date)
    return Number.isNaN(value.getTime())
      ? { type: "date", value: "Invalid Date" }
      : { type: "date", value: value.toISOString() };
  if (value instanceof Error) return { error: value.message };
  if (value instanceof RegExp) return { type: "regexp", value: String(value) };
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const array = value as unknown as ArrayLike<number | bigint>;
    return {
      type: value.constructor.name,
      length: array.length,
      values: Array.from({ length: Math.min(array.length, limits.maxItems) }, (_, i) =>
        recurse(array[i]),
      ),
    };
  }
  if (value instanceof ArrayBuffer) return { type: "ArrayBuffer", byteLength: value.byteLength };
  if (isTable(value)) return tableToJson(value, limits, recurse);
  if (Array.isArray(value)) return truncated(value, limits.maxItems, recurse);
  if (value instanceof Map) {
    return {
      type: "map",
      size: value.size,
      entries: truncated([...value], limits.maxItems, recurse),
    };
  }
  if (value instanceof Set)
    return {
      type: "set",
      size: value.size,
      values: truncated([...value], limits.maxItems, recurse),
    };
  if (typeof (value as Promise<unknown>).then === "function") return { type: "promise" };
  if (typeof (value as Iterator<unknown>).next === "function") return { type: "generator" };
  const prototype = Object.getPrototypeOf(value);
  const out: Record<string, unknown> = {};
  if (prototype !== Object.prototype && prototype !== null && prototype.constructor?.name) {
    out.type = prototype.constructor.name;
  }
  for (const [key, child] of Object.entries(value)) out[key] = recurse(child);
  return out;
}

function truncated(
  items: readonly unknown[],
  max: number,
  recurse: (v: unknown) => unknown,
): unknown[] {
  const out = items.slice(0, max).map(recurse);
  if (items.length > max) out.push({ type: "truncated", omitted: items.length - max });
  return out;
}

function domToJson(node: Node): unknown {
  const element = node as Element;
  if (element.tagName?.toLowerCase() === "svg") return { type: "svg", svg: element.outerHTML };
  // Plot wraps a chart with a title, caption or legend in a <figure>.
  if (element.tagName?.toLowerCase() === "figure" && element.querySelector("svg"))
    return { type: "figure", html: element.outerHTML };
  if ("value" in element && element.tagName?.toLowerCase() === "form")
    return {
      type: "input",
      value: serializeValue((element as unknown as { value: unknown }).value),
    };
  if (node.nodeType === 3) return { type: "text", text: node.textContent };
  return { type: "html", html: element.outerHTML ?? node.textContent };
}

function tableToJson(
  table: ColumnTable,
  limits: SerializeLimits,
  recurse: (v: unknown) => unknown,
): unknown {
  const rows = table.objects({ limit: limits.maxItems });
  return {
    type: "table",
    columns: table.columnNames(),
    numRows: table.numRows(),
    rows: rows.map(recurse),
  };
}
