// Runs in headless Chromium (test/hwmodels/cache/cache-browser.test.ts): the simulator as a
// notebook calls it in the page, on every path the page allows, against the general path. The
// outcome is left on `window.cacheOutcome` for the test to read.
import { CacheHierarchy } from "../../../../src/hwmodels/cache/index.ts";

declare global {
  interface Window {
    cacheOutcome?: { result?: unknown; error?: string };
  }
}

try {
  const config = {
    levels: [
      { name: "L1", sets: 64, ways: 8, lineBytes: 64 },
      { name: "L2", sets: 1024, ways: 16, lineBytes: 64 },
    ],
  };
  // A fixed pseudo-random trace (a linear congruential generator) with a store in four.
  let seed = 12345;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed;
  };
  const count = 100_000;
  const addresses = Float64Array.from({ length: count }, () => (next() % (1 << 20)) * 8);
  const stores = Uint8Array.from({ length: count }, () => (next() % 4 === 0 ? 1 : 0));
  const preferred = new CacheHierarchy(config).run({ addresses, stores, bytes: 8 });
  const general = new CacheHierarchy(config, { fastPaths: [] }).run({
    addresses,
    stores,
    bytes: 8,
  });
  window.cacheOutcome = {
    result: {
      path: preferred.lastRunPath,
      stats: preferred.flush().stats(),
      generalPath: general.lastRunPath,
      generalStats: general.flush().stats(),
    },
  };
} catch (error) {
  window.cacheOutcome = {
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  };
}
