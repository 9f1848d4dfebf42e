import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltSite, buildAndServe } from "./built-site.ts";
import { launchChromium } from "./chromium.ts";

// A report's measured cells: built with a real WebGPU run (Dawn on SwiftShader here), shown
// from the snapshot without a GPU, and re-run on the reader's device on request.

let site: BuiltSite;

beforeAll(async () => {
  site = await buildAndServe(join(import.meta.dirname, "../fixtures/measured-notebooks"));
}, 120_000);

afterAll(async () => {
  await site?.close();
});

describe("a report with measured cells", () => {
  it("shows the author's measurement and where it was made, asking the reader's browser for no GPU", async () => {
    const page = await site.browser.newPage();
    await page.addInitScript(() => {
      // Count requests for a GPU: the snapshot must not make any.
      const gpu = (navigator as { gpu?: { requestAdapter: (...a: unknown[]) => unknown } }).gpu;
      (window as unknown as { adapterRequests: number }).adapterRequests = 0;
      if (gpu) {
        const original = gpu.requestAdapter.bind(gpu);
        gpu.requestAdapter = (...args: unknown[]) => {
          (window as unknown as { adapterRequests: number }).adapterRequests++;
          return original(...args);
        };
      }
    });
    await page.goto(`${site.url}/measured.html`);
    await page.waitForSelector("main[data-ready] svg rect");
    expect(await page.locator(".cn-snapshot-bar").textContent()).toMatch(
      /^Measured by the author on google swiftshader .* UTC\. Run on this device$/,
    );
    expect(await page.locator(".cn-notices").count()).toBe(0);
    expect(
      await page.evaluate(() => (window as unknown as { adapterRequests: number }).adapterRequests),
    ).toBe(0);
    await page.close();
  });

  it("'Run on this device' re-runs the measurement on the reader's GPU, beside the author's numbers", async () => {
    const browser = await launchChromium({ webgpu: true });
    try {
      const page = await browser.newPage();
      await page.goto(`${site.url}/measured.html`);
      await page.waitForSelector("main[data-ready] svg rect");
      await page.click(".cn-snapshot-bar button");
      const row = page.locator(".cn-snapshot-table tr", { hasText: "result.flopsPerSecond" });
      await expect
        .poll(() => row.locator("td").nth(2).textContent(), { timeout: 60_000 })
        .toMatch(/^\d\.\d{3}e\+\d+$/);
      expect(await row.locator("td").nth(1).textContent()).toMatch(/^\d\.\d{3}e\+\d+$/);
      expect(await page.locator(".cn-snapshot-bar").textContent()).toMatch(
        /^Ran on this device; measured by the author on google swiftshader/,
      );
      expect(await page.locator(".cn-error").count()).toBe(0);
    } finally {
      await browser.close();
    }
  }, 90_000);
});
