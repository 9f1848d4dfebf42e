import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunResultJson } from "./run-result-json.ts";

/** Writes `result.json` and each plot as `<name>.svg` (or `cell-<line>.svg` for unnamed cells). */
export function writeRunOutputs(folder: string, result: RunResultJson): string[] {
  mkdirSync(folder, { recursive: true });
  const written = [join(folder, "result.json")];
  writeFileSync(written[0]!, `${JSON.stringify(result, null, 2)}\n`);
  const save = (name: string, value: unknown) => {
    const svg = svgOf(value);
    if (!svg) return;
    const file = join(folder, `${name}.svg`);
    writeFileSync(file, svg);
    written.push(file);
  };
  for (const [name, value] of Object.entries(result.values)) save(name, value);
  for (const cell of result.cells) {
    if (cell.outputs.length) continue;
    for (const [i, value] of cell.displays.entries())
      save(`cell-${cell.line}${i ? `-${i + 1}` : ""}`, value);
  }
  return written;
}

function svgOf(value: unknown): string | undefined {
  const typed = value as { type?: string; svg?: string; html?: string } | null;
  if (typed?.type === "svg") return typed.svg;
  if (typed?.type === "figure") {
    // Keep the chart itself; the figure's title and legend are HTML around it.
    const match = /<svg[\s\S]*<\/svg>/.exec(typed.html ?? "");
    return match?.[0];
  }
  return undefined;
}
