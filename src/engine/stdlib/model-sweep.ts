import { dispatchInput } from "./dispatch-input.ts";

/**
 * Runs a named hardware-model function over many points: `runner("tiledGemmSeconds", points)`
 * calls `tiledGemmSeconds(...point)` for each point, reporting progress, and resolves to the
 * results in order. The browser runs it in a Web Worker; Node runs it in this thread.
 */
export type ModelSweepRunner = (
  fn: string,
  points: readonly unknown[][],
  onProgress: (done: number) => void,
  signal?: AbortSignal,
) => Promise<unknown[]>;

export interface SweepOptions {
  /** Stops the sweep when aborted: pass the cell's `signal`, so a re-run drops the old sweep. */
  signal?: AbortSignal;
  /** Shown before the progress, e.g. "Tile space". */
  label?: string;
}

/**
 * The `sweep` builtin: `const results = view(sweep("tiledGemmSeconds", points, {signal}))`.
 * It returns an element showing the sweep's progress whose value becomes the results array when
 * the sweep finishes (so cells using `results` wait for it), and which shows the error if it fails.
 */
export function sweepBuiltin(runner: ModelSweepRunner) {
  return (
    fn: string,
    points: readonly unknown[][],
    options: SweepOptions = {},
  ): HTMLElement & { value: unknown[] | undefined } => {
    if (typeof fn !== "string")
      throw new TypeError(
        "sweep(fn, points): fn is the name of a codesign-notebook/hwmodels function",
      );
    if (!Array.isArray(points) || !points.every(Array.isArray)) {
      throw new TypeError(
        "sweep(fn, points): points is an array of argument lists, e.g. tiles.map((tile) => [problem, tile, hw])",
      );
    }
    const element = Object.assign(document.createElement("div"), {
      value: undefined as unknown[] | undefined,
    });
    element.className = "cn-sweep";
    const label = document.createElement("span");
    const bar = document.createElement("progress");
    bar.max = points.length;
    bar.value = 0;
    const count = document.createElement("span");
    element.append(label, bar, count);
    const started = performance.now();
    const show = (done: number) => {
      bar.value = done;
      const seconds = (performance.now() - started) / 1000;
      const left = done > 0 ? (seconds / done) * (points.length - done) : Number.NaN;
      count.textContent = ` ${done.toLocaleString("en-US")} of ${points.length.toLocaleString("en-US")} points${Number.isFinite(left) && done < points.length ? `, ~${left.toFixed(1)} s left` : ""}`;
    };
    label.textContent = `${options.label ?? fn} `;
    show(0);
    runner(fn, points, show, options.signal).then(
      (results) => {
        show(points.length);
        count.textContent += ` in ${((performance.now() - started) / 1000).toFixed(2)} s`;
        element.value = results;
        dispatchInput(element);
      },
      (error: unknown) => {
        if (options.signal?.aborted) return;
        element.classList.add("cn-sweep-failed");
        count.textContent = ` failed: ${error instanceof Error ? error.message : String(error)}`;
      },
    );
    return element;
  };
}

/**
 * The function a sweep calls, by name from the hardware models. Only functions exported there
 * can be swept: a worker cannot receive a function, and names keep it to pure models.
 */
export function modelFunction(
  models: Record<string, unknown>,
  fn: string,
): (...args: unknown[]) => unknown {
  const candidate = models[fn];
  if (typeof candidate !== "function") {
    const known = Object.keys(models).filter((name) => typeof models[name] === "function");
    const near = known
      .filter((name) => name.toLowerCase().includes(fn.toLowerCase().slice(0, 5)))
      .slice(0, 5);
    throw new Error(
      `sweep: codesign-notebook/hwmodels has no function ${fn}${near.length ? ` (did you mean ${near.join(", ")}?)` : ""}`,
    );
  }
  return candidate as (...args: unknown[]) => unknown;
}
