import { exportable, svgFile } from "../export/exportable.ts";
import type { NotebookRun } from "../node/run-notebook.ts";

/**
 * A notebook's picture for the index: the first plot its headless run displayed (in cell
 * order), as a standalone SVG file; undefined when it shows no plot.
 */
export function thumbnailSvg(run: NotebookRun): string | undefined {
  for (const cell of run.cells) {
    for (const value of cell.displays) {
      const item = exportable(value);
      if (item?.kind === "plot") return svgFile(item.svg);
    }
  }
  return undefined;
}

/** Where a notebook's thumbnail goes in a built site, relative to the site's root. */
export function thumbnailPath(relative: string): string {
  return `thumbnails/${relative.replace(/\.md$/, "").replace(/[^\w-]+/g, "-")}.svg`;
}
