import type { CellFailure } from "../runtime/cell-output.ts";
import type { RunnableCell } from "../runtime/runnable-cell.ts";

/**
 * An error box: the message, where it is (`notebook.md:12`), and the source line it points at,
 * with a caret under the column when the error has one.
 */
export function renderFailures(failures: readonly CellFailure[], cell: RunnableCell): HTMLElement {
  const box = document.createElement(cell.kind === "inline" ? "span" : "div");
  box.className = "cn-errors";
  box.setAttribute("role", "alert");
  for (const failure of failures) {
    const item = document.createElement(cell.kind === "inline" ? "span" : "div");
    item.className = "cn-error";
    const message = document.createElement("span");
    message.className = "cn-error-message";
    message.textContent = failure.message;
    const location = document.createElement("span");
    location.className = "cn-error-location";
    location.textContent = failure.location;
    item.append(message, " ", location);
    const frame = cell.kind === "block" ? codeFrame(failure.location, cell) : undefined;
    if (frame) item.append(frame);
    box.append(item);
  }
  return box;
}

function codeFrame(location: string, cell: RunnableCell): HTMLElement | undefined {
  const match = /:(\d+)(?::(\d+))?$/.exec(location);
  if (!match) return undefined;
  const line = Number(match[1]);
  const text = cell.source.split("\n")[line - cell.line];
  if (text === undefined) return undefined;
  const pre = document.createElement("pre");
  pre.className = "cn-error-frame";
  const prefix = `${line} | `;
  pre.textContent = `${prefix}${text}`;
  if (match[2]) pre.textContent += `\n${" ".repeat(prefix.length + Number(match[2]) - 1)}^`;
  return pre;
}
