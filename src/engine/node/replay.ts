import { readFileSync } from "node:fs";
import { z } from "zod";
import { parseOrThrow } from "../../hwmodels/validation.ts";
import type { RunManifest } from "./manifest.ts";

const manifestSchema = z.object({
  notebook: z.object({ path: z.string(), sha256: z.string() }),
  package: z.object({
    name: z.string(),
    version: z.string(),
    lockfileSha256: z.string().nullable(),
  }),
  environment: z.object({
    node: z.string(),
    platform: z.string(),
    arch: z.string(),
    osRelease: z.string(),
  }),
  parameters: z.record(z.string(), z.unknown()),
  adapter: z.record(z.string(), z.unknown()).optional(),
  startedAt: z.string(),
  endedAt: z.string(),
});

/** Reads and checks a manifest file (run --json's `manifest`, or a report's download). */
export function readManifest(path: string): RunManifest {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${path}: not a readable JSON manifest (${(error as Error).message})`);
  }
  // Accept a whole `run --json` result too: its manifest is inside.
  const candidate = (data as { manifest?: unknown } | null)?.manifest ?? data;
  return parseOrThrow(manifestSchema, candidate, path) as RunManifest;
}

export interface EnvironmentDifference {
  what: string;
  was: string;
  now: string;
}

/** What differs between the run a manifest describes and a new run of it. */
export function manifestDifferences(was: RunManifest, now: RunManifest): EnvironmentDifference[] {
  const differences: EnvironmentDifference[] = [];
  const compare = (what: string, a: unknown, b: unknown) => {
    const before = a === undefined || a === null ? "(none)" : String(a);
    const after = b === undefined || b === null ? "(none)" : String(b);
    if (before !== after) differences.push({ what, was: before, now: after });
  };
  compare("notebook sha256", was.notebook.sha256, now.notebook.sha256);
  compare(
    "package version",
    `${was.package.name} ${was.package.version}`,
    `${now.package.name} ${now.package.version}`,
  );
  compare("lockfile sha256", was.package.lockfileSha256, now.package.lockfileSha256);
  compare("Node", was.environment.node, now.environment.node);
  compare(
    "platform",
    `${was.environment.platform}-${was.environment.arch}`,
    `${now.environment.platform}-${now.environment.arch}`,
  );
  compare("OS release", was.environment.osRelease, now.environment.osRelease);
  compare("GPU adapter", was.adapter?.name, now.adapter?.name);
  return differences;
}
