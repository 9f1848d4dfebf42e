import type { TranspiledCell } from "../javascript/transpile-cell.ts";

/** A transpiled cell whose body is a function, as a page module or the headless host holds it. */
export interface RunnableCell extends Omit<TranspiledCell, "body"> {
  body?: (...args: unknown[]) => unknown;
}

/** The runtime variable holding a cell's value (its outputs object, for program cells). */
export function cellVariableName(id: string): string {
  // The space keeps it apart from every JavaScript name a cell could declare.
  return `cell ${id}`;
}
