// Engine benchmarks (issue 2):
// 1. Slider-to-plot latency in headless Chromium for a notebook whose plot has 10,000 points,
//    p50 and p95 over 100 input changes, against a baseline page that wires the same runtime and
//    Plot by hand with no engine. Both are production builds served locally; reported as a ratio.
//    SVG dots and canvas drawing are both measured: for big point clouds the rendering choice,
//    not the engine, sets the latency.
// 2. Parse + transpile of a 200-cell notebook, against markdown-it parsing the same text alone.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import MarkdownIt from "markdown-it";
import { build } from "vite";
import { buildSite } from "../src/engine/build/build-site.ts";
import { packageRoot } from "../src/engine/package-root.ts";
import { parseNotebook } from "../src/engine/parse/parse-notebook.ts";
import { transpileNotebook } from "../src/engine/transpile-notebook.ts";
import { launchChromium } from "../test/e2e/chromium.ts";
import { serveFolder } from "../test/e2e/static-server.ts";
import { baselinePage, scatterNotebook } from "./engine/scatter-notebook.ts";
import { sliderLatencies } from "./engine/slider-latency.ts";
import { measure, printTable, quantile } from "./lib/measure.ts";

const POINTS = 10_000;
const CHANGES = 100;

async function buildPages(mode: "svg" | "canvas"): Promise<string> {
  // Inside this package, so the baseline's bare imports resolve from its node_modules.
  const cache = join(packageRoot, "node_modules/.cache");
  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(cache, `cn-bench-${mode}-`));
  const notebooks = join(work, "notebooks");
  mkdirSync(notebooks);
  writeFileSync(join(notebooks, "scatter.md"), scatterNotebook(POINTS, mode));
  const site = join(work, "site");
  await buildSite({ notebooks, out: site });
  // The baseline is built by plain Vite into the same site, resolving packages from this repo.
  const baseline = join(work, "baseline");
  mkdirSync(baseline);
  const page = baselinePage(POINTS, mode);
  writeFileSync(join(baseline, "index.html"), page.html);
  writeFileSync(join(baseline, "baseline.js"), page.js);
  await build({
    root: baseline,
    base: "./",
    configFile: false,
    logLevel: "error",
    build: { outDir: join(site, "baseline"), emptyOutDir: true },
    cacheDir: join(packageRoot, "node_modules/.vite-bench"),
  });
  return site;
}

async function sliderBenchmark(): Promise<void> {
  const browser = await launchChromium();
  const rows: Record<string, string | number>[] = [];
  try {
    for (const mode of ["svg", "canvas"] as const) {
      const site = await buildPages(mode);
      const { server, url } = await serveFolder(site);
      const results: Record<string, number[]> = {};
      const toDom: Record<string, number[]> = {};
      // Interleave the two pages in rounds so background load affects both alike.
      for (let round = 0; round < 4; round++) {
        for (const [name, path] of [
          ["engine", "scatter.html"],
          ["baseline", "baseline/index.html"],
        ] as const) {
          const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
          await page.goto(`${url}/${path}`);
          await page.waitForSelector("main[data-ready] svg, main[data-ready] canvas");
          await sliderLatencies(page, 5); // warm-up
          const measured = await sliderLatencies(page, CHANGES / 4);
          results[name] = [...(results[name] ?? []), ...measured.latencies];
          toDom[name] = [...(toDom[name] ?? []), ...measured.toDom];
          await page.close();
        }
      }
      server.close();
      const summary = (name: string) => {
        const sorted = [...results[name]!].sort((a, b) => a - b);
        const dom = [...toDom[name]!].sort((a, b) => a - b);
        return {
          p50: quantile(sorted, 0.5),
          p95: quantile(sorted, 0.95),
          dom50: quantile(dom, 0.5),
        };
      };
      const engine = summary("engine");
      const baseline = summary("baseline");
      rows.push({
        plot: `${POINTS} points, ${mode}`,
        "engine p50 ms": engine.p50,
        "engine p95 ms": engine.p95,
        "baseline p50 ms": baseline.p50,
        "baseline p95 ms": baseline.p95,
        "p50 ratio": engine.p50 / baseline.p50,
        "p95 ratio": engine.p95 / baseline.p95,
        "to DOM p50 ms, engine / baseline": `${engine.dom50.toFixed(1)} / ${baseline.dom50.toFixed(1)}`,
      });
    }
  } finally {
    await browser.close();
  }
  printTable(
    `Slider to plot, headless Chromium, ${CHANGES} input changes each (goal: ratio <= 1.2)`,
    rows,
  );
}

/** A notebook of `cells` chained cells; `salt` changes the source of the cells it is given for. */
function notebookOf(cells: number, salt: (i: number) => string = () => ""): string {
  const parts = ["---\ntitle: Big\nparams:\n  n: 8\n---\n\n# A notebook of many cells\n"];
  for (let i = 0; i < cells; i++) {
    const previous = i === 0 ? "n" : `v${i - 1}`;
    parts.push(`Cell ${i} computes *v${i}* from the one before: \${v${i}}.\n`);
    const code =
      i % 4 === 3
        ? `\`\`\`ts\nconst v${i}: number = ${previous} + Math.sqrt(${i});${salt(i)}\n\`\`\`\n`
        : `\`\`\`js\nconst v${i} = (${previous} * 1.5) % 1000 + [${i}, ${i + 1}].reduce((a, b) => a + b, 0);${salt(i)}\n\`\`\`\n`;
    parts.push(code);
  }
  return parts.join("\n");
}

async function parseBenchmark(): Promise<void> {
  const source = notebookOf(200);
  const markdown = new MarkdownIt({ html: true });
  const transpile = (text: string) =>
    transpileNotebook(parseNotebook(text, "big.md"), (s) => ({ url: s }));
  const markdownOnly = await measure(() => markdown.render(source), { minRuns: 20 });
  // Cold: every cell's source is new (a fresh salt each run), as on a first load.
  let run = 0;
  const cold = await measure(() => transpile(notebookOf(200, () => ` // ${run++}`)), {
    minRuns: 10,
  });
  // Hot reload: one cell edited, the others as before, which the per-source cache keeps.
  const edited = await measure(
    () => transpile(notebookOf(200, (i) => (i === 100 ? ` // ${run++}` : ""))),
    { minRuns: 20 },
  );
  const row = (step: string, timing: { median: number; min: number }) => ({
    step,
    "median ms": timing.median * 1e3,
    "min ms": timing.min * 1e3,
    "x baseline": timing.median / markdownOnly.median,
  });
  printTable(
    "Parse + transpile of a 200-cell notebook (50 ts cells; 400 cells with its inline expressions)",
    [
      row("markdown-it render alone (baseline)", markdownOnly),
      row("parse + transpile, first load (all cells new)", cold),
      row("parse + transpile after editing one cell", edited),
    ],
  );
}

await parseBenchmark();
await sliderBenchmark();
