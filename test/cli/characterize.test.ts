import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./run-cli.ts";

const SMALL =
  "--stream-bytes 16KiB,64KiB --working-set 4KiB,16KiB,64KiB --fma-invocations 1024 --warmup 0 --repeats 2";

describe("codesign-notebook characterize", () => {
  it("writes a hardware spec measured on this adapter, with progress on stderr", async () => {
    const out = join(await mkdtemp(join(tmpdir(), "characterize-")), "spec.json");
    const run = cli(...`characterize --json --out ${out} ${SMALL}`.split(" "));
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout);
    const spec = JSON.parse(await readFile(out, "utf8"));
    expect(spec).toEqual(json.spec);
    expect(spec.id).toMatch(/^measured-[a-z0-9-]+$/);
    expect(spec.sources[0]).toMatchObject({
      kind: "measurement",
      adapter: json.adapter.name,
      covers: ["*"],
    });
    expect(spec.compute.vector.fp32.flopsPerSecond).toBeGreaterThan(0);
    const memory = spec.memory.at(-1);
    expect(memory).toMatchObject({ name: "DRAM", kind: "memory", scope: "device" });
    expect(memory.bytesPerSecond).toBeGreaterThan(0);
    expect(json.measurements.stream).toHaveLength(8);
    expect(json.measurements.chase.points).toHaveLength(3);
    // Not a terminal: one plain line per measurement (1 FMA + 8 STREAM + 3 chase).
    expect(run.stderr).toMatch(/^characterize: 1\/12 fma f32$/m);
    expect(run.stderr).toMatch(/^characterize: 12\/12 chase 65536 B stride 64 B$/m);
    // The spec loads wherever specs are read.
    const shown = cli("hw", "show", out, "--json");
    expect(shown.stderr).toBe("");
    expect(shown.status).toBe(0);
    expect(JSON.parse(shown.stdout).id).toBe(spec.id);
  });

  it("prints a readable summary without --json", async () => {
    const run = cli(...`characterize ${SMALL}`.split(" "));
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Measured: /);
    expect(run.stdout).toMatch(/peak \(FMA chains\): fp32 .*FLOP\/s/);
    expect(run.stdout).toMatch(/DRAM/);
  });
});
