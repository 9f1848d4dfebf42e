import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltSite, buildAndServe } from "./built-site.ts";
import { launchChromium } from "./chromium.ts";

// The roofline explorer and the GEMM tile lab as a built, static report: their plots follow the
// inputs in the reader's browser, and the tile lab re-runs its matmul on the reader's GPU.

let site: BuiltSite;

beforeAll(async () => {
  site = await buildAndServe(join(import.meta.dirname, "../../notebooks"));
}, 240_000);

afterAll(async () => {
  await site?.close();
});

async function open(page: Page, name: string): Promise<void> {
  await page.goto(`${site.url}/${name}.html`);
  await page.waitForSelector("main[data-ready] svg");
}

/** The markup of the first plot whose text contains `text`. */
function plotWith(page: Page, text: string): Promise<string> {
  return page
    .locator("svg[class^='plot']", { hasText: text })
    .first()
    .evaluate((svg) => svg.outerHTML);
}

const mainText = (page: Page) => page.locator("main").textContent();

describe("roofline.md and gemm-tiles.md in Chromium, as built reports", () => {
  it("roofline.md: doubling the memory bandwidth moves the roofs and the kernels", async () => {
    const page = await site.browser.newPage();
    await open(page, "roofline");
    await expect.poll(() => page.locator(".cn-error").count()).toBe(0);
    // The author's characterization, shown from the snapshot.
    expect(await mainText(page)).toMatch(/Measured: google swiftshader .* fp32 from FMA chains/);
    const before = await plotWith(page, "HBM3: 3.35 TB/s");
    await page
      .locator("form", { hasText: "Device-memory bandwidth" })
      .locator('input[type="range"]')
      .evaluate((input: HTMLInputElement) => {
        input.value = "2";
        input.dispatchEvent(new Event("input", { bubbles: true }));
      });
    await expect.poll(() => mainText(page)).toMatch(/HBM3 bandwidth ×2/);
    const after = await plotWith(page, "HBM3: 6.7 TB/s");
    expect(after).not.toBe(before);
    // The stated roof stays, faint, beside the what-if one.
    expect(after).toContain('stroke="#aaa"');
    await page.close();
  });

  it("gemm-tiles.md: another hardware and K slice re-draw the tile heatmap", async () => {
    const page = await site.browser.newPage();
    await open(page, "gemm-tiles");
    await expect.poll(() => page.locator(".cn-error").count()).toBe(0);
    const heatmap = () => plotWith(page, "workgroup tile BM × BN");
    const before = await heatmap();
    expect(await mainText(page)).toMatch(/\d+ of the 625 tiles in view fit NVIDIA A100 80GB SXM4/);
    await page
      .locator("form", { hasText: "Hardware for the model" })
      .locator("select")
      .selectOption({ label: "NVIDIA H100 SXM5 80GB" });
    await page
      .locator("form", { hasText: "BK (K slice)" })
      .locator("label", { hasText: /^32$/ })
      .click();
    await expect.poll(() => mainText(page)).toMatch(/fit NVIDIA H100 SXM5 80GB/);
    await expect.poll(() => mainText(page)).toMatch(/Fastest in view: \d+x\d+x32\//);
    await expect.poll(heatmap).not.toBe(before);
    expect(await page.locator(".cn-error").count()).toBe(0);
    await page.close();
  });

  it("gemm-tiles.md: on the reader's GPU, a new tile re-runs the matmul and joins the table", async () => {
    const browser = await launchChromium({ webgpu: true });
    try {
      const page = await browser.newPage();
      await open(page, "gemm-tiles");
      const tableRows = () =>
        page.locator("table", { hasText: "model here, ms" }).locator("tbody tr").count();
      const authorRows = await tableRows();
      // The second measured cell is the picked tile's run.
      const picked = page.locator(".cn-snapshot-bar", { hasText: "Measured by the author" }).nth(1);
      await picked.locator("button").click();
      await page
        .locator("form", { hasText: "Workgroup tile" })
        .locator("select")
        .selectOption("32×32");
      await page.locator("form", { hasText: "Thread tile" }).locator("select").selectOption("2×2");
      const progress = page.locator(".tile-progress", { hasText: "32x32x8/2x2" });
      await expect
        .poll(() => progress.textContent(), { timeout: 60_000 })
        .toMatch(/^Ran 32x32x8\/2x2: .* GFLOP\/s, 65,536 elements verified\.$/);
      await expect.poll(tableRows).toBe(authorRows + 1);
      expect(await page.locator("table", { hasText: "model here, ms" }).textContent()).toContain(
        "32x32x8/2x2",
      );
      expect(await page.locator(".cn-error").count()).toBe(0);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
