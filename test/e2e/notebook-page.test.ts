import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import type { ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium.ts";
import { startDevServer } from "./dev-server.ts";

let browser: Browser;
let server: ViteDevServer;
let url: string;
let folder: string;

beforeAll(async () => {
  ({ server, url, folder } = await startDevServer(
    join(import.meta.dirname, "../fixtures/e2e-notebooks"),
  ));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a notebook and waits for its plot: `data-ready` only says the cells are defined. */
async function openNotebook(path: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${url}/${path}`);
  await page.waitForSelector("main[data-ready] svg circle");
  return page;
}

/** Sets the range input's value and fires the event a user's drag fires. */
async function moveSlider(page: Page, value: number): Promise<void> {
  await page.locator('input[type="range"]').evaluate((input: HTMLInputElement, v) => {
    input.value = String(v);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }, value);
}

describe("a notebook page in Chromium", () => {
  it("moving a slider re-runs the dependent cells and re-plots", async () => {
    const page = await openNotebook("slider");
    expect(await page.locator("svg circle").count()).toBe(10);
    await moveSlider(page, 25);
    await page.waitForFunction(() => document.querySelectorAll("svg circle").length === 25);
    expect(await page.locator(".cn-inline").last().textContent()).toBe("25");
    await page.close();
  });

  it("an error shows in its cell, with its location, and the other cells still render", async () => {
    const page = await openNotebook("slider");
    const error = page.locator(".cn-cell.cn-failed .cn-error");
    await expect.poll(() => error.count()).toBe(1);
    expect(await error.locator(".cn-error-message").textContent()).toBe(
      "missingName is not defined",
    );
    expect(await error.locator(".cn-error-location").textContent()).toBe("slider.md:29");
    expect(await page.locator("svg circle").count()).toBe(10);
    await page.close();
  });

  it("editing a cell in the file re-runs only that cell, and the slider keeps its value", async () => {
    const page = await openNotebook("slider");
    await moveSlider(page, 33);
    await page.waitForFunction(() => document.querySelectorAll("svg circle").length === 33);
    // Remember how often each cell has run, and mark its element to see it is kept.
    const before = await page.$$eval(".cn-cell, .cn-inline", (cells) =>
      cells.map((cell) => {
        (cell as HTMLElement).dataset.marker = "kept";
        return { id: (cell as HTMLElement).dataset.cell, runs: (cell as HTMLElement).dataset.runs };
      }),
    );
    const file = join(folder, "slider.md");
    writeFileSync(file, readFileSync(file, "utf8").replace('"first version"', '"second version"'));
    await page.waitForFunction(() => document.body.textContent?.includes("SECOND VERSION"));
    const after = await page.$$eval(".cn-cell, .cn-inline", (cells) =>
      cells.map((cell) => ({
        id: (cell as HTMLElement).dataset.cell,
        runs: (cell as HTMLElement).dataset.runs,
        kept: (cell as HTMLElement).dataset.marker === "kept",
      })),
    );
    const changed = after.filter(
      (cell) => !before.some((b) => b.id === cell.id && b.runs === cell.runs),
    );
    // The edited cell is new; the one that uses its value re-ran; nothing else ran.
    expect(changed).toHaveLength(2);
    expect(after.filter((cell) => !cell.kept)).toHaveLength(1);
    expect(await page.locator('input[type="number"]').inputValue()).toBe("33");
    expect(await page.locator("svg circle").count()).toBe(33);
    await page.close();
  });

  it("a link carries the inputs' state: the hash follows the slider and reopens to it", async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/slider#n=25`);
    await page.waitForFunction(() => document.querySelectorAll("svg circle").length === 25);
    await moveSlider(page, 31);
    await page.waitForFunction(() => location.hash === "#n=31");
    const link = page.url();
    const reopened = await browser.newPage();
    await reopened.goto(link);
    await reopened.waitForFunction(() => document.querySelectorAll("svg circle").length === 31);
    expect(await reopened.locator('input[type="number"]').inputValue()).toBe("31");
    await page.close();
    await reopened.close();
  });

  it("a malformed or hostile link is ignored with a notice, and runs nothing", async () => {
    const page = await browser.newPage();
    const hostile = encodeURIComponent("<img src=x onerror=window.pwned=1>");
    await page.goto(`${url}/slider#n=${hostile}&label=${hostile}&bogus=1&%E0%A4%A`);
    await page.waitForSelector("main[data-ready] svg circle");
    const notices = await page.locator(".cn-notices div").allTextContents();
    expect(notices).toContain("the link sets bogus, which this notebook does not have; ignored");
    expect(notices.some((text) => text.startsWith("ignored a malformed part of the link"))).toBe(
      true,
    );
    expect(notices.some((text) => text.includes("which its input does not accept"))).toBe(true);
    expect(notices).toContain(
      "the link sets label, which is not an input of this notebook; ignored",
    );
    // label kept its own value ("... VERSION", uppercased by the next cell), not the link's.
    await expect.poll(() => page.locator("main").textContent()).toMatch(/"(FIRST|SECOND) VERSION"/);
    expect(await page.locator("main").textContent()).not.toContain("ONERROR");
    expect(await page.locator(".cn-notices img").count()).toBe(0);
    expect(
      await page.evaluate(() => (window as unknown as { pwned?: unknown }).pwned),
    ).toBeUndefined();
    expect(await page.locator("svg circle").count()).toBe(10);
    await page.close();
  });

  it("a cell's export menu downloads its plot as SVG and PNG and its table as CSV", async () => {
    const page = await openNotebook("slider");
    const download = async (cell: Locator, format: string) => {
      const menu = cell.locator(".cn-export");
      await menu.locator("summary").click();
      const [file] = await Promise.all([
        page.waitForEvent("download"),
        menu.getByRole("button", { name: format }).click(),
      ]);
      return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
    };
    const plotCell = page.locator(".cn-cell:has(svg circle)");
    const svg = await download(plotCell, "SVG");
    expect(svg.name).toMatch(/^Slider-cell-\d+\.svg$/);
    expect(svg.bytes.toString()).toMatch(
      /^<\?xml[^>]*>\n<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<circle/,
    );
    const png = await download(plotCell, "PNG");
    expect(png.bytes.subarray(1, 4).toString()).toBe("PNG");
    // The last cell shows rows (an array of plain objects): exportable as a table.
    const csv = await download(page.locator(".cn-cell").last(), "CSV");
    expect(csv.bytes.toString()).toBe("i,y\n0,0\n1,1\n2,4\n");
    await page.close();
  });

  it("the index lists the notebooks with their titles and descriptions", async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/`);
    await page.waitForSelector(".cn-notebook-list a");
    expect(await page.locator(".cn-notebook-list a strong").allTextContents()).toEqual(["Slider"]);
    expect(await page.locator(".cn-notebook-list a span").first().textContent()).toBe(
      "A slider driving a table and a plot.",
    );
    // The thumbnail is the notebook's first plot, drawn by a headless run of it.
    const thumbnail = page.locator(".cn-notebook-list img.cn-thumbnail");
    expect(await thumbnail.getAttribute("src")).toBe("/@codesign-notebook/thumbnail/slider.md.svg");
    await expect
      .poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth), {
        timeout: 20_000,
      })
      .toBe(400);
    await page.click(".cn-notebook-list a");
    await page.waitForSelector("main[data-ready] svg");
    expect(new URL(page.url()).pathname).toBe("/slider.html");
    await page.close();
  });
});
