import { Command, CommanderError } from "commander";
import packageJson from "../../package.json" with { type: "json" };
import { registerBench } from "./bench.ts";
import { registerBuild } from "./build.ts";
import { registerCachesim } from "./cachesim.ts";
import { registerCharacterize } from "./characterize.ts";
import { registerDev } from "./dev.ts";
import { registerHw } from "./hw.ts";
import { registerMerge } from "./merge.ts";
import { registerRun } from "./run.ts";
import { registerSweep } from "./sweep.ts";
import { UsageError } from "./usage-error.ts";

/** Every command, one file each; each adds itself to the program. */
const commands: Array<(program: Command) => void> = [
  registerDev,
  registerBuild,
  registerRun,
  registerSweep,
  registerMerge,
  registerHw,
  registerCachesim,
  registerBench,
  registerCharacterize,
];

export function createProgram(): Command {
  const program = new Command("codesign-notebook")
    .description("A reactive notebook for hardware/software codesign.")
    .version(packageJson.version)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

/** Runs the command line and returns its exit status: 0 success, 1 failure, 2 bad usage. */
export async function main(argv: string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    return exitStatusOf(error);
  }
}

function exitStatusOf(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version end through here too, successfully.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`codesign-notebook: ${error.message}\n`);
    return 2;
  }
  process.stderr.write(
    `codesign-notebook: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return 1;
}
