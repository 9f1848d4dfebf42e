import type { Block } from "../notebook.ts";

/**
 * Makes the page's children match `blocks`, keyed by content id: kept blocks keep their DOM (and
 * a running cell its output and input state), new ones are created, old ones dropped. An inline
 * cell whose prose changed around it moves its element into the new prose.
 */
export function reconcileBlocks(main: HTMLElement, blocks: readonly Block[]): void {
  const existing = new Map<string, HTMLElement>();
  for (const child of Array.from(main.children) as HTMLElement[]) {
    const key = child.dataset.block ?? child.dataset.cell;
    if (key) existing.set(key, child);
  }
  const inlineCells = new Map<string, HTMLElement>();
  for (const element of Array.from(main.querySelectorAll<HTMLElement>(".cn-html [data-cell]"))) {
    inlineCells.set(element.dataset.cell!, element);
  }
  const children = blocks.map((block) => {
    const kept = existing.get(block.id);
    if (kept) return kept;
    if (block.type === "cell") {
      const element = document.createElement("div");
      element.className = "cn-cell";
      element.dataset.cell = block.id;
      return element;
    }
    const element = document.createElement("div");
    element.className = "cn-html";
    element.dataset.block = block.id;
    element.innerHTML = block.html;
    for (const placeholder of Array.from(element.querySelectorAll<HTMLElement>("[data-cell]"))) {
      const running = inlineCells.get(placeholder.dataset.cell!);
      if (running) placeholder.replaceWith(running);
    }
    return element;
  });
  const problems = main.querySelector(":scope > .cn-problems");
  main.replaceChildren(...(problems ? [problems] : []), ...children);
}

/** The element a cell renders into: its block, or its placeholder in the prose. */
export function cellElement(main: HTMLElement, id: string): HTMLElement | null {
  return main.querySelector<HTMLElement>(`[data-cell="${CSS.escape(id)}"]`);
}
