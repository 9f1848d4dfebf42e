import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltSite, buildAndServe, openPage } from "./built-site.ts";

// The shipped accelerator notebooks as a built, static report: each must re-plot in the
// reader's browser when an input moves.

let site: BuiltSite;

beforeAll(async () => {
  site = await buildAndServe(join(import.meta.dirname, "../../notebooks"));
}, 120_000);

afterAll(async () => {
  await site?.close();
});

const open = (name: string) => openPage(site, name);

/** Sets the range input labelled `label` and fires the event a drag fires. */
async function setRange(page: Page, label: string, value: number): Promise<void> {
  await page
    .locator("form", { hasText: label })
    .locator('input[type="range"]')
    .evaluate((input: HTMLInputElement, v) => {
      input.value = String(v);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }, value);
}

/** The markup of the n-th plot on the page. */
function plot(page: Page, n: number): Promise<string> {
  return page
    .locator("svg[class^='plot']")
    .nth(n)
    .evaluate((svg) => svg.outerHTML);
}

describe("accelerator notebooks in Chromium, as built reports", () => {
  it("systolic.md: a new array shape re-plots the per-layer cycles and the summary", async () => {
    const page = await open("systolic");
    await expect.poll(() => page.locator(".cn-error").count()).toBe(0);
    const before = await plot(page, 0);
    expect(await page.locator("main").textContent()).toContain("on a 32 x 32 WS array");
    await setRange(page, "PE rows", 64);
    await page.waitForFunction(() =>
      document.querySelector("main")!.textContent!.includes("on a 64 x 32 WS array"),
    );
    await expect.poll(() => plot(page, 0)).not.toBe(before);
    await page.close();
  });

  it("llm-inference.md: a new batch size re-plots the hardware comparison", async () => {
    const page = await open("llm-inference");
    await expect.poll(() => page.locator(".cn-error").count()).toBe(0);
    const comparison = () =>
      page.locator("svg[class^='plot']", { hasText: "tok/s" }).first().textContent();
    const before = await comparison();
    expect(before).toContain("NVIDIA B200");
    await setRange(page, "Batch", 1);
    await page.waitForFunction(() =>
      document.querySelector("main")!.textContent!.includes("batch 1, 2048 prompt tokens"),
    );
    await expect.poll(comparison).not.toBe(before);
    await page.close();
  });
});
