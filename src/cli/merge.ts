import type { Command } from "commander";
import { UsageError } from "./usage-error.ts";

export function registerMerge(program: Command): void {
  program
    .command("merge")
    .description("combine sweep shard outputs into one table, in point order")
    .argument("<files...>", "shard outputs (.csv, .json or .arrow)")
    .requiredOption("--out <file>", "merged results: .csv, .json or .arrow")
    .option("--allow-missing", "write the merge even if some grid points are in no file")
    .action(async (files: string[], flags: { out: string; allowMissing?: boolean }) => {
      const { mergeSweepFiles } = await import("../engine/sweep/merge-sweeps.ts");
      const { SweepFileError, sweepFormat, writeSweepFile } = await import(
        "../engine/sweep/sweep-file.ts"
      );
      let merged: ReturnType<typeof mergeSweepFiles>;
      try {
        sweepFormat(flags.out);
        merged = mergeSweepFiles(files);
      } catch (error) {
        if (error instanceof SweepFileError || error instanceof Error)
          throw new UsageError(error.message);
        throw error;
      }
      if (merged.missing.length && !flags.allowMissing) {
        const shown = merged.missing.slice(0, 10).join(", ");
        throw new UsageError(
          `${merged.missing.length} grid points are in none of the files (${shown}${merged.missing.length > 10 ? ", ..." : ""}); run the missing shards, or pass --allow-missing`,
        );
      }
      const description = merged.description ?? {
        notebook: "",
        notebookSha256: "",
        grid: {},
        gridTotal: merged.rows.length,
        shard: null,
        interrupted: merged.missing.length > 0,
      };
      writeSweepFile(flags.out, merged.rows, { ...description, mergedFrom: files });
      process.stderr.write(
        `merge: wrote ${merged.rows.length} points from ${files.length} files to ${flags.out}\n`,
      );
    });
}
