import { spawnSync } from "node:child_process";
import { join } from "node:path";

const bin = join(import.meta.dirname, "../../bin/codesign-notebook.js");

/** Runs the command line as a user would and returns its exit status and output. */
export function cli(...args: string[]): { status: number; stdout: string; stderr: string } {
  return cliWithEnv({}, ...args);
}

/** `cli` with environment variables added to this process's (VK_ICD_FILENAMES, say). */
export function cliWithEnv(
  env: Record<string, string>,
  ...args: string[]
): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, ...env },
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
