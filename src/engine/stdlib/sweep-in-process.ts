import { type ModelSweepRunner, modelFunction } from "./model-sweep.ts";

/**
 * Runs a model sweep in this thread, yielding to the event loop every few milliseconds so timers
 * and I/O go on: the runner for Node, where a headless run has no page to keep responsive.
 */
export const sweepInProcess: ModelSweepRunner = async (fn, points, onProgress, signal) => {
  const models = (await import("../../hwmodels/index.ts")) as Record<string, unknown>;
  const call = modelFunction(models, fn);
  const results: unknown[] = [];
  let slice = performance.now();
  for (const [i, point] of points.entries()) {
    results.push(call(...point));
    if (performance.now() - slice > 10) {
      onProgress(i + 1);
      await new Promise((resolve) => setTimeout(resolve, 0));
      signal?.throwIfAborted();
      slice = performance.now();
    }
  }
  return results;
};
