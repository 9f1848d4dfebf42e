import type { Command } from "commander";
import { requireFolder } from "./dev.ts";
import { UsageError } from "./usage-error.ts";

export function registerBuild(program: Command): void {
  program
    .command("build")
    .description("build a folder of notebooks into a static report site")
    .argument("[dir]", "folder of notebooks", "notebooks")
    .requiredOption("--out <dir>", "output folder (replaced only when the whole build succeeds)")
    .option(
      "--single-file",
      "one self-contained HTML file per notebook (scripts and styles inlined)",
    )
    .option("--timeout <seconds>", "per notebook: fail cells still running after this long", "300")
    .addHelpText(
      "after",
      "\nEvery notebook runs headless first: a failing cell stops the build with its file and line\n" +
        "(exit 1) and the output folder is left as it was. Pages open from any static host and\n" +
        "from file://, with no network; sliders recompute in the reader's browser.",
    )
    .action(async (dir: string, flags: { out: string; singleFile?: boolean; timeout: string }) => {
      requireFolder(dir);
      const { listNotebooks } = await import("../engine/vite/notebook-files.ts");
      if (listNotebooks(dir).length === 0)
        throw new UsageError(`${dir}: no notebooks (.md files) to build`);
      const { BuildFailedError, buildSite } = await import("../engine/build/build-site.ts");
      // Ctrl-C: exit through process.exit, so the build removes its half-built folder.
      const interrupted = () => {
        process.stderr.write("build interrupted: the output folder is unchanged\n");
        process.exit(130);
      };
      process.once("SIGINT", interrupted);
      process.once("SIGTERM", interrupted);
      try {
        const pages = await buildSite({
          notebooks: dir,
          out: flags.out,
          singleFile: flags.singleFile ?? false,
          timeoutMs: Number(flags.timeout) * 1000,
          onProgress: (message) => process.stderr.write(`build: ${message}\n`),
        });
        process.stdout.write(`built ${pages.length} notebooks into ${flags.out}\n`);
      } catch (error) {
        if (!(error instanceof BuildFailedError)) throw error;
        process.stderr.write(`codesign-notebook: ${error.message}\n`);
        process.exitCode = 1;
      } finally {
        process.off("SIGINT", interrupted);
        process.off("SIGTERM", interrupted);
      }
    });
}
