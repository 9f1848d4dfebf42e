import { readFileSync } from "node:fs";
import { join } from "node:path";

export const SCALESIM_FIXTURES = join(import.meta.dirname, "../../fixtures/scalesim");

/** A SCALE-Sim report CSV (COMPUTE_REPORT, DETAILED_ACCESS_REPORT) as rows keyed by header. */
export function readReport(path: string): Record<string, number>[] {
  const [header, ...lines] = readFileSync(join(SCALESIM_FIXTURES, path), "utf8").trim().split("\n");
  const names = header!.split(",").map((name) => name.trim());
  return lines.map((line) => {
    const values = line.split(",").map((value) => value.trim());
    return Object.fromEntries(
      names.filter((name) => name !== "").map((name, i) => [name, Number(values[i])]),
    );
  });
}

export function readFixture(path: string): string {
  return readFileSync(join(SCALESIM_FIXTURES, path), "utf8");
}
