import type { RunnableCell } from "../runtime/runnable-cell.ts";
import { decodeSnapshotValue, type SnapshotReviver } from "../snapshot/snapshot-value.ts";
import type { CellSnapshot, SnapshotEnvironment } from "../snapshot/take-snapshot.ts";

/** Tables come back as arquero tables (loaded on first use), plots as elements. */
async function browserReviver(): Promise<SnapshotReviver> {
  const aq = await import("arquero");
  return {
    table: (columns) => aq.table(columns),
    html: (markup) => {
      const template = document.createElement("template");
      template.innerHTML = markup;
      return template.content.firstElementChild ?? document.createTextNode(markup);
    },
  };
}

/**
 * A measured cell as a report first shows it: the author's displays and values, with no inputs,
 * so it needs no GPU and never runs the measurement until the reader asks.
 */
export function snapshotCell(cell: RunnableCell, snapshot: CellSnapshot): RunnableCell {
  return {
    ...cell,
    inputs: [],
    perRun: ["display"],
    async: true,
    body: async (...args: unknown[]) => {
      const display = args[0] as (value: unknown) => unknown;
      const reviver = await browserReviver();
      for (const value of snapshot.displays) display(decodeSnapshotValue(value, reviver));
      return Object.fromEntries(
        Object.entries(snapshot.outputs).map(([name, value]) => [
          name,
          decodeSnapshotValue(value, reviver),
        ]),
      );
    },
  };
}

/**
 * The bar above a measured cell in a report: where the shown result was measured, and a button
 * that runs the cell on the reader's device. Then the author's displays stay beside the reader's,
 * and a table sets the author's numbers against this device's as they arrive.
 */
export function snapshotBar(
  element: HTMLElement,
  snapshot: CellSnapshot,
  environment: SnapshotEnvironment,
  runLive: () => Promise<Record<string, unknown>>,
): void {
  const bar = document.createElement("div");
  bar.className = "cn-snapshot-bar";
  const where = environment.adapter?.name ?? "the author's machine";
  const when = new Date(environment.measuredAt).toISOString().replace("T", " ").slice(0, 16);
  const text = document.createElement("span");
  // A GPU cell was measured on the author's adapter; a `snapshot` cell was just their run.
  const origin = snapshot.usedGpu ? `Measured by the author on ${where}` : "From the author's run";
  text.textContent = `${origin}, ${when} UTC. `;
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Run on this device";
  button.addEventListener("click", () => {
    const output = element.querySelector(":scope > .cn-output");
    if (output?.hasChildNodes()) {
      const author = document.createElement("figure");
      author.className = "cn-snapshot-author";
      const caption = document.createElement("figcaption");
      caption.textContent = `The author's run, on ${where}`;
      author.append(caption, ...Array.from(output.childNodes, (node) => node.cloneNode(true)));
      element.append(author);
      element.classList.add("cn-compare");
    }
    text.textContent = "Running on this device… ";
    button.remove();
    const table = comparisonTable(snapshot);
    if (table) bar.after(table.element);
    runLive().then(
      (values) => {
        table?.fill(values);
        text.textContent = `Ran on this device; ${origin.charAt(0).toLowerCase()}${origin.slice(1)}, ${when} UTC. `;
      },
      (error: unknown) => {
        text.textContent = `The run on this device failed: ${error instanceof Error ? error.message : String(error)} `;
      },
    );
  });
  bar.append(text, button);
  element.prepend(bar);
}

/** Scalars, and the scalar fields of plain objects one level down, by dotted name. */
function scalarsOf(values: Record<string, unknown>): Map<string, unknown> {
  const scalars = new Map<string, unknown>();
  const isScalar = (v: unknown) => v === null || ["number", "string", "boolean"].includes(typeof v);
  for (const [name, value] of Object.entries(values)) {
    if (isScalar(value)) scalars.set(name, value);
    else if (
      value &&
      typeof value === "object" &&
      Object.getPrototypeOf(value) === Object.prototype
    ) {
      for (const [key, field] of Object.entries(value))
        if (isScalar(field)) scalars.set(`${name}.${key}`, field);
    }
  }
  return scalars;
}

function comparisonTable(
  snapshot: CellSnapshot,
): { element: HTMLElement; fill(values: Record<string, unknown>): void } | undefined {
  const plain: SnapshotReviver = { table: () => undefined, html: () => undefined };
  const author = scalarsOf(
    Object.fromEntries(
      Object.entries(snapshot.outputs).map(([k, v]) => [k, decodeSnapshotValue(v, plain)]),
    ),
  );
  if (author.size === 0) return undefined;
  const table = document.createElement("table");
  table.className = "cn-snapshot-table";
  const head = table.createTHead().insertRow();
  for (const label of ["", "the author", "this device"]) {
    const cell = document.createElement("th");
    cell.textContent = label;
    head.append(cell);
  }
  const body = table.createTBody();
  const mine = new Map<string, HTMLTableCellElement>();
  for (const [name, value] of author) {
    const row = body.insertRow();
    row.insertCell().textContent = name;
    row.insertCell().textContent = formatScalar(value);
    const cell = row.insertCell();
    cell.textContent = "…";
    mine.set(name, cell);
  }
  return {
    element: table,
    fill(values) {
      const live = scalarsOf(values);
      for (const [name, cell] of mine)
        cell.textContent = live.has(name) ? formatScalar(live.get(name)) : "—";
    },
  };
}

function formatScalar(value: unknown): string {
  if (typeof value !== "number") return String(value);
  return Number.isInteger(value) ? value.toLocaleString("en-US") : value.toPrecision(4);
}
