import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/run-cli.ts";
import { launchChromium } from "./chromium.ts";
import { serveFolder } from "./static-server.ts";

let browser: Browser;
let server: Server;
let url: string;
const out = join(mkdtempSync(join(tmpdir(), "cn-build-")), "site");

beforeAll(async () => {
  const { status, stderr } = cli(
    "build",
    join(import.meta.dirname, "../fixtures/e2e-notebooks"),
    "--out",
    out,
  );
  if (status !== 0) throw new Error(`build failed: ${stderr}`);
  ({ server, url } = await serveFolder(out));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe("codesign-notebook build", () => {
  it("writes one page per notebook plus the index, and their assets", () => {
    expect(existsSync(join(out, "index.html"))).toBe(true);
    expect(existsSync(join(out, "slider.html"))).toBe(true);
    expect(readdirSync(join(out, "assets")).some((file) => file.endsWith(".js"))).toBe(true);
  });

  it("a built page runs from a static server: its slider re-plots in the reader's browser", async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/slider.html`);
    await page.waitForSelector("main[data-ready] svg");
    expect(await page.locator("svg circle").count()).toBe(10);
    await page.locator('input[type="range"]').evaluate((input: HTMLInputElement) => {
      input.value = "20";
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await page.waitForFunction(() => document.querySelectorAll("svg circle").length === 20);
    await page.close();
  });

  it("a folder without notebooks is bad usage (exit 2)", () => {
    const empty = mkdtempSync(join(tmpdir(), "cn-empty-"));
    const { status, stderr } = cli("build", empty, "--out", join(empty, "out"));
    expect(status).toBe(2);
    expect(stderr).toContain("no notebooks");
  });
});
