import { describe, expect, it } from "vitest";
import { cli, cliWithEnv } from "./run-cli.ts";

const QUICK = "--warmup 0 --repeats 2";

describe("codesign-notebook bench", () => {
  it("matmul --json carries adapter, parameters, every repetition, summary and verification", async () => {
    const run = cli(
      ...`bench matmul --M 40 --N 36 --K 20 --tile 16x16x4/4x4 --json ${QUICK}`.split(" "),
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.command).toBe("bench matmul");
    expect(json.adapter.name).toMatch(/via Dawn in Node/);
    expect(json.parameters).toEqual({
      M: 40,
      N: 36,
      K: 20,
      kernel: "tiled",
      tile: "16x16x4/4x4",
      precision: "f32",
    });
    expect(json.timing.secondsPerDispatch).toHaveLength(2);
    expect(json.timing.summarySeconds.median).toBeGreaterThan(0);
    expect(json.timing.method).toMatch(/timestamp-query|wall-clock/);
    expect(json.timing.adapter).toBe(json.adapter.name);
    expect(json.verification.checkedElements).toBe(40 * 36);
    expect(json.verification.maxErrorToTolerance).toBeLessThanOrEqual(1);
    expect(json.flopsPerSecond).toBeCloseTo((2 * 40 * 36 * 20) / json.timing.summarySeconds.median);
  });

  it("matmul prints a readable report naming the adapter and the timing method", async () => {
    const run = cli(...`bench matmul --M 16 --N 16 --K 16 --kernel naive ${QUICK}`.split(" "));
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^matmul naive f32 M=16 N=16 K=16 on .+/);
    expect(run.stdout).toMatch(/FLOP\/s/);
    expect(run.stdout).toMatch(/timing: (timestamp-query|wall-clock)/);
    expect(run.stdout).toMatch(/verified: 256 of 256 elements/);
  });

  it("refuses an invalid tile string with exit status 2", async () => {
    const run = cli(..."bench matmul --M 8 --N 8 --K 8 --tile 64x64/8".split(" "));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/invalid tile "64x64\/8": expected BMxBNxBK\/TMxTN/);
  });

  it("refuses a tile the device cannot run with exit status 2, naming the limit", async () => {
    const run = cli(..."bench matmul --M 8 --N 8 --K 8 --tile 512x512x8/8x8".split(" "));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/maxComputeInvocationsPerWorkgroup/);
  });

  it("refuses sizes over the device's buffer limits with exit status 2", async () => {
    const run = cli(..."bench matmul --M 100000 --N 100000 --K 4".split(" "));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^codesign-notebook: matmul: buffer .* needs maxStorageBufferBindingSize/m,
    );
  });

  it("says how to get WebGPU when there is none, with exit status 2", async () => {
    const run = cliWithEnv({ VK_ICD_FILENAMES: "/nonexistent/icd.json" }, "bench", "fma");
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/WebGPU is not available: .*To get it: .*setup-system\.sh/);
  });

  it("stream --json reports bandwidth per op and size, each verified", async () => {
    const run = cli(
      ...`bench stream --op copy,triad --bytes 4KiB,16KiB --json ${QUICK}`.split(" "),
    );
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(
      json.points.map((p: { op: string; bytesPerArray: number }) => `${p.op}@${p.bytesPerArray}`),
    ).toEqual(["copy@4096", "triad@4096", "copy@16384", "triad@16384"]);
    for (const point of json.points) {
      expect(point.timing.secondsPerDispatch).toHaveLength(2);
      expect(point.verification.maxError).toBe(0);
    }
  });

  it("stream refuses an unknown op and a malformed size with exit status 2", async () => {
    expect(cli(..."bench stream --op copy,swap".split(" ")).status).toBe(2);
    const size = cli(..."bench stream --bytes 64K".split(" "));
    expect(size.status).toBe(2);
    expect(size.stderr).toMatch(/invalid quantity "64K": unit "K" is not "B"/);
  });

  it("chase --json gives a latency per working set and the plateaus", async () => {
    const run = cli(
      ...`bench chase --working-set 4KiB,32KiB --stride 64 --steps 1024 --json ${QUICK}`.split(" "),
    );
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.points).toHaveLength(2);
    expect(json.points[0].secondsPerLoad).toBeGreaterThan(0);
    expect(json.points[0].timing.long.secondsPerDispatch).toHaveLength(2);
    expect(json.profiles[0].strideBytes).toBe(64);
  });

  it("fma --json reports FLOP/s and an exact verification", async () => {
    const run = cli(...`bench fma --invocations 512 --iterations 16 --json ${QUICK}`.split(" "));
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.flops).toBe(512 * 16 * 32 * 2);
    expect(json.verification).toMatchObject({ checkedElements: 512, maxError: 0 });
  });
});
