import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { cli } from "../cli/run-cli.ts";
import { launchChromium } from "./chromium.ts";
import { serveFolder } from "./static-server.ts";

export interface BuiltSite {
  /** The build's output folder. */
  out: string;
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Builds the notebooks in `folder` with `codesign-notebook build`, serves the result as a
 * static host would, and launches Chromium to read it.
 */
export async function buildAndServe(folder: string): Promise<BuiltSite> {
  const out = join(mkdtempSync(join(tmpdir(), "cn-build-")), "site");
  const { status, stderr } = cli("build", folder, "--out", out);
  if (status !== 0) throw new Error(`build failed: ${stderr}`);
  const { server, url } = await serveFolder(out);
  const browser = await launchChromium();
  return {
    out,
    url,
    browser,
    close: async () => {
      await browser.close();
      server.close();
    },
  };
}

/** Opens the page of notebook `name` (no `.md`) and waits until it has run and drawn a plot. */
export async function openPage(site: BuiltSite, name: string): Promise<Page> {
  const page = await site.browser.newPage();
  await page.goto(`${site.url}/${name}.html`);
  await page.waitForSelector("main[data-ready] svg");
  return page;
}
