import type { Command } from "commander";
import { collect } from "./parse-set.ts";
import { progressReporter } from "./progress.ts";
import { readNotebook } from "./run.ts";
import { UsageError } from "./usage-error.ts";

interface SweepFlags {
  grid: string[];
  workers?: string;
  shard?: string;
  out: string;
  timeout: string;
}

export function registerSweep(program: Command): void {
  program
    .command("sweep")
    .description("run a notebook once per point of a parameter grid, in parallel")
    .argument("<notebook>", "the notebook's .md file")
    .option(
      "--grid <name=v1,v2,...>",
      "an axis of the grid (repeatable); values are JSON when they parse, name=[...] for a JSON array",
      collect,
      [],
    )
    .option("--workers <n>", "worker threads (default: the number of CPUs)")
    .option("--shard <i/N>", "run only shard i (0-based) of N: points i, i+N, i+2N, ...")
    .requiredOption("--out <file>", "results: .csv, .json (with the sweep's description) or .arrow")
    .option("--timeout <seconds>", "per point: fail cells still running after this long", "300")
    .addHelpText(
      "after",
      "\nEach row holds the point's index, its parameters, the notebook's scalar values (and the\n" +
        "scalar fields of plain objects, as name.field), ok and error. A point whose cells fail is\n" +
        "recorded with its error and the sweep goes on. Interrupted (Ctrl-C), the points finished\n" +
        "so far are written. Shards merge back with `codesign-notebook merge`.\n" +
        "Example: codesign-notebook sweep nb.md --grid tile=32,64,128 --grid l2=16MiB,32MiB --out r.csv",
    )
    .action(async (path: string, flags: SweepFlags) => {
      const source = readNotebook(path);
      const { gridSize, parseGrid, parseShard } = await import("../engine/sweep/grid.ts");
      const { runSweep } = await import("../engine/sweep/run-sweep.ts");
      const { sweepFormat, writeSweepFile } = await import("../engine/sweep/sweep-file.ts");
      const { UnknownOverrideError } = await import("../engine/node/run-notebook.ts");
      const { runManifest, sha256 } = await import("../engine/node/manifest.ts");

      let grid: ReturnType<typeof parseGrid>;
      let shard: ReturnType<typeof parseShard> | undefined;
      try {
        grid = parseGrid(flags.grid);
        shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
        sweepFormat(flags.out);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const workers = flags.workers === undefined ? undefined : Number(flags.workers);
      if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0)) {
        throw new UsageError(
          `--workers ${flags.workers}: expected a whole number (0 runs in this thread)`,
        );
      }

      const progress = progressReporter(
        shard ? `sweep shard ${shard.index}/${shard.count}` : "sweep",
      );
      const interrupt = new AbortController();
      const onSignal = () => interrupt.abort();
      // Every Ctrl-C (not just the first) stops the sweep gently: the finished points are kept.
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      let result: Awaited<ReturnType<typeof runSweep>>;
      try {
        result = await runSweep({
          path,
          source,
          grid,
          ...(shard ? { shard } : {}),
          ...(workers !== undefined ? { workers } : {}),
          timeoutMs: Number(flags.timeout) * 1000,
          signal: interrupt.signal,
          onProgress: ({ done, failed, total }) =>
            progress.update(done, total, failed ? `(${failed} failed)` : ""),
        });
      } catch (error) {
        if (error instanceof UnknownOverrideError) throw new UsageError(error.message);
        throw error;
      } finally {
        progress.stop();
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }

      const manifest = runManifest({
        path,
        source,
        parameters: {},
        startedAt: result.startedAt,
        endedAt: result.endedAt,
      });
      writeSweepFile(flags.out, result.rows, {
        notebook: path,
        notebookSha256: sha256(source),
        grid: Object.fromEntries(grid.axes.map((axis) => [axis.name, axis.values])),
        gridTotal: gridSize(grid),
        shard: shard ?? null,
        interrupted: result.interrupted,
        manifest,
      });
      const failed = result.rows.filter((row) => !row.ok).length;
      const summary = `${result.rows.length} of ${result.total} points${failed ? `, ${failed} failed` : ""}`;
      if (result.interrupted) {
        process.stderr.write(`sweep interrupted: wrote ${summary} to ${flags.out}\n`);
        process.exitCode = 130;
      } else {
        process.stderr.write(`sweep: wrote ${summary} to ${flags.out}\n`);
        process.exitCode = failed ? 1 : 0;
      }
    });
}
