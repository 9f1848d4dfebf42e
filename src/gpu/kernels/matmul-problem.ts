/** C (M x N) = A (M x K) times B (K x N), all row-major. */
export interface MatmulShape {
  M: number;
  N: number;
  K: number;
}

/**
 * Element type of A and B. `f16` stores and stages A and B as f16 (half the memory traffic and
 * workgroup storage) and accumulates in f32; needs the `shader-f16` feature. C is always f32.
 */
export type MatmulPrecision = "f32" | "f16";

/** Bytes per element of A and B. */
export function elementBytes(precision: MatmulPrecision): number {
  return precision === "f16" ? 2 : 4;
}

/** The widest vector (4, 2 or 1 elements) whose loads stay aligned along a row of `length`. */
export function vectorWidth(length: number, ...alsoDividing: number[]): 1 | 2 | 4 {
  for (const width of [4, 2] as const) {
    if ([length, ...alsoDividing].every((n) => n % width === 0)) return width;
  }
  return 1;
}

/** WGSL type of a `width`-element vector of `scalar` (`f32`, `vec4<f16>`...). */
export function wgslVector(scalar: string, width: number): string {
  return width === 1 ? scalar : `vec${width}<${scalar}>`;
}

/** Components of a WGSL vector, in order. */
export const COMPONENTS = ["x", "y", "z", "w"] as const;

/** Problems with a matmul shape: non-positive or non-integer sizes. Empty when fine. */
export function shapeProblems({ M, N, K }: MatmulShape): string[] {
  return Object.entries({ M, N, K })
    .filter(([, value]) => !Number.isInteger(value) || value <= 0)
    .map(([name, value]) => `${name} must be a positive integer (got ${value})`);
}
