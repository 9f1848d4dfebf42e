// Publishing and reproducing (issue 6):
// 1. A sweep of a model-only notebook over 10,000 points: points per second in this thread, and
//    with 1 and 2 worker threads (the scaling from 1 to 2 workers; this machine has 2 cores).
// 2. Build time for all shipped notebooks, split into their headless runs and the bundling.
// 3. Time to interactive of each built report served locally, in headless Chromium: from
//    navigation until every cell has settled, against the index page (prose only) as baseline.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSite } from "../src/engine/build/build-site.ts";
import { parseGrid } from "../src/engine/sweep/grid.ts";
import { runSweep } from "../src/engine/sweep/run-sweep.ts";
import { listNotebooks } from "../src/engine/vite/notebook-files.ts";
import { launchChromium } from "../test/e2e/chromium.ts";
import { serveFolder } from "../test/e2e/static-server.ts";
import { printTable, quantile } from "./lib/measure.ts";

const work = mkdtempSync(join(tmpdir(), "cn-bench-publish-"));

async function sweepBenchmark(): Promise<void> {
  const path = join(work, "model.md");
  writeFileSync(
    path,
    `---
params:
  M: 1024
  tile: 64
---
\`\`\`js
import {getPreset, tiledGemmSeconds} from "codesign-notebook/hwmodels";
const hw = getPreset("h100-sxm");
\`\`\`
\`\`\`js
const seconds = tiledGemmSeconds({M, N: M, K: M, dtype: "fp16"}, {BM: tile, BN: tile, BK: 32, TM: 8, TN: 8}, hw);
const tflops = (2 * M ** 3) / seconds / 1e12;
\`\`\`
`,
  );
  const source = readFileSync(path, "utf8");
  const sizes = Array.from({ length: 5000 }, (_, i) => 256 + 16 * i);
  const grid = parseGrid([`M=${JSON.stringify(sizes)}`, "tile=64,128"]);
  const rows: Record<string, string | number>[] = [];
  const rate: Record<string, number> = {};
  const steadyRate: Record<string, number> = {};
  for (const workers of [0, 1, 2]) {
    // Startup (loading the engine and a DOM in each worker) is a fixed cost; the rate from the
    // first finished point on is what a longer sweep converges to.
    let firstDone = 0;
    const onProgress = ({ done }: { done: number }) => {
      if (done === 1) firstDone = performance.now();
    };
    const started = performance.now();
    const result = await runSweep({ path, source, grid, workers, onProgress });
    const finished = performance.now();
    const seconds = (result.endedAt.getTime() - result.startedAt.getTime()) / 1000;
    const label = workers === 0 ? "in this thread" : `${workers} worker${workers > 1 ? "s" : ""}`;
    rate[label] = result.rows.length / seconds;
    steadyRate[label] = (result.rows.length - 1) / ((finished - firstDone) / 1000);
    const failed = result.rows.filter((row) => !row.ok).length;
    rows.push({
      run: label,
      points: result.rows.length,
      failed,
      seconds,
      "seconds to first point": (firstDone - started) / 1000,
      "points/s": rate[label]!,
      "points/s after the first": steadyRate[label]!,
      "x in-thread": rate[label]! / rate["in this thread"]!,
    });
  }
  printTable("Sweep of a model-only notebook, 10,000 points (M x tile)", rows);
  const scaling = (rates: Record<string, number>) =>
    (rates["2 workers"]! / rates["1 worker"]!).toFixed(2);
  console.log(
    `scaling from 1 to 2 workers: ${scaling(rate)}x overall, ${scaling(steadyRate)}x after the first point`,
  );
}

async function buildBenchmark(): Promise<string> {
  const out = join(work, "site");
  const notebooks = join(import.meta.dirname, "../notebooks");
  const marks: [string, number][] = [];
  const start = performance.now();
  await buildSite({
    notebooks,
    out,
    onProgress: (message) => marks.push([message, performance.now()]),
  });
  const end = performance.now();
  const firstBundle = marks.find(([message]) => message.startsWith("bundling"))![1];
  const runs = marks.filter(([message]) => message.startsWith("running"));
  const rows = runs.map(([message, at], i) => ({
    step: message,
    seconds: ((runs[i + 1]?.[1] ?? firstBundle) - at) / 1000,
  }));
  rows.push({
    step: `bundling ${listNotebooks(notebooks).length} pages`,
    seconds: (end - firstBundle) / 1000,
  });
  rows.push({ step: "whole build", seconds: (end - start) / 1000 });
  printTable("Build of all shipped notebooks (npm run build)", rows);
  return out;
}

async function timeToInteractive(site: string): Promise<void> {
  const { server, url } = await serveFolder(site);
  const browser = await launchChromium();
  const pages = listNotebooks(join(import.meta.dirname, "../notebooks")).map(
    (notebook) => notebook.page,
  );
  const results: Record<string, number[]> = {};
  try {
    for (let round = 0; round < 5; round++) {
      for (const page of pages) {
        const tab = await browser.newPage();
        await tab.goto(`${url}/${page}`);
        // Interactive: the page has mounted and no cell is still computing.
        await tab.waitForFunction(
          () =>
            document.querySelector("main[data-ready]") &&
            document.querySelectorAll(".cn-pending").length === 0,
          undefined,
          { timeout: 60_000, polling: 10 },
        );
        const ms = await tab.evaluate(() => performance.now());
        results[page] = [...(results[page] ?? []), ms];
        await tab.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  const median = (values: number[]) =>
    quantile(
      [...values].sort((a, b) => a - b),
      0.5,
    );
  const baseline = median(results["index.html"]!);
  printTable(
    "Time to interactive of built reports, served locally, headless Chromium (median of 5)",
    pages.map((page) => ({
      page,
      ms: median(results[page]!),
      "x index page": median(results[page]!) / baseline,
    })),
  );
}

await sweepBenchmark();
const site = await buildBenchmark();
await timeToInteractive(site);
