import { existsSync, renameSync, rmSync } from "node:fs";

/**
 * Puts a finished `staging` folder where `target` is, replacing it. The old folder is moved aside
 * first and restored if the move fails, so `target` is always either the old site or the new one.
 */
export function swapFolder(staging: string, target: string): void {
  const previous = `${target}.previous-${process.pid}`;
  const hadPrevious = existsSync(target);
  if (hadPrevious) renameSync(target, previous);
  try {
    renameSync(staging, target);
  } catch (error) {
    if (hadPrevious) renameSync(previous, target);
    throw error;
  }
  if (hadPrevious) rmSync(previous, { recursive: true, force: true });
}
