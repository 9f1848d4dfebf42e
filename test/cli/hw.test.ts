import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { presetIds } from "../../src/hwmodels/presets.ts";

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ["bin/codesign-notebook.js", ...args], {
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "hw-cli-")), name);
  writeFileSync(path, text);
  return path;
}

describe("codesign-notebook hw", () => {
  it("hw list prints every preset", () => {
    const { status, stdout } = cli("hw", "list");
    expect(status).toBe(0);
    for (const id of presetIds) expect(stdout).toContain(id);
  });

  it("hw list --json gives peaks and bandwidths in base units", () => {
    const rows = JSON.parse(cli("hw", "list", "--json").stdout);
    const h100 = rows.find((row: { id: string }) => row.id === "h100-sxm");
    expect(h100.fp16FlopsPerSecond).toBeCloseTo(989.4e12, -11);
    expect(h100.memoryBytesPerSecond).toBe(3.35e12);
  });

  it("hw show <id> --json prints the validated spec and a derived block", () => {
    const { status, stdout } = cli("hw", "show", "a100-80gb-sxm", "--json");
    expect(status).toBe(0);
    const shown = JSON.parse(stdout);
    expect(shown.id).toBe("a100-80gb-sxm");
    expect(shown.clock.hz).toBe(1.41e9);
    expect(shown.derived.peakFlopsPerSecond.matrix.fp16).toBe(2048 * 108 * 1.41e9);
    expect(shown.derived.ridgePointFlopsPerByte.matrix.fp16).toBeCloseTo(
      (2048 * 108 * 1.41e9) / 2.039e12,
      9,
    );
    expect(shown.derived.levels.map((level: { name: string }) => level.name)).toEqual([
      "L1",
      "L2",
      "HBM2e",
    ]);
    expect(shown.derived.levels[0].totalBytes).toBe(192 * 1024 * 108);
  });

  it("hw show <id> prints a readable summary with sources", () => {
    const { status, stdout } = cli("hw", "show", "mi300x");
    expect(status).toBe(0);
    expect(stdout).toContain("1.307 PFLOP/s");
    expect(stdout).toContain("Infinity Cache");
    expect(stdout).toContain("[mi300x-datasheet]");
  });

  it("hw show accepts a spec file, such as one measured by characterize", () => {
    const { status, stdout } = cli("hw", "show", "test/fixtures/measured-spec.json");
    expect(status).toBe(0);
    expect(stdout).toContain("measured on Google SwiftShader Device (Vulkan)");
  });

  it("hw show with an unknown id exits 2 listing the known ids", () => {
    const { status, stderr } = cli("hw", "show", "tpu-v9");
    expect(status).toBe(2);
    expect(stderr).toContain(`unknown hardware preset "tpu-v9"; known: ${presetIds.join(", ")}`);
  });

  it("hw validate exits 2 naming every bad field of every file", () => {
    const bad = tempFile(
      "bad.json",
      JSON.stringify({
        id: "Bad Id",
        name: "x",
        compute: { vector: { fp32: { flopsPerSecond: "1 TB/s" } } },
        memory: [{ name: "DRAM", kind: "memory", scope: "device", bytesPerSecond: -1 }],
        sources: [],
      }),
    );
    const { status, stdout, stderr } = cli(
      "hw",
      "validate",
      "test/fixtures/measured-spec.json",
      bad,
    );
    expect(status).toBe(2);
    expect(stdout).toContain("ok test/fixtures/measured-spec.json (measured-swiftshader)");
    expect(stderr).toContain("id: must be lower-case kebab-case");
    expect(stderr).toContain('compute.vector.fp32.flopsPerSecond: invalid quantity "1 TB/s"');
    expect(stderr).toContain("memory[0].bytesPerSecond: must be > 0");
    expect(stderr).toContain("sources: must cite at least one source");
  });

  it("hw validate reports malformed JSON with its line and column", () => {
    const broken = tempFile("broken.json", '{\n  "id": "x",\n  "name": oops\n}');
    const { status, stderr } = cli("hw", "validate", broken);
    expect(status).toBe(2);
    expect(stderr).toMatch(/broken\.json: invalid JSON at line 3, column \d+/);
  });

  it("hw schema prints a JSON Schema that matches docs/hardware-spec.schema.json", async () => {
    const { readFileSync } = await import("node:fs");
    const printed = cli("hw", "schema").stdout;
    expect(JSON.parse(printed).$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    // Compared as data: the committed copy is formatted by Biome.
    expect(JSON.parse(printed)).toEqual(
      JSON.parse(readFileSync("docs/hardware-spec.schema.json", "utf8")),
    );
  });
});
