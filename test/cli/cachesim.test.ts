import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const fixtures = join(root, "test", "hwmodels", "cache", "fixtures", "pycachesim");
const scratch = mkdtempSync(join(tmpdir(), "cachesim-"));

function cachesim(args: string[], input?: string) {
  const result = spawnSync(
    process.execPath,
    [join(root, "bin", "codesign-notebook.js"), "cachesim", ...args],
    {
      cwd: root,
      input,
      encoding: "utf8",
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeScratch(name: string, content: unknown): string {
  const path = join(scratch, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

const referenceCase = JSON.parse(
  readFileSync(join(fixtures, "v04_random_3lvl_fifo_l3.json"), "utf8"),
);
const referenceConfig = writeScratch("v04.json", {
  ...referenceCase.config,
  semantics: "pycachesim",
});
const referenceTrace = join(fixtures, referenceCase.trace);
const l1 = { name: "L1", sets: 4, ways: 2, lineBytes: 64 };
const smallConfig = writeScratch("small.json", { levels: [l1] });

describe("codesign-notebook cachesim", () => {
  it("--json prints every level's counters and MEM's, equal to pycachesim's for a reference case", () => {
    const { status, stdout, stderr } = cachesim([
      "--config",
      referenceConfig,
      "--trace",
      referenceTrace,
      "--json",
    ]);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual(referenceCase.expected);
  });

  it("reads the trace from stdin with --trace - (and by default), and prints a table", () => {
    const trace = readFileSync(referenceTrace, "utf8");
    const { status, stdout } = cachesim(["--config", referenceConfig, "--trace", "-"], trace);
    expect(status).toBe(0);
    expect(stdout).toContain("40000 accesses from stdin (fixture format), pycachesim semantics");
    expect(stdout).toContain("L3: 2048 sets x 16 ways x 64 B = 2 MiB, FIFO, write-back");
    const row = stdout.split("\n").find((line) => line.startsWith("MEM "));
    expect(row?.split(/\s+/).slice(1, 5)).toEqual(
      ["LOAD_count", "LOAD_byte", "STORE_count", "STORE_byte"].map((field) =>
        String(referenceCase.expected.MEM[field]),
      ),
    );
    expect(cachesim(["--config", referenceConfig, "--json"], trace).stdout).toBe(
      cachesim(["--config", referenceConfig, "--trace", referenceTrace, "--json"]).stdout,
    );
  });

  it("reads Dinero din traces, detected or named, flush records included", () => {
    const din = writeScratch("trace.din", "1 100\n0 104\n4 0\n0 200 trailing comment\n");
    const detected = JSON.parse(
      cachesim(["--config", smallConfig, "--trace", din, "--json"]).stdout,
    );
    expect(detected.L1).toMatchObject({
      STORE_count: 1,
      LOAD_count: 3,
      MISS_count: 2,
      EVICT_count: 1,
    });
    const named = cachesim(["--config", smallConfig, "--trace", din, "--format", "din", "--json"]);
    expect(JSON.parse(named.stdout)).toEqual(detected);
  });

  it("--no-flush leaves dirty lines unwritten; --semantics overrides the config", () => {
    const trace = "w 0x0 8\nr 0x0 8\nw 0x0 8\n";
    const kept = JSON.parse(
      cachesim(["--config", smallConfig, "--no-flush", "--json"], trace).stdout,
    );
    expect(kept.MEM.STORE_count).toBe(0);
    const flushed = JSON.parse(cachesim(["--config", smallConfig, "--json"], trace).stdout);
    expect(flushed.MEM.STORE_count).toBe(1);
    const compatible = JSON.parse(
      cachesim(["--config", smallConfig, "--semantics", "pycachesim", "--json"], trace).stdout,
    );
    // pycachesim does not count store hits: the second store.
    expect([flushed.L1.HIT_count, compatible.L1.HIT_count]).toEqual([2, 1]);
  });

  const badTraces: Array<[string, string, string]> = [
    [
      "a malformed line",
      "r 0x0 8\nr 0x40 8\nr zz\n",
      'line 3: address must be hexadecimal with a 0x prefix in "r zz"',
    ],
    [
      "an unknown op",
      "r 0x0 8\nq 0x40 8\n",
      'line 2: unknown op "q" (expected r or w) in "q 0x40 8"',
    ],
    [
      "an address beyond 64 bits",
      "w 0x10000000000000000 8\n",
      'line 1: address is beyond 64 bits in "w 0x10000000000000000 8"',
    ],
  ];
  for (const [what, trace, message] of badTraces) {
    it(`rejects a trace with ${what}: exit 2, the line named, nothing on stdout`, () => {
      const path = writeScratch("bad.trace", trace);
      const { status, stdout, stderr } = cachesim(["--config", smallConfig, "--trace", path]);
      expect(status).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toBe(`codesign-notebook: ${path}: ${message}\n`);
    });
  }

  const badConfigs: Array<[string, unknown, string]> = [
    ["zero sets", { levels: [{ ...l1, sets: 0 }] }, "levels[0].sets: must be at least 1"],
    [
      "fractional ways",
      { levels: [{ ...l1, ways: 1.5 }] },
      "levels[0].ways: must be a whole number",
    ],
    [
      "a line size that is not a power of two",
      { levels: [{ ...l1, lineBytes: 96 }] },
      "levels[0].lineBytes: must be a power of two",
    ],
    [
      "line sizes that shrink towards memory",
      {
        levels: [
          { ...l1, lineBytes: 128 },
          { ...l1, name: "L2" },
        ],
      },
      "levels[1].lineBytes: line sizes must not shrink towards memory: 64 < 128 of levels[0] (L1)",
    ],
    [
      "an unknown policy",
      { levels: [{ ...l1, policy: "CLOCK" }] },
      'levels[0].policy: unknown policy "CLOCK"; expected one of LRU, FIFO, MRU, PLRU, RANDOM',
    ],
    ["malformed JSON", "{ levels: ", "not valid JSON"],
  ];
  for (const [what, config, message] of badConfigs) {
    it(`rejects a config with ${what}: exit 2, the field named, nothing on stdout`, () => {
      const path = writeScratch("bad-config.json", config);
      const { status, stdout, stderr } = cachesim(["--config", path, "--json"], "r 0x0 8\n");
      expect(status).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toContain(`codesign-notebook: ${path}: `);
      expect(stderr).toContain(message);
      expect(stderr.trim().split("\n")).toHaveLength(1);
    });
  }

  it("rejects a missing trace file and a bad --format with exit 2", () => {
    const missing = cachesim(["--config", smallConfig, "--trace", join(scratch, "nope.trace")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("cannot read trace");
    expect(missing.stdout).toBe("");
    const format = cachesim(["--config", smallConfig, "--format", "xml"], "r 0x0\n");
    expect(format.status).toBe(2);
    expect(format.stderr).toContain("Allowed choices are auto, fixture, din");
  });
});
