import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/run-cli.ts";
import { launchChromium } from "./chromium.ts";
import { serveFolder } from "./static-server.ts";

const fixture = join(import.meta.dirname, "../fixtures/report-notebooks");
const work = mkdtempSync(join(tmpdir(), "cn-build-"));
const out = join(work, "site");
const single = join(work, "single");
let browser: Browser;
let server: Server;
let url: string;

beforeAll(async () => {
  for (const [target, extra] of [
    [out, []],
    [single, ["--single-file"]],
  ] as const) {
    const { status, stderr } = cli("build", fixture, "--out", target, ...extra);
    if (status !== 0) throw new Error(`build failed: ${stderr}`);
  }
  ({ server, url } = await serveFolder(out));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

/** Opens a page, recording every request it makes. */
async function open(address: string): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.goto(address);
  await page.waitForSelector("main[data-ready] svg circle");
  return { page, requests };
}

async function moveSliderTo(page: Page, value: number): Promise<void> {
  await page.locator('input[type="range"]').evaluate((input: HTMLInputElement, v) => {
    input.value = String(v);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }, value);
  await page.waitForFunction((v) => document.querySelectorAll("svg circle").length === v, value);
}

describe("codesign-notebook build", () => {
  it("writes one page per notebook plus the index, each with one script and one stylesheet", () => {
    expect(readdirSync(out).sort()).toEqual(["assets", "index.html", "slider.html", "thumbnails"]);
    expect(readFileSync(join(out, "thumbnails/slider.svg"), "utf8")).toMatch(/<circle/);
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain(
      '<img class="cn-thumbnail" src="thumbnails/slider.svg"',
    );
    expect(readFileSync(join(single, "index.html"), "utf8")).toContain(
      '<img class="cn-thumbnail" src="data:image/svg+xml;charset=utf-8,',
    );
    const assets = readdirSync(join(out, "assets"));
    expect(assets.filter((file) => file.endsWith(".js"))).toHaveLength(2);
    expect(assets.filter((file) => file.endsWith(".css"))).toHaveLength(1);
  });

  it("a built page runs from a static server: its slider re-plots in the reader's browser", async () => {
    const { page } = await open(`${url}/slider.html`);
    expect(await page.locator("svg circle").count()).toBe(10);
    await moveSliderTo(page, 20);
    await page.close();
  });

  it("a built page runs from file:// and asks for nothing but its own files", async () => {
    const { page, requests } = await open(`file://${join(out, "slider.html")}`);
    await moveSliderTo(page, 30);
    expect(requests.every((request) => request.startsWith("file://"))).toBe(true);
    expect(requests).toHaveLength(3);
    await page.click(".cn-nav a");
    await page.waitForSelector(".cn-notebook-list a");
    expect(new URL(page.url()).pathname).toBe(join(out, "index.html"));
    await page.close();
  });

  it("a link with state reproduces it in a built report opened from file://", async () => {
    const page = await browser.newPage();
    await page.goto(`file://${join(out, "slider.html")}#n=17`);
    await page.waitForFunction(() => document.querySelectorAll("svg circle").length === 17);
    await page.close();
  });

  it("--single-file writes self-contained pages that run from file://", async () => {
    expect(readdirSync(single).sort()).toEqual(["index.html", "slider.html"]);
    const { page, requests } = await open(`file://${join(single, "slider.html")}`);
    await moveSliderTo(page, 12);
    expect(requests).toEqual([`file://${join(single, "slider.html")}`]);
    await page.close();
  });

  it("each page carries its manifest, as text and as a JSON download", async () => {
    const html = readFileSync(join(out, "slider.html"), "utf8");
    expect(html).toContain('<details class="cn-manifest">');
    const href =
      /download="slider\.manifest\.json" href="data:application\/json;charset=utf-8,([^"]+)"/.exec(
        html,
      )![1]!;
    const manifest = JSON.parse(
      decodeURIComponent(href.replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c)))),
    );
    expect(manifest.notebook.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.parameters).toEqual({ n: 10 });
  });

  it("a failing cell stops the build, naming file and line, and the previous site stays", () => {
    const folder = join(work, "broken");
    cpSync(fixture, folder, { recursive: true });
    const target = join(work, "kept");
    expect(cli("build", fixture, "--out", target).status).toBe(0);
    const before = readFileSync(join(target, "slider.html"), "utf8");
    writeFileSync(
      join(folder, "oops.md"),
      "# Oops\n\n```js\nconst fine = 1;\n```\n\n```js\nconst bad = fine.nope.deeper;\n```\n",
    );
    const { status, stderr } = cli("build", folder, "--out", target);
    expect(status).toBe(1);
    expect(stderr).toMatch(
      /oops\.md:8: TypeError: Cannot read properties of undefined \(reading 'deeper'\)/,
    );
    expect(readFileSync(join(target, "slider.html"), "utf8")).toBe(before);
    expect(existsSync(join(target, "oops.html"))).toBe(false);
    expect(readdirSync(work).filter((name) => name.includes(".building-"))).toEqual([]);
  });

  it("an interrupted build leaves the previous site as it was", async () => {
    const target = join(work, "interrupted");
    expect(cli("build", fixture, "--out", target).status).toBe(0);
    const before = readFileSync(join(target, "slider.html"), "utf8");
    const child = spawn(process.execPath, [
      join(import.meta.dirname, "../../bin/codesign-notebook.js"),
      "build",
      fixture,
      "--out",
      target,
    ]);
    await new Promise<void>((resolve) => {
      child.stderr.on("data", (chunk: Buffer) => {
        if (String(chunk).includes("bundling") && !child.killed) child.kill("SIGKILL");
      });
      child.on("exit", () => resolve());
    });
    expect(readFileSync(join(target, "slider.html"), "utf8")).toBe(before);
    // The killed build's half-built folder is cleared by the next build.
    expect(readdirSync(work).some((name) => name.startsWith("interrupted.building-"))).toBe(true);
    expect(cli("build", fixture, "--out", target).status).toBe(0);
    expect(readdirSync(work).some((name) => name.startsWith("interrupted.building-"))).toBe(false);
  }, 90_000);

  it("a folder without notebooks is bad usage (exit 2)", () => {
    const empty = mkdtempSync(join(tmpdir(), "cn-empty-"));
    const { status, stderr } = cli("build", empty, "--out", join(empty, "out"));
    expect(status).toBe(2);
    expect(stderr).toContain("no notebooks");
  });
});
