// Runs in headless Chromium (test/gpu/browser.test.ts): the same src/gpu code as in Node, on
// navigator.gpu. The outcome is left on `window.gpuOutcome` for the test to read.
import { acquireDevice, benchMatmul } from "../../../src/gpu/index.ts";

declare global {
  interface Window {
    gpuOutcome?: { result?: unknown; error?: string };
  }
}

try {
  const context = await acquireDevice();
  const result = await benchMatmul(context, {
    M: 33,
    N: 17,
    K: 20,
    tile: "16x16x4/4x4",
    timing: { warmup: 0, repeats: 2, dispatchesPerPass: 1 },
  });
  window.gpuOutcome = {
    result: {
      adapter: context.adapter,
      features: context.features,
      method: result.timing.method,
      samples: result.timing.samples.length,
      verification: result.verification,
    },
  };
} catch (error) {
  window.gpuOutcome = {
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  };
}
