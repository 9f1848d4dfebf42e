import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { type RunManifest, runManifest } from "../node/manifest.ts";
import { executeNotebook, type NotebookRun, prepareNotebook } from "../node/run-notebook.ts";
import { type NotebookSnapshots, takeSnapshots } from "../snapshot/take-snapshot.ts";
import { compilePage } from "../vite/compile-page.ts";
import { listNotebooks, type NotebookFile } from "../vite/notebook-files.ts";
import { pageHtml } from "../vite/page-html.ts";
import { bundlePage } from "./bundle-page.ts";
import { manifestPanel } from "./manifest-panel.ts";
import { swapFolder } from "./swap-folder.ts";
import { thumbnailPath, thumbnailSvg } from "./thumbnail.ts";

export interface BuildSiteOptions {
  /** Folder of notebooks. */
  notebooks: string;
  /** Output folder; replaced only once the whole site is built. */
  out: string;
  /** Inline each page's script and styles: one self-contained HTML file per notebook. */
  singleFile?: boolean;
  /** Per notebook, for its headless run. */
  timeoutMs?: number;
  gpu?: () => Promise<unknown>;
  onProgress?: (message: string) => void;
}

/** Notebooks whose headless run failed: each failure with its `file:line`. */
export class BuildFailedError extends Error {
  override name = "BuildFailedError";
  constructor(readonly failures: readonly string[]) {
    super(
      `the build stopped: ${failures.length} ${failures.length === 1 ? "cell failed" : "cells failed"}\n${failures.map((f) => `  ${f}`).join("\n")}`,
    );
  }
}

export interface BuiltPage {
  notebook: string;
  page: string;
  title: string;
}

/**
 * Builds a static report site: one page per notebook plus the index, each opening from any static
 * host and from file:// with no network. Every notebook first runs headless, so a report never
 * publishes a failing cell and carries a manifest of the run. The site is assembled beside the
 * output folder and moved into place at the end: a failed or interrupted build leaves the
 * previous site as it was.
 */
export async function buildSite(options: BuildSiteOptions): Promise<BuiltPage[]> {
  const root = resolve(options.notebooks);
  const out = resolve(options.out);
  const notebooks = listNotebooks(root);
  const progress = options.onProgress ?? (() => {});

  const runs = new Map<
    string,
    { run: NotebookRun; manifest: RunManifest; snapshots: NotebookSnapshots; thumbnail?: string }
  >();
  const failures: string[] = [];
  for (const notebook of notebooks) {
    progress(`running ${notebook.relative}`);
    const { run, manifest, snapshots } = await runHeadless(notebook, options);
    for (const cell of run.cells)
      for (const failure of cell.failures) failures.push(`${failure.location}: ${failure.message}`);
    for (const problem of run.problems)
      failures.push(`${run.path}:${problem.line}: ${problem.message}`);
    const thumbnail = thumbnailSvg(run);
    runs.set(notebook.relative, { run, manifest, snapshots, ...(thumbnail ? { thumbnail } : {}) });
  }
  if (failures.length) throw new BuildFailedError(failures);

  const staging = `${out}.building-${process.pid}`;
  removeStaleStaging(out);
  mkdirSync(staging, { recursive: true });
  const removeStaging = () => rmSync(staging, { recursive: true, force: true });
  process.once("exit", removeStaging);
  const built: BuiltPage[] = [];
  // The index shows each notebook's first plot: files in the site, or data: URLs in single files.
  const thumbnailUrl = (notebook: NotebookFile) => {
    const svg = runs.get(notebook.relative)?.thumbnail;
    if (!svg) return undefined;
    if (options.singleFile) return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
    return thumbnailPath(notebook.relative);
  };
  try {
    if (!options.singleFile) {
      for (const notebook of notebooks) {
        const svg = runs.get(notebook.relative)?.thumbnail;
        if (!svg) continue;
        mkdirSync(join(staging, "thumbnails"), { recursive: true });
        writeFileSync(join(staging, thumbnailPath(notebook.relative)), svg);
      }
    }
    for (const notebook of notebooks) {
      progress(`bundling ${notebook.relative}`);
      const { manifest } = runs.get(notebook.relative)!;
      // Measured cells carry the author's results, so the report shows them without a GPU.
      const { snapshots } = runs.get(notebook.relative)!;
      const pageData = Object.keys(snapshots.cells).length ? { snapshots } : undefined;
      const bundle = await bundlePage(root, notebook, staging, {
        pageData: () => pageData,
        thumbnailUrl,
      });
      const page = await compilePage(
        root,
        notebook,
        (specifier) => ({ url: specifier }),
        thumbnailUrl,
      );
      const pageFile = join(staging, notebook.page);
      const fromPage = (asset: string) =>
        relative(dirname(pageFile), join(staging, asset)).split("\\").join("/");
      const style = bundle.style;
      const code = options.singleFile
        ? {
            script: { inline: bundle.scriptText() },
            ...(style ? { style: { inline: bundle.styleText()! } } : {}),
          }
        : {
            script: { href: fromPage(bundle.script) },
            ...(style ? { style: { href: fromPage(style) } } : {}),
          };
      mkdirSync(dirname(pageFile), { recursive: true });
      writeFileSync(
        pageFile,
        pageHtml({
          title: page.transpiled.title,
          blocks: page.transpiled.blocks,
          code,
          ...(page.indexHref ? { indexHref: page.indexHref } : {}),
          footer: manifestPanel(
            manifest,
            `${notebook.page.replace(/\.html$/, "").replace(/\//g, "-")}.manifest.json`,
          ),
        }),
      );
      built.push({
        notebook: notebook.relative,
        page: notebook.page,
        title: page.transpiled.title,
      });
    }
    if (options.singleFile) rmSync(join(staging, "assets"), { recursive: true, force: true });
    if ([...runs.values()].some(({ run }) => run.adapter))
      await (await import("../../gpu/index.ts")).releaseDevice();
    swapFolder(staging, out);
  } catch (error) {
    removeStaging();
    throw error;
  } finally {
    process.off("exit", removeStaging);
  }
  return built;
}

/** Staging folders left by builds that were killed (their process is gone). */
function removeStaleStaging(out: string): void {
  const prefix = `${basename(out)}.building-`;
  const parent = dirname(out);
  if (!existsSync(parent)) return;
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (pid !== process.pid && isAlive(pid)) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function runHeadless(notebook: NotebookFile, options: BuildSiteOptions) {
  const source = readFileSync(notebook.file, "utf8");
  // Errors name the notebook as the author knows it: relative to the current folder.
  const path = relative(process.cwd(), notebook.file) || notebook.relative;
  const prepared = await prepareNotebook(source, path);
  const run = await executeNotebook(prepared, {
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.gpu ? { gpu: options.gpu } : {}),
  });
  const measured = new Map(
    prepared.transpiled.cells
      .filter((cell) => cell.measured)
      .map((cell) => [cell.id, { usedGpu: cell.inputs.includes("gpu") }]),
  );
  const parameters = Object.fromEntries(
    run.parameters.flatMap((name) => {
      const result = run.values.get(name);
      return result && "value" in result ? [[name, result.value]] : [];
    }),
  );
  const manifest = runManifest({
    path,
    source,
    parameters,
    ...(run.adapter ? { adapter: run.adapter } : {}),
    startedAt: run.startedAt,
    endedAt: run.endedAt,
  });
  return { run, manifest, snapshots: takeSnapshots(run, measured) };
}
