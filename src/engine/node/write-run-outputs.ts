import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createCanvas, loadImage } from "@napi-rs/canvas";
import { exportable, svgFile } from "../export/exportable.ts";
import { tableFile, tableOf } from "../export/table-file.ts";
import type { NotebookRun } from "./run-notebook.ts";
import type { RunResultJson } from "./run-result-json.ts";

/**
 * `run --out <dir>`: `result.json`, then every plot as `<name>.svg` and `<name>.png`, and every
 * table as `<name>.csv`, `.json` and `.arrow`. Named values use their name; what an unnamed cell
 * displayed uses `cell-<line>`. Returns the files written.
 */
export async function writeRunOutputs(
  folder: string,
  run: NotebookRun,
  result: RunResultJson,
): Promise<string[]> {
  mkdirSync(folder, { recursive: true });
  const written: string[] = [];
  const write = (file: string, content: string | Uint8Array) => {
    const path = join(folder, file);
    writeFileSync(path, content);
    written.push(path);
  };
  write("result.json", `${JSON.stringify(result, null, 2)}\n`);

  const items: [string, unknown][] = [];
  for (const [name, value] of run.values) if ("value" in value) items.push([name, value.value]);
  for (const cell of run.cells) {
    if (cell.outputs.length) continue;
    for (const [i, value] of cell.displays.entries())
      items.push([`cell-${cell.line}${i ? `-${i + 1}` : ""}`, value]);
  }
  const exported = new Set<unknown>();
  for (const [name, value] of items) {
    // A cell that displays a named table or plot shows the same object: export it once.
    if (exported.has(value)) continue;
    exported.add(value);
    const item = exportable(value);
    if (item?.kind === "plot") {
      const svg = svgFile(item.svg);
      write(`${name}.svg`, svg);
      write(`${name}.png`, await svgToPng(svg));
    } else if (item) {
      const table = tableOf(item);
      for (const format of ["csv", "json", "arrow"] as const)
        write(`${name}.${format}`, tableFile(table, format));
    }
  }
  return written;
}

/** Rasterizes an SVG at twice its size, on white (Skia's SVG renderer, via @napi-rs/canvas). */
async function svgToPng(svg: string): Promise<Buffer> {
  const image = await loadImage(Buffer.from(svg));
  const canvas = createCanvas(Math.max(1, image.width * 2), Math.max(1, image.height * 2));
  const context = canvas.getContext("2d");
  context.fillStyle = "white";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas.encode("png");
}
