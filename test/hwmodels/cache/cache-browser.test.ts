// The simulator in headless Chromium, as notebooks call it in the page: WebAssembly where the
// page allows it, the general path where a content security policy forbids generated code.
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import type { ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CacheStats } from "../../../src/hwmodels/cache/level-stats.ts";
import { launchChromium } from "../../e2e/chromium.ts";
import { startPageServer } from "../../e2e/dev-server.ts";

const PAGE = fileURLToPath(new URL("./browser-page/", import.meta.url));

let server: ViteDevServer;
let url: string;
let browser: Browser;

beforeAll(async () => {
  ({ server, url } = await startPageServer(PAGE));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Outcome {
  path: string;
  stats: CacheStats;
  generalPath: string;
  generalStats: CacheStats;
}

/** Opens the page, served with a Content-Security-Policy header when `policy` is given. */
async function outcomeUnder(policy?: string): Promise<{ outcome: Outcome; problems: string[] }> {
  const tab = await browser.newPage();
  const problems: string[] = [];
  tab.on("pageerror", (error) => problems.push(error.message));
  if (policy !== undefined) {
    await tab.route("**/index.html", async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers(), "content-security-policy": policy };
      await route.fulfill({ response, headers });
    });
  }
  await tab.goto(`${url}/index.html`);
  await tab.waitForFunction(() => window.cacheOutcome !== undefined, undefined, {
    timeout: 60_000,
  });
  const { result, error } = await tab.evaluate(() => window.cacheOutcome!);
  await tab.close();
  expect(error).toBeUndefined();
  return { outcome: result as Outcome, problems };
}

describe("the cache simulator in Chromium", () => {
  it("takes the WebAssembly path and counts exactly as the general path", async () => {
    const { outcome, problems } = await outcomeUnder();
    expect(problems).toEqual([]);
    expect(outcome.path).toBe("wasm");
    expect(outcome.generalPath).toBe("general");
    expect(outcome.stats).toEqual(outcome.generalStats);
    expect(outcome.stats.L1!.LOAD_count).toBeGreaterThan(0);
  }, 120_000);

  it("takes WebAssembly under a policy that allows it but not new Function", async () => {
    const { outcome } = await outcomeUnder("script-src 'self' 'wasm-unsafe-eval'");
    expect(outcome.path).toBe("wasm");
    expect(outcome.stats).toEqual(outcome.generalStats);
  }, 120_000);

  it("falls back to the general path under a policy that forbids both", async () => {
    const { outcome } = await outcomeUnder("script-src 'self'");
    expect(outcome.path).toBe("general");
    expect(outcome.stats).toEqual(outcome.generalStats);
  }, 120_000);
});
