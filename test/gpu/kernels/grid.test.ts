import { describe, expect, it } from "vitest";
import { linearGrid } from "../../../src/gpu/kernels/grid.ts";

describe("linearGrid(invocations, workgroupSize, maxPerDimension)", () => {
  it("uses one dimension while it fits", () => {
    expect(linearGrid(1000, 256, 65535)).toEqual([4, 1, 1]);
    expect(linearGrid(1, 256, 65535)).toEqual([1, 1, 1]);
  });

  it("folds into a second dimension past the per-dimension limit, covering every invocation", () => {
    const [x, y] = linearGrid(256 * 100_000, 256, 65535);
    expect(x).toBeLessThanOrEqual(65535);
    expect(x * y * 256).toBeGreaterThanOrEqual(256 * 100_000);
  });
});
