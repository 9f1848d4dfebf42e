import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltSite, buildAndServe, openPage } from "./built-site.ts";

// The cache explorer and the device lab as built, static reports: each re-plots in the reader's
// browser when an input moves; the device lab shows the author's measurements from its snapshot.

let site: BuiltSite;

beforeAll(async () => {
  site = await buildAndServe(join(import.meta.dirname, "../../notebooks"));
}, 180_000);

afterAll(async () => {
  await site?.close();
});

const open = (name: string) => openPage(site, name);

/** The markup of the plot whose text (legend included) contains `text`. */
function plotWith(page: Page, text: string): () => Promise<string> {
  return () =>
    page
      .locator("figure[class^='plot'], svg[class^='plot']", { hasText: text })
      .first()
      .evaluate((plot) => plot.outerHTML);
}

const mainText = (page: Page) => page.locator("main").textContent();

describe("cache and device notebooks in Chromium, as built reports", () => {
  it("cache-explorer.md: a larger cache moves the marker and the summary; a new line size re-plots the curve", async () => {
    const page = await open("cache-explorer");
    await expect.poll(() => page.locator(".cn-error").count()).toBe(0);
    const curve = plotWith(page, "miss ratio");
    const before = await curve();
    expect(await mainText(page)).toContain("The cache: 8 KiB, 4-way, LRU");
    await page
      .locator("form", { hasText: "Cache size" })
      .locator("select")
      .selectOption({ label: "32 KiB" });
    await expect.poll(() => mainText(page)).toContain("The cache: 32 KiB, 4-way, LRU");
    await expect.poll(curve).not.toBe(before);
    const at32KiB = await curve();
    await page
      .locator("form", { hasText: "Line size" })
      .locator("select")
      .selectOption({ label: "128 B" });
    await expect.poll(() => mainText(page)).toContain("distinct 128-byte lines");
    await expect.poll(curve).not.toBe(at32KiB);
    await page.close();
  });

  it("cache-explorer.md: an uploaded trace is checked line by line, then simulated", async () => {
    const page = await open("cache-explorer");
    await page
      .locator("form", { hasText: "Address stream" })
      .locator("label", { hasText: "trace file" })
      .click();
    await expect.poll(() => mainText(page)).toContain("no trace file chosen yet");
    const file = page.locator('input[type="file"]');
    await file.setInputFiles({
      name: "bad.trace",
      mimeType: "text/plain",
      buffer: Buffer.from("# two loads, then a typo\nr 0x1000 8\nr 0x1040 8\nx 0x1080 8\n"),
    });
    await expect
      .poll(() => page.locator(".cn-error").allTextContents())
      .toEqual([expect.stringContaining('bad.trace: line 4: unknown op "x"')]);
    const curve = plotWith(page, "miss ratio");
    const empty = await curve();
    // 16 KiB read 8 bytes at a time, twice: 256 lines, each reused on the second sweep.
    const lines = ["# sweeps over 16 KiB"];
    for (let sweep = 0; sweep < 2; sweep++)
      for (let address = 0; address < 16384; address += 8)
        lines.push(`r 0x${address.toString(16)} 8`);
    await file.setInputFiles({
      name: "sweeps.trace",
      mimeType: "text/plain",
      buffer: Buffer.from(lines.join("\n")),
    });
    await expect
      .poll(() => mainText(page))
      .toContain(
        "sweeps.trace (fixture format, 4,096 records), 4,096 line references to 256 distinct",
      );
    expect(await page.locator(".cn-error").count()).toBe(0);
    await expect.poll(curve).not.toBe(empty);
    await page.close();
  });

  it("device-lab.md: shows the author's measurements and re-draws the roofline against another preset", async () => {
    const page = await open("device-lab");
    await expect.poll(() => page.locator(".cn-error").count()).toBe(0);
    // The build measured with Dawn: SwiftShader here, a GPU where there is one.
    expect(await page.locator(".cn-snapshot-bar").first().textContent()).toMatch(
      /^Measured by the author on .+ via Dawn in Node, .+ UTC\. Run on this device$/,
    );
    expect(await mainText(page)).toMatch(/Measured on .+ via Dawn in Node/);
    const roofline = plotWith(page, "arithmetic intensity");
    const before = await roofline();
    expect(before).toContain("this device");
    expect(before).toContain("NVIDIA H100 SXM5 80GB");
    await page
      .locator("form", { hasText: "Compare with" })
      .locator("select")
      .selectOption({ label: "AMD Instinct MI300X" });
    await expect.poll(roofline).toContain("AMD Instinct MI300X");
    const after = await roofline();
    expect(after).not.toContain("NVIDIA H100");
    expect(after).toContain("this device");
    await expect
      .poll(() => mainText(page))
      .toContain("of the AMD Instinct MI300X's fp32 vector peak");
    await page.close();
  });
});
