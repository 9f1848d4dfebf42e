// The README's example notebook must run as written.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runNotebook } from "../src/engine/node/run-notebook.ts";

const readme = readFileSync(join(import.meta.dirname, "../README.md"), "utf8");
const example = /````md\n([\s\S]*?)\n````/.exec(readme)?.[1];

describe("README", () => {
  it("its example notebook runs without errors, with --set overriding a param", async () => {
    expect(example).toBeDefined();
    const run = await runNotebook(
      example!,
      join(import.meta.dirname, "../notebooks/readme-example.md"),
      { overrides: { M: 512 } },
    );
    expect(run.cells.flatMap((cell) => cell.failures)).toEqual([]);
    expect(run.problems).toEqual([]);
    const search = run.values.get("search") as {
      value: { best: { seconds: number }; problem: { M: number } };
    };
    expect(search.value.problem.M).toBe(512);
    expect(search.value.best.seconds).toBeGreaterThan(0);
    expect(run.cells.at(-1)!.displays[0]).toMatch(/^\d+\.\d$/);
  });
});
