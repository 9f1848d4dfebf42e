// The simulator in headless Chromium, as notebooks call it in the page: WebAssembly where the
// page allows it, the general path where a content security policy forbids generated code.
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CacheStats } from "../../../src/hwmodels/cache/level-stats.ts";
import { launchChromium } from "../../e2e/chromium.ts";

const PAGE = fileURLToPath(new URL("./browser-page/", import.meta.url));

let server: ViteDevServer;
let browser: Browser;

beforeAll(async () => {
  server = await createServer({
    root: PAGE,
    configFile: false,
    logLevel: "silent",
    server: { host: "127.0.0.1", port: 0 },
  });
  await server.listen();
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

async function outcomeOf(page: string): Promise<{ outcome: Outcome; problems: string[] }> {
  const tab = await browser.newPage();
  const problems: string[] = [];
  tab.on("pageerror", (error) => problems.push(error.message));
  const { port } = server.httpServer!.address() as { port: number };
  await tab.goto(`http://127.0.0.1:${port}/${page}`);
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
    const { outcome, problems } = await outcomeOf("index.html");
    expect(problems).toEqual([]);
    expect(outcome.path).toBe("wasm");
    expect(outcome.generalPath).toBe("general");
    expect(outcome.stats).toEqual(outcome.generalStats);
    expect(outcome.stats.L1!.LOAD_count).toBeGreaterThan(0);
  }, 120_000);

  it("takes WebAssembly under a policy that allows it but not new Function", async () => {
    const { outcome } = await outcomeOf("wasm-only.html");
    expect(outcome.path).toBe("wasm");
    expect(outcome.stats).toEqual(outcome.generalStats);
  }, 120_000);

  it("falls back to the general path under a policy that forbids both", async () => {
    const { outcome } = await outcomeOf("no-eval.html");
    expect(outcome.path).toBe("general");
    expect(outcome.stats).toEqual(outcome.generalStats);
  }, 120_000);
});
