// The Web Worker behind the `sweep` builtin: calls a hardware-model function for each point,
// posting progress every ~50 ms, then the results.
import * as models from "../../hwmodels/index.ts";
import { modelFunction } from "../stdlib/model-sweep.ts";

export type SweepRequest = { fn: string; points: unknown[][] };
export type SweepMessage = { done: number } | { results: unknown[] } | { error: string };

self.onmessage = (event: MessageEvent<SweepRequest>) => {
  const { fn, points } = event.data;
  try {
    const call = modelFunction(models as Record<string, unknown>, fn);
    const results: unknown[] = [];
    let last = performance.now();
    for (const [i, point] of points.entries()) {
      results.push(call(...point));
      if (performance.now() - last > 50) {
        self.postMessage({ done: i + 1 } satisfies SweepMessage);
        last = performance.now();
      }
    }
    self.postMessage({ results } satisfies SweepMessage);
  } catch (error) {
    self.postMessage({
      error: error instanceof Error ? error.message : String(error),
    } satisfies SweepMessage);
  }
};
