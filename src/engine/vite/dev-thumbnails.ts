import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Connect } from "vite";
import type { NotebookFile } from "./notebook-files.ts";

export const THUMBNAIL_URL = "/@codesign-notebook/thumbnail/";

/** What a notebook with no plot shows: an empty, transparent picture. */
const EMPTY = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>';

/**
 * Serves the index's thumbnails in the dev server: each notebook runs headless on first request
 * (one at a time, in the background of page loads, since images load after the page) and its
 * first plot is kept until the notebook's source changes.
 */
export function thumbnailMiddleware(root: string): Connect.NextHandleFunction {
  const cache = new Map<string, Promise<string>>();
  let queue: Promise<unknown> = Promise.resolve();
  const thumbnailOf = (file: string): Promise<string> => {
    const source = readFileSync(file, "utf8");
    const key = `${file}\0${createHash("sha256").update(source).digest("hex")}`;
    let thumbnail = cache.get(key);
    if (!thumbnail) {
      thumbnail = queue.then(async () => {
        const { runNotebook } = await import("../node/run-notebook.ts");
        const { thumbnailSvg } = await import("../build/thumbnail.ts");
        const run = await runNotebook(source, file, { timeoutMs: 120_000 });
        if (run.adapter) await (await import("../../gpu/index.ts")).releaseDevice();
        return thumbnailSvg(run) ?? EMPTY;
      });
      queue = thumbnail.catch(() => undefined);
      cache.set(key, thumbnail);
    }
    return thumbnail;
  };
  return (request, response, next) => {
    if (!request.url?.startsWith(THUMBNAIL_URL)) return next();
    const relative = decodeURIComponent(
      request.url.slice(THUMBNAIL_URL.length).split("?")[0]!,
    ).replace(/\.svg$/, "");
    const file = resolve(root, relative);
    if (!file.startsWith(root) || !file.endsWith(".md")) return next();
    thumbnailOf(file).then(
      (svg) => {
        response.setHeader("Content-Type", "image/svg+xml");
        response.setHeader("Cache-Control", "no-cache");
        response.end(svg);
      },
      () => {
        response.setHeader("Content-Type", "image/svg+xml");
        response.end(EMPTY);
      },
    );
  };
}

export function devThumbnailUrl(notebook: NotebookFile): string {
  return `${THUMBNAIL_URL}${encodeURIComponent(notebook.relative)}.svg`;
}
