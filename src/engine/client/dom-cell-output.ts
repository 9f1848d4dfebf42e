import type { CellFailure, CellOutput } from "../runtime/cell-output.ts";
import type { RunnableCell } from "../runtime/runnable-cell.ts";
import { addExportMenu } from "./export-menu.ts";
import { renderFailures } from "./render-failures.ts";
import { renderValue } from "./render-value.ts";

/**
 * Shows a cell in the page: its displayed values, its errors instead of them when it has any,
 * a pending state while it runs (styled to appear only when a run takes a while), and its
 * source below when the fence says `echo`.
 */
export class DomCellOutput implements CellOutput {
  private readonly output: HTMLElement;
  private errors: HTMLElement | undefined;
  /** Counts runs of this cell, for tests and benchmarks (`data-runs`). */
  private runs = 0;

  constructor(
    readonly element: HTMLElement,
    private readonly cell: RunnableCell,
  ) {
    const inline = cell.kind === "inline";
    // Remove what an earlier definition of this cell showed; leave what the page added (a
    // report's snapshot bar and the author's result).
    for (const old of Array.from(
      element.querySelectorAll(":scope > .cn-output, :scope > .cn-errors, :scope > .cn-source"),
    ))
      old.remove();
    this.output = document.createElement(inline ? "span" : "div");
    this.output.className = "cn-output";
    element.append(this.output);
    if (cell.echo) element.append(sourceListing(cell));
  }

  pending(): void {
    this.element.classList.add("cn-pending");
    this.element.dataset.runs = String(++this.runs);
  }

  clear(): void {
    this.element.classList.remove("cn-pending");
    this.output.replaceChildren();
    this.element.querySelector(":scope > .cn-export")?.remove();
  }

  display(value: unknown): void {
    this.element.classList.remove("cn-pending");
    this.output.append(renderValue(value, this.cell.kind === "inline"));
    if (this.cell.kind === "block") addExportMenu(this.element, value, this.fileStem());
  }

  /** Download names: the notebook and the cell's first declared name, or its line. */
  private fileStem(): string {
    const notebook =
      this.cell.id && document.title
        ? document.title.replace(/[^\w-]+/g, "-").replace(/^-|-$/g, "")
        : "notebook";
    return `${notebook}-${this.cell.outputs[0] ?? `cell-${this.cell.line}`}`;
  }

  failures(failures: readonly CellFailure[]): void {
    this.element.classList.remove("cn-pending");
    this.errors?.remove();
    this.errors = undefined;
    this.element.classList.toggle("cn-failed", failures.length > 0);
    if (failures.length === 0) return;
    this.errors = renderFailures(failures, this.cell);
    this.output.before(this.errors);
  }
}

function sourceListing(cell: RunnableCell): HTMLElement {
  const pre = document.createElement("pre");
  pre.className = "cn-source";
  const code = document.createElement("code");
  code.className = `language-${cell.language}`;
  code.textContent = cell.source;
  pre.append(code);
  return pre;
}
