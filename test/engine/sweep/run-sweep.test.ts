import { describe, expect, it } from "vitest";
import { parseGrid } from "../../../src/engine/sweep/grid.ts";
import { runSweep } from "../../../src/engine/sweep/run-sweep.ts";

// Point 5 throws outside any cell (an uncaught error ends its worker); point 9 exits the worker.
const source = `\`\`\`js
const i = 0;
\`\`\`
\`\`\`js
const doubled = i === 5
  ? await new Promise(() => setTimeout(() => { throw new Error("boom"); }, 0))
  : i === 9
    ? process.exit(3)
    : 2 * i;
\`\`\`
`;

describe("runSweep over worker threads", () => {
  it("a point that kills its worker fails alone; the rest of its chunk runs on a fresh worker", async () => {
    const grid = parseGrid([`i=${JSON.stringify(Array.from({ length: 24 }, (_, i) => i))}`]);
    const result = await runSweep({ path: "crash.md", source, grid, workers: 2 });
    expect(result.rows.map((row) => row.point)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(result.interrupted).toBe(false);
    const failed = result.rows.filter((row) => !row.ok);
    expect(failed.map((row) => [row.i, row.error])).toEqual([
      [5, "worker crashed: boom"],
      [9, "worker exited with code 3"],
    ]);
    for (const row of result.rows.filter((row) => row.ok))
      expect(row.doubled).toBe(2 * Number(row.i));
  }, 60_000);
});
