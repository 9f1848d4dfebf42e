import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSweepFile } from "../../src/engine/sweep/sweep-file.ts";
import { cli } from "./run-cli.ts";

const folder = mkdtempSync(join(tmpdir(), "cn-sweep-"));
const notebook = join(folder, "model.md");
writeFileSync(
  notebook,
  `---
params:
  M: 1024
---
\`\`\`js
const tile = view(Inputs.select([32, 64, 128], {value: 64}));
\`\`\`
\`\`\`js
const result = {tiles: Math.ceil(M / tile) ** 2, bytes: (2 * M ** 3 / tile) * 4};
\`\`\`
\`\`\`js
const check = (() => { if (tile === 128 && M === 2048) throw new Error("too big"); return 1; })();
\`\`\`
`,
);
const grid = ["--grid", "tile=32,64,128", "--grid", "M=1024,2048,4096"];

// Each test spawns several command-line runs (~2 s each, more when the machine is busy).
describe("codesign-notebook sweep", { timeout: 120_000 }, () => {
  it("runs every grid point over worker threads; a failing point is a row with its error", () => {
    const out = join(folder, "all.json");
    const { status, stderr } = cli("sweep", notebook, ...grid, "--workers", "2", "--out", out);
    expect(status).toBe(1);
    expect(stderr).toContain("wrote 9 of 9 points, 1 failed");
    const { rows, description } = readSweepFile(out);
    expect(description).toMatchObject({
      gridTotal: 9,
      shard: null,
      interrupted: false,
      grid: { tile: [32, 64, 128], M: [1024, 2048, 4096] },
    });
    expect(rows.map((row) => [row.point, row.tile, row.M])).toEqual([
      [0, 32, 1024],
      [1, 32, 2048],
      [2, 32, 4096],
      [3, 64, 1024],
      [4, 64, 2048],
      [5, 64, 4096],
      [6, 128, 1024],
      [7, 128, 2048],
      [8, 128, 4096],
    ]);
    expect(rows[3]).toMatchObject({
      "result.tiles": 256,
      "result.bytes": 134217728,
      ok: true,
      error: null,
    });
    expect(rows[7]).toMatchObject({ ok: false, error: `${notebook}:12: too big` });
  });

  it("N shards merge into the same table as one sweep, in CSV, JSON and Arrow", () => {
    const single = join(folder, "single.json");
    cli("sweep", notebook, ...grid, "--workers", "0", "--out", single);
    for (const format of ["csv", "json", "arrow"]) {
      const shards = [0, 1, 2].map((i) => join(folder, `shard-${i}.${format}`));
      for (const [i, file] of shards.entries()) {
        const { status, stderr } = cli(
          "sweep",
          notebook,
          ...grid,
          "--shard",
          `${i}/3`,
          "--workers",
          "0",
          "--out",
          file,
        );
        // Point 7, the failing one, falls in shard 1.
        expect(status, stderr).toBe(i === 1 ? 1 : 0);
      }
      const merged = join(folder, `merged.${format}`);
      const merge = cli("merge", ...shards, "--out", merged);
      expect(merge.status, merge.stderr).toBe(0);
      expect(readSweepFile(merged).rows).toEqual(readSweepFile(single).rows);
      if (format !== "json") {
        expect(JSON.parse(readFileSync(`${shards[0]}.manifest.json`, "utf8"))).toMatchObject({
          gridTotal: 9,
          shard: { index: 0, count: 3 },
        });
      }
    }
  });

  it("merge refuses corrupt files, repeated shards and missing points", () => {
    const shards = [0, 1].map((i) => join(folder, `m-${i}.json`));
    for (const [i, file] of shards.entries()) {
      cli("sweep", notebook, ...grid, "--shard", `${i}/2`, "--workers", "0", "--out", file);
    }
    const corrupt = join(folder, "corrupt.json");
    writeFileSync(corrupt, '{"sweep": {"not": "finished"');
    let result = cli("merge", shards[0]!, corrupt, "--out", join(folder, "x.json"));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("corrupt.json: not a readable sweep file");
    result = cli("merge", shards[0]!, shards[0]!, "--out", join(folder, "x.json"));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/point 0 is in both/);
    result = cli("merge", shards[0]!, "--out", join(folder, "x.json"));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("4 grid points are in none of the files (1, 3, 5, 7)");
    expect(existsSync(join(folder, "x.json"))).toBe(false);
    expect(
      cli("merge", shards[0]!, "--allow-missing", "--out", join(folder, "x.json")).status,
    ).toBe(0);
  });

  it("bad grids and shards are bad usage (exit 2), naming what is wrong", () => {
    let result = cli("sweep", notebook, "--grid", "tyle=32", "--out", join(folder, "bad.csv"));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      "has no name tyle (--grid); known names: M, tile, result, check",
    );
    result = cli("sweep", notebook, ...grid, "--shard", "3/3", "--out", join(folder, "bad.csv"));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--shard 3/3: i must be between 0 and 2");
    result = cli("sweep", notebook, "--grid", "tile=", "--out", join(folder, "bad.csv"));
    expect(result.stderr).toContain("--grid tile: no values");
    result = cli("sweep", notebook, ...grid, "--out", join(folder, "bad.xlsx"));
    expect(result.stderr).toContain("unknown format; use .csv, .json or .arrow");
  });

  it("interrupted, it keeps the points finished so far (exit 130)", async () => {
    const slow = join(folder, "slow.md");
    writeFileSync(
      slow,
      "```js\nconst i = 0;\n```\n```js\nconst waited = await new Promise((r) => setTimeout(() => r(i), 400));\n```\n",
    );
    const out = join(folder, "partial.json");
    const child = spawn(process.execPath, [
      join(import.meta.dirname, "../../bin/codesign-notebook.js"),
      "sweep",
      slow,
      "--grid",
      "i=[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]",
      "--workers",
      "1",
      "--out",
      out,
    ]);
    let stderr = "";
    const status = await new Promise<number | null>((resolve) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk;
        if (/sweep: [1-9]\d*\/20/.test(stderr) && !child.killed) child.kill("SIGINT");
      });
      child.on("exit", (code) => resolve(code));
    });
    expect(status).toBe(130);
    expect(stderr).toMatch(/sweep interrupted: wrote \d+ of 20 points/);
    const { rows, description } = readSweepFile(out);
    expect(description!.interrupted).toBe(true);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(20);
    expect(JSON.parse(readFileSync(out, "utf8")).rows.every((row: { ok: boolean }) => row.ok)).toBe(
      true,
    );
  }, 60_000);
});
