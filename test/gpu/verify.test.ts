import { describe, expect, it } from "vitest";
import { VerificationError } from "../../src/gpu/errors.ts";
import { verifyElements } from "../../src/gpu/verify.ts";

const exact = (values: number[]) =>
  values.map((expected, index) => ({ index, expected, tolerance: 0 }));

describe("verifyElements(kernel, actual, checks)", () => {
  it("passes output within tolerance and reports the largest error", () => {
    const result = verifyElements(
      "k",
      [1, 2.05, 3],
      [0, 1, 2].map((index) => ({ index, expected: index + 1, tolerance: 0.1 })),
      { tolerance: "0.1" },
    );
    expect(result.checkedElements).toBe(3);
    expect(result.maxError).toBeCloseTo(0.05);
    expect(result.maxErrorToTolerance).toBeCloseTo(0.5);
  });

  it("throws VerificationError naming the worst element by its coordinates", () => {
    const actual = [0, 0, 0, 0, 0, 9];
    const run = () =>
      verifyElements("matmul", actual, exact([0, 1, 0, 0, 0, 0]), {
        shape: [2, 3],
        tolerance: "exact",
      });
    expect(run).toThrow(VerificationError);
    try {
      run();
    } catch (error) {
      const { worst, wrongElements } = error as VerificationError;
      expect(wrongElements).toBe(2);
      expect(worst).toMatchObject({
        index: 5,
        coordinates: [1, 2],
        actual: 9,
        expected: 0,
        error: 9,
      });
      expect((error as Error).message).toMatch(/worst at \[1, 2\]: got 9, expected 0/);
    }
  });

  it("counts NaN as wrong", () => {
    expect(() => verifyElements("k", [Number.NaN], exact([1]), { tolerance: "exact" })).toThrow(
      /got NaN, expected 1/,
    );
  });
});
