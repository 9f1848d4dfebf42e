import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltSite, buildAndServe } from "./built-site.ts";

let site: BuiltSite;

beforeAll(async () => {
  site = await buildAndServe(join(import.meta.dirname, "../fixtures/sweep-notebooks"));
}, 120_000);

afterAll(async () => {
  await site?.close();
});

describe("a model sweep in the browser", () => {
  it("runs in a Web Worker with a progress bar, and the page answers clicks meanwhile", async () => {
    const page = await site.browser.newPage();
    await page.goto(`file://${join(site.out, "sweep.html")}`);
    await page.waitForFunction(() =>
      document.body.textContent?.includes("the best of 4,000 points"),
    );
    // A long sweep: while it runs, a worker exists, the bar moves, and clicks are handled.
    await page.locator('input[type="range"]').evaluate((input: HTMLInputElement) => {
      input.value = "400000";
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await page.waitForFunction(
      () =>
        (document.querySelector(".cn-sweep progress") as HTMLProgressElement | null)?.max ===
        400000,
    );
    await expect.poll(() => page.workers().length).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Click" }).click();
    await page.waitForFunction(() => document.body.textContent?.includes("Clicked 1 times"));
    expect(
      await page
        .locator(".cn-sweep progress")
        .evaluate((bar: HTMLProgressElement) => bar.value < bar.max),
    ).toBe(true);
    await page.waitForFunction(
      () => document.body.textContent?.includes("the best of 400,000 points"),
      undefined,
      { timeout: 60_000 },
    );
    expect(await page.locator(".cn-sweep").textContent()).toMatch(
      /400,000 of 400,000 points in \d+\.\d\d s$/,
    );
    await page.close();
  }, 90_000);
});
