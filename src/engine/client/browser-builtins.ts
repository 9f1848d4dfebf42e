import type { HostBuiltins } from "../stdlib/builtins.ts";
import { Generators } from "../stdlib/generators/index.ts";
import { sweepInWorker } from "./sweep-in-worker.ts";

/**
 * Builtins that depend on the page: `width` follows the notebook column as it resizes; model
 * sweeps run in a Web Worker.
 */
export function browserBuiltins(main: HTMLElement): HostBuiltins {
  return { width: () => Generators.width(main), sweep: sweepInWorker };
}
