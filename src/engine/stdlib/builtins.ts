import { Generators } from "./generators/index.ts";
import { markdownTag } from "./markdown-tag.ts";
import { type ModelSweepRunner, sweepBuiltin } from "./model-sweep.ts";
import { Mutable } from "./mutable.ts";

/** Host-specific builtins: what differs between the browser page and the headless host. */
export interface HostBuiltins {
  /** The notebook's content width in pixels: a generator in the browser, a constant in Node. */
  width: () => unknown;
  /** The lazily acquired WebGPU device context, or null when there is none. */
  gpu?: () => Promise<unknown>;
  /** How model sweeps run: a Web Worker in the browser, this thread in Node. */
  sweep?: ModelSweepRunner;
}

/**
 * The builtins every cell can use without importing them. A function here is a definition the
 * runtime calls on first use, so large libraries load only for notebooks that use them; values
 * that are themselves functions are wrapped for that reason.
 */
export function standardBuiltins(host: HostBuiltins): Record<string, unknown> {
  const builtins: Record<string, unknown> = {
    Generators,
    Mutable: () => Mutable,
    now: () => Generators.now(),
    width: host.width,
    Inputs: () => import("@observablehq/inputs"),
    html: () => import("htl").then((htl) => htl.html),
    svg: () => import("htl").then((htl) => htl.svg),
    md: () => markdownTag(),
    Plot: () => import("@observablehq/plot"),
    aq: () => import("arquero"),
  };
  if (host.gpu) builtins.gpu = host.gpu;
  if (host.sweep) {
    const sweep = sweepBuiltin(host.sweep);
    builtins.sweep = () => sweep;
  }
  return builtins;
}
