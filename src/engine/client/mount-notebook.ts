import type { SourceProblem } from "../notebook.ts";
import { NotebookRuntime } from "../runtime/notebook-runtime.ts";
import type { RunnableCell } from "../runtime/runnable-cell.ts";
import type { NotebookSnapshots } from "../snapshot/take-snapshot.ts";
import { standardBuiltins } from "../stdlib/builtins.ts";
import { gpuBuiltin } from "../stdlib/gpu-builtin.ts";
import { browserBuiltins } from "./browser-builtins.ts";
import { DomCellOutput } from "./dom-cell-output.ts";
import { noticeBoard } from "./notices.ts";
import { cellElement, reconcileBlocks } from "./page-blocks.ts";
import type { PageNotebook } from "./page-notebook.ts";
import { SharedState } from "./share-state.ts";
import { snapshotBar, snapshotCell } from "./snapshot-cells.ts";

export interface MountedNotebook {
  readonly runtime: NotebookRuntime;
  /** Applies a new version of the notebook (hot reload), touching only what changed. */
  update(next: PageNotebook): void;
  dispose(): void;
}

/** Renders a notebook into `main` and runs it. */
export function mountNotebook(main: HTMLElement, notebook: PageNotebook): MountedNotebook {
  let current = notebook;
  const known = new Set([
    ...Object.keys(notebook.params),
    ...notebook.cells.flatMap((cell) => cell.outputs),
  ]);
  const notice = noticeBoard(main);
  const shared = new SharedState(known, new Set(Object.keys(notebook.params)), notice);
  const runtime = new NotebookRuntime({
    path: notebook.path,
    builtins: standardBuiltins({ ...browserBuiltins(main), gpu: gpuBuiltin({ notice }) }),
    outputFor: (cell) => {
      const element = cellElement(main, cell.id);
      if (!element)
        throw new Error(`no element for cell ${cell.id} at ${notebook.path}:${cell.line}`);
      return new DomCellOutput(element, cell);
    },
    overrideFor: shared.overrideFor,
    onInput: shared.onInput,
  });

  const render = (next: PageNotebook) => {
    reconcileBlocks(main, next.blocks);
    showProblems(main, next.path, next.problems);
    for (const cell of next.cells.filter((c) => !c.run)) {
      // Cells that do not run still show their source.
      const element = cellElement(main, cell.id);
      if (element && !element.hasChildNodes()) new DomCellOutput(element, cell);
    }
  };

  render(notebook);
  runtime.setParams(notebook.params);
  runtime.update(notebook.cells.map((cell) => withSnapshot(cell, notebook.snapshots)));
  if (notebook.snapshots) {
    const { cells, environment } = notebook.snapshots;
    for (const cell of notebook.cells) {
      const element = cells[cell.id] && cellElement(main, cell.id);
      if (!element) continue;
      snapshotBar(element, cells[cell.id]!, environment, async () => {
        runtime.redefine(cell);
        const names = cell.outputs;
        const values = await Promise.all(names.map((name) => runtime.module.value(name)));
        return Object.fromEntries(names.map((name, i) => [name, values[i]]));
      });
    }
  }
  main.dataset.ready = "true";

  return {
    runtime,
    update(next) {
      // Same source: a module the notebook imports changed, so cells that import run again.
      const dependencyChanged = next.sourceHash === current.sourceHash;
      current = next;
      render(next);
      if (!dependencyChanged) runtime.setParams(next.params);
      runtime.update(next.cells, (cell) => dependencyChanged && cell.imports.length > 0);
    },
    dispose: () => runtime.dispose(),
  };
}

/** In a report, a measured cell first shows the author's result. */
function withSnapshot(cell: RunnableCell, snapshots: NotebookSnapshots | undefined): RunnableCell {
  const snapshot = snapshots?.cells[cell.id];
  return snapshot ? snapshotCell(cell, snapshot) : cell;
}

function showProblems(main: HTMLElement, path: string, problems: readonly SourceProblem[]): void {
  main.querySelector(":scope > .cn-problems")?.remove();
  if (problems.length === 0) return;
  const box = document.createElement("div");
  box.className = "cn-problems cn-errors";
  box.setAttribute("role", "alert");
  for (const problem of problems) {
    const item = document.createElement("div");
    item.className = "cn-error";
    item.textContent = `${problem.message} `;
    const location = document.createElement("span");
    location.className = "cn-error-location";
    location.textContent = `${path}:${problem.line}`;
    item.append(location);
    box.append(item);
  }
  main.prepend(box);
}
