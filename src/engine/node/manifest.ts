import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { arch, platform, release } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** What a run needs to be reproduced, and to tell why a re-run might differ. */
export interface RunManifest {
  notebook: { path: string; sha256: string };
  package: { name: string; version: string; lockfileSha256: string | null };
  environment: { node: string; platform: string; arch: string; osRelease: string };
  /** Every parameter's value in this run: front-matter defaults with overrides applied. */
  parameters: Record<string, unknown>;
  /** The GPU adapter that ran the measured cells, when any ran. */
  adapter?: Record<string, unknown>;
  startedAt: string;
  endedAt: string;
}

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "../../..");

export function sha256(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

export function runManifest(options: {
  path: string;
  source: string;
  parameters: Record<string, unknown>;
  adapter?: object;
  startedAt: Date;
  endedAt: Date;
}): RunManifest {
  const packageJson = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as {
    name: string;
    version: string;
  };
  const lockfile = join(packageRoot, "package-lock.json");
  return {
    notebook: { path: options.path, sha256: sha256(options.source) },
    package: {
      name: packageJson.name,
      version: packageJson.version,
      lockfileSha256: existsSync(lockfile) ? sha256(readFileSync(lockfile)) : null,
    },
    environment: {
      node: process.version,
      platform: platform(),
      arch: arch(),
      osRelease: release(),
    },
    parameters: options.parameters,
    ...(options.adapter ? { adapter: { ...options.adapter } as Record<string, unknown> } : {}),
    startedAt: options.startedAt.toISOString(),
    endedAt: options.endedAt.toISOString(),
  };
}
