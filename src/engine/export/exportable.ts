import type * as aq from "arquero";
import { isTable } from "../is-table.ts";

/** A value worth exporting: a plot (as its SVG) or a table (an arquero table, or plain rows). */
export type Exportable =
  | { kind: "plot"; svg: SVGSVGElement }
  | { kind: "table"; table: aq.ColumnTable }
  | { kind: "rows"; rows: Record<string, unknown>[] };

/**
 * What a cell's value can be exported as: Plot's SVG (bare, or inside the <figure> Plot makes
 * for titles and legends) as SVG and PNG; arquero tables, and arrays of plain row objects, as
 * CSV, JSON and Arrow. Anything else is not exportable (undefined).
 */
export function exportable(value: unknown): Exportable | undefined {
  if (typeof Element !== "undefined" && value instanceof Element) {
    const svg = value.tagName.toLowerCase() === "svg" ? value : largestSvg(value);
    return svg ? { kind: "plot", svg: svg as SVGSVGElement } : undefined;
  }
  if (isTable(value)) return { kind: "table", table: value };
  if (Array.isArray(value) && value.length > 0 && value.every(isRow))
    return { kind: "rows", rows: value };
  return undefined;
}

/** A figure's chart: its largest SVG (Plot puts small swatch SVGs of its legend first). */
function largestSvg(container: Element): Element | undefined {
  let best: Element | undefined;
  let bestArea = -1;
  for (const svg of Array.from(container.querySelectorAll("svg"))) {
    const area = Number(svg.getAttribute("width") ?? 0) * Number(svg.getAttribute("height") ?? 0);
    if (area > bestArea) {
      best = svg;
      bestArea = area;
    }
  }
  return best;
}

/** A plain object whose fields are scalars: one row of a table. */
function isRow(value: unknown): boolean {
  if (
    value === null ||
    typeof value !== "object" ||
    Object.getPrototypeOf(value) !== Object.prototype
  )
    return false;
  return Object.values(value).every(
    (field) =>
      field === null ||
      ["number", "string", "boolean"].includes(typeof field) ||
      field instanceof Date,
  );
}

/** The plot's markup as a standalone SVG file (with its namespace, which inline SVG omits). */
export function svgFile(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  return `<?xml version="1.0" encoding="UTF-8"?>\n${copy.outerHTML}\n`;
}
