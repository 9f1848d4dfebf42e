import type { CellFailure } from "./cell-output.ts";

/** Runtime errors ("x is not defined", "circular definition") read best without their class name. */
export function describeError(error: unknown, location: string): CellFailure {
  if (error instanceof Error) {
    const plain = error.name === "RuntimeError" || error.name === "Error";
    return { message: plain ? error.message : `${error.name}: ${error.message}`, location };
  }
  return { message: `thrown: ${String(error)}`, location };
}
