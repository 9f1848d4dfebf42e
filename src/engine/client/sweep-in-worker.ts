import type { ModelSweepRunner } from "../stdlib/model-sweep.ts";
import type { SweepMessage } from "./sweep-worker.ts";
// Inlined as a blob: a worker file beside the page would not load from file://.
import SweepWorker from "./sweep-worker.ts?worker&inline";

/** Runs a model sweep in a fresh Web Worker, so the page stays responsive; aborting ends it. */
export const sweepInWorker: ModelSweepRunner = (fn, points, onProgress, signal) =>
  new Promise((resolve, reject) => {
    const worker = new SweepWorker();
    const stop = () => {
      worker.terminate();
      reject(signal?.reason ?? new Error("sweep stopped"));
    };
    if (signal?.aborted) return stop();
    signal?.addEventListener("abort", stop, { once: true });
    worker.onmessage = (event: MessageEvent<SweepMessage>) => {
      const message = event.data;
      if ("done" in message) return onProgress(message.done);
      signal?.removeEventListener("abort", stop);
      worker.terminate();
      if ("results" in message) resolve(message.results);
      else reject(new Error(message.error));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`sweep worker failed: ${event.message}`));
    };
    worker.postMessage({ fn, points });
  });
