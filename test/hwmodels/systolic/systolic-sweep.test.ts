import { describe, expect, it } from "vitest";
import { resnet50Layers } from "../../../src/hwmodels/systolic/resnet50-layers.ts";
import { systolicNetwork } from "../../../src/hwmodels/systolic/systolic-model.ts";
import {
  arrayShapes,
  powersOfTwo,
  systolicSweep,
} from "../../../src/hwmodels/systolic/systolic-sweep.ts";
import { validationIssues } from "../validation-issues.ts";

describe("systolicSweep(layers, shapes, base)", () => {
  it("gives every shape the totals systolicNetwork gives it", () => {
    const layers = resnet50Layers().slice(0, 12);
    const shapes = arrayShapes({ rows: [4, 24, 128], cols: [8, 128] });
    for (const base of [
      { dataflow: "ws" as const },
      { dataflow: "os" as const, dramWordsPerCycle: 16, convention: "scale-sim" as const },
      { dataflow: "is" as const, dramWordsPerCycle: 64, ifmapSramBytes: 8192 },
    ]) {
      const points = systolicSweep(layers, shapes, base);
      points.forEach((point, i) => {
        const network = systolicNetwork(layers, { ...base, ...shapes[i]! });
        expect(point.totalCycles).toBe(network.cycles.total);
        expect(point.stallCycles).toBe(network.cycles.stall);
        expect(point.utilization).toBeCloseTo(network.utilization, 14);
        expect(point.mappingEfficiency).toBeCloseTo(network.mappingEfficiency, 14);
        expect(point.dramBytes).toBe(base.dramWordsPerCycle ? network.dramBytes : null);
      });
    }
  });

  it("arrayShapes keeps shapes within a PE budget; powersOfTwo counts up", () => {
    expect(powersOfTwo(4, 32)).toEqual([4, 8, 16, 32]);
    const shapes = arrayShapes({ rows: powersOfTwo(1, 64), cols: powersOfTwo(1, 64), maxPes: 256 });
    expect(shapes.every((s) => s.rows * s.cols <= 256)).toBe(true);
    expect(shapes).toContainEqual({ rows: 4, cols: 64 });
    expect(shapes).not.toContainEqual({ rows: 8, cols: 64 });
  });

  it("rejects a shape that is not a positive integer pair, by index", () => {
    expect(
      validationIssues(() =>
        systolicSweep(
          [{ kind: "gemm", M: 1, N: 1, K: 1 }],
          [
            { rows: 4, cols: 4 },
            { rows: 0, cols: 4 },
          ],
        ),
      ),
    ).toEqual(["[1]: rows and cols must be integers > 0 (got 0 x 4)"]);
  });
});
