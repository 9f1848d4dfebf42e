import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium } from "playwright-core";
import type { ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPageServer } from "../e2e/dev-server.ts";

const PAGE = fileURLToPath(new URL("./browser-page/", import.meta.url));
const CHROMIUM = process.env.CODESIGN_CHROMIUM ?? "/usr/bin/chromium";

let server: ViteDevServer;
let url: string;
let browser: BrowserContext;
let profile: string;

beforeAll(async () => {
  ({ server, url } = await startPageServer(PAGE));
  profile = await mkdtemp(join(tmpdir(), "codesign-chromium-"));
  // A fresh profile each run (Playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--enable-unsafe-webgpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

describe("codesign-notebook/gpu in a browser", () => {
  it("runs a verified matmul on navigator.gpu and names the adapter", async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(`${url}/index.html`);
    await page.waitForFunction(() => window.gpuOutcome !== undefined, undefined, {
      timeout: 60_000,
    });
    const outcome = await page.evaluate(() => window.gpuOutcome!);
    expect(problems).toEqual([]);
    expect(outcome.error).toBeUndefined();
    const result = outcome.result as {
      adapter: { runtime: string; name: string };
      method: string;
      samples: number;
      verification: { checkedElements: number; maxErrorToTolerance: number };
    };
    expect(result.adapter.runtime).toBe("browser");
    expect(result.adapter.name).toMatch(/via browser WebGPU$/);
    expect(result.method).toMatch(/^(timestamp-query|wall-clock)$/);
    expect(result.samples).toBe(2);
    expect(result.verification.checkedElements).toBe(33 * 17);
    expect(result.verification.maxErrorToTolerance).toBeLessThanOrEqual(1);
  }, 120_000);

  it("serves the browser provider, never Dawn, to the page", async () => {
    const source = fileURLToPath(new URL("../../src/gpu/device.ts", import.meta.url));
    const device = await server.transformRequest(`/@fs${source}`);
    expect(device?.code).toMatch(/browser-gpu\.ts/);
    expect(device?.code).not.toMatch(/dawn-gpu|node\/vulkan-env/);
  });
});
