import type { Command } from "commander";
import {
  type DerivedFigures,
  deriveFigures,
  formatQuantity,
  getPreset,
  type HardwareSpec,
  hardwareSpecJsonSchema,
  parseHardwareSpec,
  presetIds,
  UnknownPresetError,
  uncitedFacts,
  ValidationError,
} from "../hwmodels/index.ts";
import { readJsonFile } from "./read-json-file.ts";
import { UsageError } from "./usage-error.ts";

/**
 * `hw list`, `hw show <id|file.json>`, `hw validate <file.json...>`, `hw schema`: the hardware
 * presets and spec files, validated, with derived figures (peaks, ridge points, capacities).
 */
export function registerHw(program: Command): void {
  const hw = program
    .command("hw")
    .description("Hardware specs: presets, derived figures, validation.");

  hw.command("list")
    .description("List the hardware presets.")
    .option("--json", "print JSON")
    .action((options: { json?: boolean }) => {
      const rows = presetIds.map((id) => summaryOf(getPreset(id)));
      if (options.json) return printJson(rows);
      const flops = (value: number | null) =>
        value === null ? "-" : formatQuantity(value, "flopsPerSecond");
      printTable(
        ["id", "name", "fp16 peak", "fp32 peak", "memory bandwidth"],
        rows.map((row) => [
          row.id,
          row.name,
          flops(row.fp16FlopsPerSecond),
          flops(row.fp32FlopsPerSecond),
          formatQuantity(row.memoryBytesPerSecond, "bytesPerSecond"),
        ]),
      );
    });

  hw.command("show")
    .description(
      "Show a preset (by id) or a spec file (path ending in .json), with derived figures.",
    )
    .argument("<id-or-file>", `a preset id (${presetIds.join(", ")}) or a spec file`)
    .option("--json", "print JSON: the validated spec (base units) plus a derived block")
    .action((target: string, options: { json?: boolean }) => {
      const spec = loadSpec(target);
      const derived = deriveFigures(spec);
      if (options.json) return printJson({ ...spec, derived });
      process.stdout.write(describe(spec, derived));
    });

  hw.command("validate")
    .description("Validate spec files; exit status 2 listing every bad field.")
    .argument("<files...>", "spec files (JSON)")
    .action((files: string[]) => {
      const failures: string[] = [];
      for (const file of files) {
        try {
          const spec = parseHardwareSpec(readJsonFile(file), file);
          process.stdout.write(`ok ${file} (${spec.id})\n`);
          const uncited = uncitedFacts(spec);
          if (uncited.length) {
            process.stdout.write(`  note: no source covers ${uncited.join(", ")}\n`);
          }
        } catch (error) {
          if (!(error instanceof ValidationError || error instanceof UsageError)) throw error;
          failures.push(error.message);
        }
      }
      if (failures.length) throw new UsageError(failures.join("\n"));
    });

  hw.command("schema")
    .description("Print the JSON Schema of a spec file, for editors.")
    .action(() => printJson(hardwareSpecJsonSchema()));
}

/** A preset id, or a path to a spec file (anything ending in .json or containing a slash). */
function loadSpec(target: string): HardwareSpec {
  try {
    if (target.endsWith(".json") || target.includes("/")) {
      return parseHardwareSpec(readJsonFile(target), target);
    }
    return getPreset(target);
  } catch (error) {
    if (error instanceof UnknownPresetError || error instanceof ValidationError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}

interface PresetSummary {
  id: string;
  name: string;
  vendor: string | null;
  /** On the matrix units where the spec has them, else the vector units; null if not stated. */
  fp16FlopsPerSecond: number | null;
  fp32FlopsPerSecond: number | null;
  memoryBytesPerSecond: number;
}

function summaryOf(spec: HardwareSpec): PresetSummary {
  const derived = deriveFigures(spec);
  const peak = (precision: "fp16" | "fp32") =>
    derived.peakFlopsPerSecond.matrix?.[precision] ??
    derived.peakFlopsPerSecond.vector?.[precision] ??
    null;
  return {
    id: spec.id,
    name: spec.name,
    vendor: spec.vendor ?? null,
    fp16FlopsPerSecond: peak("fp16"),
    fp32FlopsPerSecond: peak("fp32"),
    memoryBytesPerSecond: derived.deviceMemory.bytesPerSecond,
  };
}

function describe(spec: HardwareSpec, derived: DerivedFigures): string {
  const lines: string[] = [`${spec.id}: ${spec.name}`];
  const about = [spec.vendor, spec.architecture].filter(Boolean).join(", ");
  if (about) lines.push(about);
  const clock = spec.clock;
  if (clock) {
    const domains = Object.entries(clock.domainsHz ?? {}).map(
      ([name, hz]) => `${name} ${formatQuantity(hz, "hz")}`,
    );
    lines.push(
      `clock ${formatQuantity(clock.hz, "hz")}${domains.length ? ` (${domains.join(", ")})` : ""}`,
    );
  }
  if (spec.computeUnits) {
    const { count, name = "compute unit" } = spec.computeUnits;
    lines.push(`${count} ${name}${count === 1 ? "" : "s"}`);
  }

  lines.push("", `peaks (ridge point vs ${derived.deviceMemory.name} in FLOP/byte)`);
  const peakRows: string[][] = [];
  for (const unit of ["matrix", "vector"] as const) {
    for (const [precision, flops] of Object.entries(derived.peakFlopsPerSecond[unit] ?? {})) {
      const ridge = derived.ridgePointFlopsPerByte[unit]?.[precision as "fp16"] ?? 0;
      // Integer peaks count operations, not floating-point ones.
      const peak = formatQuantity(flops, "flopsPerSecond").replace(
        "FLOP/s",
        precision.startsWith("int") ? "OP/s" : "FLOP/s",
      );
      peakRows.push([unit, precision, peak, ridge.toFixed(1)]);
    }
  }
  lines.push(...table(["unit", "precision", "peak", "ridge"], peakRows));

  lines.push("", "memory (nearest first)");
  lines.push(
    ...table(
      ["level", "kind", "scope", "capacity", "total", "bandwidth", "latency"],
      derived.levels.map((level) => [
        level.name,
        level.kind,
        level.scope,
        level.bytesPerCopy === null
          ? "-"
          : formatQuantity(level.bytesPerCopy, "bytes", { binary: level.kind !== "memory" }),
        level.totalBytes === null
          ? "-"
          : formatQuantity(level.totalBytes, "bytes", { binary: level.kind !== "memory" }),
        level.bytesPerSecond === null
          ? "-"
          : formatQuantity(level.bytesPerSecond, "bytesPerSecond"),
        level.latencySeconds === null ? "-" : formatQuantity(level.latencySeconds, "seconds"),
      ]),
    ),
  );
  if (spec.limits) {
    lines.push("", "limits");
    for (const [name, value] of Object.entries(spec.limits)) {
      const shown = name.includes("Bytes")
        ? formatQuantity(value, "bytes", { binary: true })
        : String(value);
      lines.push(`  ${name} ${shown}`);
    }
  }
  lines.push("", "sources");
  for (const source of spec.sources) {
    lines.push(`  [${source.id}] ${source.title}${source.url ? ` <${source.url}>` : ""}`);
    if (source.adapter) lines.push(`    measured on ${source.adapter}`);
  }
  return `${lines.join("\n")}\n`;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => row[i]!.length)),
  );
  const line = (cells: string[]) =>
    `  ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join("  ")}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

function printTable(header: string[], rows: string[][]): void {
  process.stdout.write(`${table(header, rows).join("\n")}\n`);
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
