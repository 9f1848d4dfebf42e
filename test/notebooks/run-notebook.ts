import { join } from "node:path";
import { cli } from "../cli/run-cli.ts";

/**
 * Runs a shipped notebook headless (`run --json`, with `--set name=value` for each of `sets`)
 * and returns its exit status, its values, and the names of the values that failed.
 */
export function runNotebook(name: string, ...sets: string[]) {
  const path = join(import.meta.dirname, "../../notebooks", name);
  const { status, stdout } = cli("run", path, "--json", ...sets.flatMap((set) => ["--set", set]));
  const values = JSON.parse(stdout).values as Record<string, unknown>;
  const failed = Object.entries(values)
    .filter(([, value]) => typeof value === "object" && value !== null && "error" in value)
    .map(([key, value]) => `${key}: ${(value as { error: string }).error}`);
  return { status, values, failed };
}
