import type { Command } from "commander";
import { listNotebooks } from "../engine/vite/notebook-files.ts";
import { requireFolder } from "./dev.ts";
import { UsageError } from "./usage-error.ts";

export function registerBuild(program: Command): void {
  program
    .command("build")
    .description("build a folder of notebooks into a static site")
    .argument("[dir]", "folder of notebooks", "notebooks")
    .requiredOption("--out <dir>", "output folder")
    .action(async (dir: string, flags: { out: string }) => {
      requireFolder(dir);
      const { build } = await import("vite");
      const { notebookViteConfig } = await import("../engine/vite/config.ts");
      if (listNotebooks(dir).length === 0)
        throw new UsageError(`${dir}: no notebooks (.md files) to build`);
      await build({ ...notebookViteConfig(dir, flags.out), logLevel: "warn" });
      process.stdout.write(`built ${listNotebooks(dir).length} notebooks into ${flags.out}\n`);
    });
}
