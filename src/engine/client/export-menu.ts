import { type Exportable, exportable, svgFile } from "../export/exportable.ts";

/**
 * A small "Export" menu on a cell that shows a plot (SVG, PNG) or a table (CSV, JSON, Arrow),
 * so a reader can take a figure or the numbers behind it into a paper or another tool.
 */
export function addExportMenu(cell: HTMLElement, value: unknown, fileStem: string): void {
  const item = exportable(value);
  if (!item) return;
  cell.querySelector(":scope > .cn-export")?.remove();
  const menu = document.createElement("details");
  menu.className = "cn-export";
  const summary = document.createElement("summary");
  summary.textContent = "Export";
  summary.title = item.kind === "plot" ? "Download this plot" : "Download this table";
  menu.append(summary);
  const formats =
    item.kind === "plot" ? (["svg", "png"] as const) : (["csv", "json", "arrow"] as const);
  for (const format of formats) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = format.toUpperCase();
    button.addEventListener("click", async () => {
      menu.open = false;
      download(await fileFor(item, format), `${fileStem}.${format}`);
    });
    menu.append(button);
  }
  cell.append(menu);
}

async function fileFor(item: Exportable, format: string): Promise<Blob> {
  if (item.kind === "plot") {
    const svg = new Blob([svgFile(item.svg)], { type: "image/svg+xml" });
    return format === "svg" ? svg : rasterize(svg, item.svg);
  }
  // arquero and the writers load on first export, not with every page.
  const { tableFile, tableOf } = await import("../export/table-file.ts");
  const content = tableFile(tableOf(item), format as "csv" | "json" | "arrow");
  const type = {
    csv: "text/csv",
    json: "application/json",
    arrow: "application/vnd.apache.arrow.file",
  }[format];
  return new Blob([content as BlobPart], { type });
}

/** The plot at twice its size, on white, as the browser draws it. */
async function rasterize(svg: Blob, element: SVGSVGElement): Promise<Blob> {
  const url = URL.createObjectURL(svg);
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const box = element.getBoundingClientRect();
    const width = Math.ceil((box.width || image.width) * 2);
    const height = Math.ceil((box.height || image.height) * 2);
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext("2d")!;
    context.fillStyle = "white";
    context.fillRect(0, 0, width, height);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error("could not encode the PNG"))),
        "image/png",
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
