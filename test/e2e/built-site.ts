import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
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
 * static host would, and launches Chromium to read it. Test files that build the same folder
 * from the same sources share one build (see `sharedBuild`).
 */
export async function buildAndServe(folder: string): Promise<BuiltSite> {
  const out = await sharedBuild(folder);
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

const repository = join(import.meta.dirname, "../..");

/**
 * The built site of `folder`, built once for its content: the build is keyed by a hash of the
 * notebooks, the sources and the lockfile, so test files running in parallel processes (and
 * later runs, until something changes) reuse it. The first to take the lock builds; the others
 * wait for the finished folder. Treat the result as read-only.
 */
async function sharedBuild(folder: string): Promise<string> {
  const key = contentHash([folder, join(repository, "src"), join(repository, "package-lock.json")]);
  const home = join(tmpdir(), "codesign-notebook-test-builds", key);
  const site = join(home, "site");
  const lock = join(home, "lock");
  mkdirSync(home, { recursive: true });
  for (;;) {
    if (existsSync(site)) return site;
    try {
      mkdirSync(lock);
    } catch {
      // Another process is building; a lock older than 10 minutes was left by a killed run.
      if (Date.now() - statSync(lock).mtimeMs > 600_000)
        rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    try {
      const staging = join(home, `site-${process.pid}`);
      const { status, stderr } = cli("build", folder, "--out", staging);
      if (status !== 0) throw new Error(`build failed: ${stderr}`);
      renameSync(staging, site);
      return site;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

function contentHash(paths: string[]): string {
  const hash = createHash("sha256");
  const add = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) add(join(path, name));
    } else {
      hash.update(relative(repository, path)).update("\0").update(readFileSync(path));
    }
  };
  for (const path of paths) add(path);
  return hash.digest("hex").slice(0, 16);
}

/** Opens the page of notebook `name` (no `.md`) and waits until it has run and drawn a plot. */
export async function openPage(site: BuiltSite, name: string): Promise<Page> {
  const page = await site.browser.newPage();
  await page.goto(`${site.url}/${name}.html`);
  await page.waitForSelector("main[data-ready] svg");
  return page;
}
