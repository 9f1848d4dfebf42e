import { describe, expect, it } from "vitest";
import { parseHardwareSpec } from "../../src/hwmodels/hardware-spec.ts";
import { levelBytesPerSecond, levelCapacityBytes } from "../../src/hwmodels/memory-levels.ts";
import { peakFlopsPerSecond, statedPeaks } from "../../src/hwmodels/peak.ts";
import { getPreset } from "../../src/hwmodels/presets.ts";
import { scaleSpec } from "../../src/hwmodels/scale-spec.ts";
import { tiledGemm } from "../../src/hwmodels/tiled-gemm.ts";
import { validationIssues } from "./validation-issues.ts";

const MiB = 2 ** 20;
const h100 = getPreset("h100-sxm");
const a100 = getPreset("a100-80gb-sxm");
const level = (spec: typeof h100, name: string) => spec.memory.find((l) => l.name === name)!;

describe("scaleSpec(spec, scaling)", () => {
  it("scales every clock: per-clock peaks and bandwidths follow, HBM does not", () => {
    const faster = scaleSpec(h100, { clock: 1.25 });
    expect(faster.clock).toEqual({
      hz: 1.98e9 * 1.25,
      domainsHz: { lowPrecisionTensor: 1.83e9 * 1.25 },
    });
    for (const [precision, unit] of [
      ["fp16", "matrix"],
      ["fp32", "vector"],
    ] as const) {
      expect(peakFlopsPerSecond(faster, precision, unit).flopsPerSecond).toBeCloseTo(
        1.25 * peakFlopsPerSecond(h100, precision, unit).flopsPerSecond,
        -3,
      );
    }
    expect(levelBytesPerSecond(faster, level(faster, "L1"))).toBeCloseTo(
      1.25 * levelBytesPerSecond(h100, level(h100, "L1"))!,
      -3,
    );
    expect(levelBytesPerSecond(faster, level(faster, "HBM3"))).toBe(3.35e12);
  });

  it("scales peaks stated per second with the clock where the spec states no clock (B200)", () => {
    const b200 = getPreset("b200");
    const faster = scaleSpec(b200, { clock: 2 });
    expect(faster.clock).toBeUndefined();
    expect(faster.compute.matrix?.fp16?.flopsPerSecond).toBe(
      2 * b200.compute.matrix!.fp16!.flopsPerSecond!,
    );
  });

  it("scales the unit count: per-unit peaks and the L1s' aggregate bandwidth follow", () => {
    const bigger = scaleSpec(a100, { computeUnits: 2 });
    expect(bigger.computeUnits?.count).toBe(216);
    expect(statedPeaks(bigger)).toEqual(
      statedPeaks(a100).map((peak) => ({ ...peak, flopsPerSecond: 2 * peak.flopsPerSecond })),
    );
    expect(levelBytesPerSecond(bigger, level(bigger, "L1"))).toBe(
      2 * levelBytesPerSecond(a100, level(a100, "L1"))!,
    );
    expect(levelBytesPerSecond(bigger, level(bigger, "L2"))).toBe(
      levelBytesPerSecond(a100, level(a100, "L2")),
    );
    // Rounded to whole units.
    expect(scaleSpec(a100, { computeUnits: 1.5 }).computeUnits?.count).toBe(162);
  });

  it("scales a level's size and bandwidth in the form the spec states them", () => {
    const what = scaleSpec(a100, { memory: { L2: { capacity: 4, bandwidth: 2 } } });
    expect(level(what, "L2")).toMatchObject({ bytes: 160 * MiB, bytesPerClock: 10240 });
    // MI300X gives its L2 as sets x ways x lines: the sets scale while they stay whole.
    const mi300x = getPreset("mi300x");
    const doubled = scaleSpec(mi300x, { memory: { L2: { capacity: 2 } } });
    expect(level(doubled, "L2")).toMatchObject({ sets: 4096, ways: 16, lineBytes: 128 });
    const third = scaleSpec(mi300x, { memory: { L2: { capacity: 1 / 3 } } });
    expect(levelCapacityBytes(level(third, "L2"))).toBeCloseTo((4 * MiB) / 3, 6);
    expect(level(third, "L2").sets).toBeUndefined();
  });

  it("returns a new frozen spec named as a what-if, and leaves the original alone", () => {
    const what = scaleSpec(h100, { memory: { HBM3: { bandwidth: 2 } } });
    expect(what).not.toBe(h100);
    expect(Object.isFrozen(what.memory[2])).toBe(true);
    expect(what.id).toBe("h100-sxm-what-if");
    expect(what.name).toBe("NVIDIA H100 SXM5 80GB (what-if: HBM3 bandwidth ×2)");
    expect(what.notes?.at(-1)).toBe("What-if variant of h100-sxm: HBM3 bandwidth ×2.");
    expect(level(h100, "HBM3").bytesPerSecond).toBe(3.35e12);
    // It is a spec like any other: it round-trips through the validator.
    expect(parseHardwareSpec(structuredClone(what))).toEqual(what);
    // Factors of 1 change nothing.
    expect(scaleSpec(h100, { clock: 1, memory: { L2: { capacity: 1 } } })).toBe(h100);
  });

  it("moves the GEMM model with it: a larger L2 keeps both operands resident", () => {
    const problem = { M: 4096, N: 4096, K: 4096, dtype: "fp16" as const };
    const tile = { BM: 128, BN: 128, BK: 32, TM: 8, TN: 8, stages: 3 };
    const base = tiledGemm(problem, tile, h100);
    const bigL2 = tiledGemm(problem, tile, scaleSpec(h100, { memory: { L2: { capacity: 4 } } }));
    expect(base.reuse?.aResident).toBe(false);
    expect(bigL2.reuse).toMatchObject({ aResident: true, bResident: true });
    expect(bigL2.dramBytes).toBeLessThan(base.dramBytes);
    expect(bigL2.dramBytes).toBe(bigL2.compulsoryBytes);
  });

  it("says why a what-if cannot be made, naming every problem", () => {
    expect(
      validationIssues(() =>
        scaleSpec(getPreset("b200"), {
          clock: 0,
          computeUnits: Number.NaN,
          memory: { L3: { capacity: 2 }, L2: { bandwidth: 2 } },
        }),
      ),
    ).toEqual([
      "scaling.clock: must be a number > 0 (got 0)",
      "scaling.computeUnits: must be a number > 0 (got NaN)",
      'scaling.memory["L3"]: no memory level named "L3"; known: L1, L2, HBM3e',
      'scaling.memory["L2"].bandwidth: b200 states no bandwidth for L2',
    ]);
    const measured = parseHardwareSpec({
      id: "measured",
      name: "measured",
      compute: { vector: { fp32: { flopsPerSecond: 1e10 } } },
      memory: [{ name: "DRAM", kind: "memory", scope: "device", bytesPerSecond: 2e9 }],
      sources: [{ id: "m", kind: "measurement", title: "t", adapter: "t", covers: ["*"] }],
    });
    expect(
      validationIssues(() =>
        scaleSpec(measured, { computeUnits: 2, memory: { DRAM: { capacity: 2 } } }),
      ),
    ).toEqual([
      "scaling.computeUnits: measured states no compute-unit count to scale",
      'scaling.memory["DRAM"].capacity: measured states no size for DRAM',
    ]);
  });

  it("re-validates the result: an L2 shrunk below one SM's L1 is refused, with the reason", () => {
    const run = () => scaleSpec(h100, { memory: { L2: { capacity: 1 / 256 } } });
    expect(validationIssues(run)).toEqual([
      "memory[1].bytes: L2 holds 200 KiB, less than the nearer L1 (256 KiB per unit); list levels from nearest to farthest",
    ]);
    expect(run).toThrow(/^what-if of h100-sxm \(L2 size ×1\/256\):/);
    expect(scaleSpec(h100, { clock: 1 / 3, computeUnits: 1.5 }).name).toBe(
      "NVIDIA H100 SXM5 80GB (what-if: clock ×1/3, 198 SMs)",
    );
    expect(scaleSpec(h100, { clock: 1.234567 }).name).toMatch(/clock ×1\.235\)$/);
  });
});
