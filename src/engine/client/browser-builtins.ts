import type { HostBuiltins } from "../stdlib/builtins.ts";
import { Generators } from "../stdlib/generators/index.ts";

/** Builtins that depend on the page: `width` follows the notebook column as it resizes. */
export function browserBuiltins(main: HTMLElement): HostBuiltins {
  return { width: () => Generators.width(main) };
}
