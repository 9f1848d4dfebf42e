import { join } from "node:path";
import { cliWithEnv } from "../cli/run-cli.ts";

/**
 * Runs a shipped notebook headless (`run --json`, with `--set name=value` for each of `sets`)
 * and returns its exit status, its values, and the names of the values that failed.
 */
export function runNotebook(name: string, ...sets: string[]) {
  return runNotebookWithEnv({}, name, ...sets);
}

/** `runNotebook` with environment variables added (`VK_ICD_FILENAMES`, say), and its notices. */
export function runNotebookWithEnv(env: Record<string, string>, name: string, ...sets: string[]) {
  const path = join(import.meta.dirname, "../../notebooks", name);
  const { status, stdout } = cliWithEnv(
    env,
    "run",
    path,
    "--json",
    ...sets.flatMap((set) => ["--set", set]),
  );
  const values = JSON.parse(stdout).values as Record<string, unknown>;
  const failed = Object.entries(values)
    .filter(([, value]) => typeof value === "object" && value !== null && "error" in value)
    .map(([key, value]) => `${key}: ${(value as { error: string }).error}`);
  const notices = (JSON.parse(stdout).notices ?? []) as string[];
  return { status, values, failed, notices };
}

/** Environment under which Dawn finds no Vulkan driver, so a notebook runs without WebGPU. */
export const NO_WEBGPU = { VK_ICD_FILENAMES: "/nonexistent/no-driver.json" };
