import { VerificationError, type WorstElement } from "./errors.ts";

/** One output element to compare with the CPU reference. */
export interface ElementCheck {
  index: number;
  expected: number;
  /** Largest acceptable `|actual - expected|`. */
  tolerance: number;
}

/** How a kernel's output compared with its CPU reference. */
export interface Verification {
  /** Elements compared with the reference. */
  checkedElements: number;
  /** Elements in the output. */
  totalElements: number;
  /** Largest `|actual - expected|` among the checked elements. */
  maxError: number;
  /** Largest error as a fraction of its element's tolerance: at most 1 when verified. */
  maxErrorToTolerance: number;
  /** How the tolerance was chosen, in words. */
  tolerance: string;
}

/**
 * Compares `actual` with the reference at every check. Throws VerificationError naming the worst
 * element (coordinates from `shape`, row-major) when any error exceeds its tolerance or is NaN.
 */
export function verifyElements(
  kernel: string,
  actual: ArrayLike<number>,
  checks: Iterable<ElementCheck>,
  { shape = [], tolerance }: { shape?: readonly number[]; tolerance: string },
): Verification {
  let checkedElements = 0;
  let maxError = 0;
  let maxErrorToTolerance = 0;
  let wrong = 0;
  let worst: (ElementCheck & { actual: number; error: number; ratio: number }) | undefined;
  for (const check of checks) {
    checkedElements++;
    const value = actual[check.index]!;
    const error = Math.abs(value - check.expected);
    // NaN compares false with everything: count it as infinitely wrong.
    const ratio =
      Number.isNaN(error) || (error > 0 && check.tolerance === 0)
        ? Number.POSITIVE_INFINITY
        : error / (check.tolerance || 1);
    if (error > maxError) maxError = error;
    if (ratio > maxErrorToTolerance) maxErrorToTolerance = ratio;
    if (ratio > 1) {
      wrong++;
      if (!worst || ratio > worst.ratio || (ratio === worst.ratio && error > worst.error))
        worst = { ...check, actual: value, error, ratio };
    }
  }
  if (worst) {
    const element: WorstElement = {
      index: worst.index,
      coordinates: unravel(worst.index, shape),
      actual: worst.actual,
      expected: worst.expected,
      error: Number.isNaN(worst.error) ? Number.POSITIVE_INFINITY : worst.error,
      tolerance: worst.tolerance,
    };
    throw new VerificationError(kernel, element, wrong);
  }
  return {
    checkedElements,
    totalElements: actual.length,
    maxError,
    maxErrorToTolerance,
    tolerance,
  };
}

/** Row-major coordinates of a flat index in `shape` ([] for no shape). */
function unravel(index: number, shape: readonly number[]): number[] {
  const coordinates: number[] = [];
  let rest = index;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    coordinates.unshift(rest % shape[axis]!);
    rest = Math.floor(rest / shape[axis]!);
  }
  return coordinates;
}
