import { existsSync, readFileSync, statSync } from "node:fs";
import type { Command } from "commander";
import type { NotebookRun } from "../engine/node/run-notebook.ts";
import type { RunResultJson } from "../engine/node/run-result-json.ts";
import { collect, parseSets } from "./parse-set.ts";
import { UsageError } from "./usage-error.ts";

interface RunFlags {
  set: string[];
  replay?: string;
  json?: boolean;
  out?: string;
  timeout: string;
}

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("run a notebook headless and print every top-level value")
    .argument("<notebook>", "the notebook's .md file")
    .option(
      "--set <name=value>",
      "override a param or a declared name (repeatable); JSON when it parses, else a string",
      collect,
      [],
    )
    .option(
      "--replay <manifest.json>",
      "re-run with a manifest's parameters and say what differs in the environment",
    )
    .option("--json", "print one JSON object: {notebook, values, cells, manifest}")
    .option(
      "--out <dir>",
      "also write result.json, every plot as SVG and PNG, every table as CSV, JSON and Arrow",
    )
    .option("--timeout <seconds>", "fail cells still running after this long", "300")
    .addHelpText(
      "after",
      "\nExit status: 0 when every cell ran, 1 when any cell failed, 2 for bad usage.\n" +
        "Example: codesign-notebook run notebooks/intro.md --set n=64 --json",
    )
    .action(async (path: string, flags: RunFlags) => {
      const source = readNotebook(path);
      const replay = flags.replay ? await readReplay(flags.replay) : undefined;
      // --set wins over the manifest, so a replay can vary one parameter on purpose.
      const overrides = { ...replay?.parameters, ...parseSets(flags.set) };
      const timeoutMs = Number(flags.timeout) * 1000;
      if (!(timeoutMs > 0))
        throw new UsageError(`--timeout ${flags.timeout}: expected a positive number of seconds`);
      // Loaded here, not at the top: --help and usage errors should not wait for jsdom and Plot.
      const { runNotebook, UnknownOverrideError } = await import("../engine/node/run-notebook.ts");
      const { runManifest } = await import("../engine/node/manifest.ts");
      const { runResultJson } = await import("../engine/node/run-result-json.ts");
      const { writeRunOutputs } = await import("../engine/node/write-run-outputs.ts");
      let run: NotebookRun;
      try {
        run = await runNotebook(source, path, { overrides, timeoutMs });
      } catch (error) {
        if (error instanceof UnknownOverrideError) throw new UsageError(error.message);
        throw error;
      }
      const manifest = runManifest({
        path,
        source,
        parameters: parametersOf(run),
        ...(run.adapter ? { adapter: run.adapter } : {}),
        startedAt: run.startedAt,
        endedAt: run.endedAt,
      });
      const result: RunResultJson & { replay?: unknown } = runResultJson(run, manifest);
      if (replay) {
        const { manifestDifferences } = await import("../engine/node/replay.ts");
        const differences = manifestDifferences(replay, manifest);
        result.replay = { manifest: flags.replay, differences };
        process.stderr.write(
          differences.length
            ? `replay: differs from ${flags.replay}:\n${differences.map((d) => `  ${d.what}: ${d.was} -> ${d.now}`).join("\n")}\n`
            : `replay: same notebook and environment as ${flags.replay}\n`,
        );
      }
      if (flags.out) await writeRunOutputs(flags.out, run, result);
      process.stdout.write(flags.json ? `${JSON.stringify(result)}\n` : humanReport(result));
      process.exitCode = result.ok ? 0 : 1;
      // Dawn keeps the process alive while a device is held.
      if (run.adapter) await (await import("../gpu/index.ts")).releaseDevice();
    });
}

/** Reads a manifest to replay, or explains why it cannot (exit 2). */
async function readReplay(path: string) {
  const { readManifest } = await import("../engine/node/replay.ts");
  try {
    return readManifest(path);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Reads the notebook, or explains why it cannot (exit 2). */
export function readNotebook(path: string): string {
  if (!existsSync(path)) throw new UsageError(`${path}: no such notebook file`);
  if (statSync(path).isDirectory())
    throw new UsageError(`${path}: is a folder; give a notebook's .md file`);
  return readFileSync(path, "utf8");
}

/** The run's parameter values (params, inputs, --set names), for the manifest and --replay. */
function parametersOf(run: NotebookRun): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  for (const name of run.parameters) {
    const result = run.values.get(name);
    if (result && "value" in result) parameters[name] = result.value;
  }
  return parameters;
}

function humanReport(result: RunResultJson): string {
  const lines = [`${result.title} (${result.notebook})`];
  for (const [name, value] of Object.entries(result.values))
    lines.push(`  ${name} = ${summarize(value)}`);
  const failures = result.cells.flatMap((cell) => cell.errors);
  for (const problem of result.problems)
    failures.push({ message: problem.message, location: `${result.notebook}:${problem.line}` });
  if (failures.length) {
    lines.push("errors:");
    for (const failure of failures) lines.push(`  ${failure.location}  ${failure.message}`);
  }
  for (const notice of result.notices) lines.push(`note: ${notice}`);
  return `${lines.join("\n")}\n`;
}

function summarize(value: unknown): string {
  const typed = value as {
    type?: string;
    error?: string;
    numRows?: number;
    columns?: string[];
    length?: number;
  };
  if (typed && typeof typed === "object" && !Array.isArray(typed)) {
    if (typed.error !== undefined) return `error: ${typed.error}`;
    if (typed.type === "table")
      return `table, ${typed.numRows} rows x ${typed.columns?.length} columns (${typed.columns?.join(", ")})`;
    if (typed.type === "svg" || typed.type === "figure") return "plot (SVG)";
  }
  const text = JSON.stringify(value);
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}
