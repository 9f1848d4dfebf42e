import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./run-cli.ts";

const folder = mkdtempSync(join(tmpdir(), "cn-run-"));
function notebook(name: string, source: string): string {
  const path = join(folder, name);
  writeFileSync(path, source);
  return path;
}

const good = notebook(
  "good.md",
  `---
params:
  scale: 2
---
\`\`\`js
const n = view(Inputs.range([1, 100], {value: 10, step: 1}));
\`\`\`
\`\`\`js
const total = n * scale;
\`\`\`
\`\`\`js
Plot.dot([[1, 2], [3, 4]]).plot()
\`\`\`
`,
);

describe("codesign-notebook run", () => {
  it("--json prints every top-level value, plots as SVG, and a manifest; exit 0", () => {
    const { status, stdout } = cli("run", good, "--json");
    expect(status).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.notebook).toBe(good);
    expect(result.values).toEqual({ scale: 2, n: 10, total: 20 });
    expect(result.cells[2].displays[0].type).toBe("svg");
    expect(result.cells[2].displays[0].svg).toMatch(/^<svg[\s\S]*<circle/);
    expect(result.manifest.notebook.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Parameters are what a run varies (params and inputs), not what it derives.
    expect(result.manifest.parameters).toEqual({ scale: 2, n: 10 });
    expect(result.manifest.environment.node).toBe(process.version);
  });

  it("--set overrides params and inputs, parsing JSON values", () => {
    const { status, stdout } = cli("run", good, "--set", "n=64", "--set", "scale=3", "--json");
    expect(status).toBe(0);
    expect(JSON.parse(stdout).values).toMatchObject({ n: 64, scale: 3, total: 192 });
  });

  it("an unknown --set name is bad usage (exit 2), listing the known names", () => {
    const { status, stderr, stdout } = cli("run", good, "--set", "m=1");
    expect(status).toBe(2);
    expect(stderr).toContain("has no name m (--set); known names: scale, n, total");
    expect(stdout).toBe("");
  });

  it("a failing cell is reported as {error} with its location; exit 1", () => {
    const bad = notebook("bad.md", "```js\nconst a = 1;\n```\n\n```js\nconst b = nope;\n```\n");
    const { status, stdout } = cli("run", bad, "--json");
    expect(status).toBe(1);
    const result = JSON.parse(stdout);
    expect(result.values.a).toBe(1);
    expect(result.values.b).toEqual({ error: "nope is not defined", location: `${bad}:6` });
  });

  it("a missing notebook is bad usage (exit 2)", () => {
    const { status, stderr } = cli("run", join(folder, "absent.md"));
    expect(status).toBe(2);
    expect(stderr).toContain("absent.md: no such notebook file");
  });

  it("malformed front matter is reported with its line, and the cells still run", () => {
    const path = notebook("front.md", "---\ntitle: [oops\n---\n```js\nconst fine = 1;\n```\n");
    const { status, stdout } = cli("run", path);
    expect(status).toBe(1);
    expect(stdout).toContain("fine = 1");
    expect(stdout).toMatch(/front\.md:\d+ {2}malformed front matter/);
  });

  it("--out writes result.json, plots as SVG and PNG, tables as CSV, JSON and Arrow", async () => {
    const path = notebook(
      "export.md",
      '```js\nconst rows = [{x: 1, y: 2}, {x: 3, y: 4}];\n```\n```js\nrows\n```\n```js\nPlot.dot(rows, {x: "x", y: "y"}).plot()\n```\n',
    );
    const out = join(folder, "out");
    expect(cli("run", path, "--out", out).status).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      "cell-8.png",
      "cell-8.svg",
      "result.json",
      "rows.arrow",
      "rows.csv",
      "rows.json",
    ]);
    expect(readFileSync(join(out, "rows.csv"), "utf8")).toBe("x,y\n1,2\n3,4\n");
    expect(JSON.parse(readFileSync(join(out, "rows.json"), "utf8"))).toEqual([
      { x: 1, y: 2 },
      { x: 3, y: 4 },
    ]);
    const { fromArrow } = await import("arquero");
    expect(fromArrow(readFileSync(join(out, "rows.arrow"))).objects()).toEqual([
      { x: 1, y: 2 },
      { x: 3, y: 4 },
    ]);
    expect(readFileSync(join(out, "cell-8.svg"), "utf8")).toMatch(
      /^<\?xml[^>]*>\n<svg[^>]* xmlns="http:\/\/www.w3.org\/2000\/svg"/,
    );
    expect(readFileSync(join(out, "cell-8.png")).subarray(1, 4).toString()).toBe("PNG");
    expect(JSON.parse(readFileSync(join(out, "result.json"), "utf8")).values.rows).toHaveLength(2);
  });

  it("--replay re-runs with a manifest's parameters and says what differs in the environment", () => {
    const first = JSON.parse(cli("run", good, "--set", "n=42", "--json").stdout);
    const manifestPath = join(folder, "manifest.json");
    writeFileSync(manifestPath, JSON.stringify(first.manifest));
    const same = cli("run", good, "--replay", manifestPath, "--json");
    expect(same.status).toBe(0);
    expect(JSON.parse(same.stdout).values).toMatchObject({ n: 42, total: 84 });
    expect(same.stderr).toContain(`replay: same notebook and environment as ${manifestPath}`);

    const older = {
      ...first.manifest,
      environment: { ...first.manifest.environment, node: "v18.0.0" },
    };
    writeFileSync(manifestPath, JSON.stringify(older));
    const differs = cli("run", good, "--replay", manifestPath, "--set", "scale=3", "--json");
    const result = JSON.parse(differs.stdout);
    expect(result.values).toMatchObject({ n: 42, scale: 3, total: 126 });
    expect(result.replay.differences).toEqual([
      { what: "Node", was: "v18.0.0", now: process.version },
    ]);
    expect(differs.stderr).toContain(`  Node: v18.0.0 -> ${process.version}`);
  });

  it("--replay with a malformed manifest is bad usage, naming every bad field", () => {
    const path = join(folder, "broken-manifest.json");
    writeFileSync(path, JSON.stringify({ notebook: 1 }));
    const { status, stderr } = cli("run", good, "--replay", path);
    expect(status).toBe(2);
    expect(stderr).toContain("notebook: Invalid input: expected object, received number");
    expect(stderr).toContain("parameters: Invalid input");
  });
});
