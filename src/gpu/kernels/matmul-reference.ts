import { randomBelow, seededRandom } from "../random.ts";
import type { ElementCheck } from "../verify.ts";
import type { MatmulShape } from "./matmul-problem.ts";

/** Unit roundoff of f32 accumulation: 2^-24. */
const F32_UNIT_ROUNDOFF = 2 ** -24;

/** Multiply-adds the reference may spend before it checks a sample instead of every element. */
export const FULL_CHECK_MULTIPLY_ADDS = 2 ** 27;

/** The tolerance rule, in words, for reports. */
export const MATMUL_TOLERANCE =
  "|c - c_ref| <= gamma(K+1) * sum_k |a_ik b_kj|, gamma(n) = n u / (1 - n u), u = 2^-24 " +
  "(Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., eq. 3.5, any summation order)";

/**
 * The elements of C to check against an f64 reference computed from the very values the GPU
 * read. Every element when M N K <= `budget` multiply-adds; otherwise the first and last row and
 * column (where ragged tiles end) and a seeded random sample, within about `budget`.
 * Each tolerance is the worst-case rounding error bound for an f32 dot product of length K, so a
 * correct kernel always passes whatever order it sums in, and a dropped or repeated term fails.
 */
export function* matmulChecks(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  { M, N, K }: MatmulShape,
  budget = FULL_CHECK_MULTIPLY_ADDS,
): Generator<ElementCheck> {
  // B transposed once, so each reference dot product reads memory in order.
  const bt = new Float64Array(N * K);
  for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) bt[j * K + k] = b[k * N + j]!;
  const gamma = ((K + 1) * F32_UNIT_ROUNDOFF) / (1 - (K + 1) * F32_UNIT_ROUNDOFF);
  const check = (i: number, j: number): ElementCheck => {
    let sum = 0;
    let magnitude = 0;
    for (let k = 0; k < K; k++) {
      const product = a[i * K + k]! * bt[j * K + k]!;
      sum += product;
      magnitude += Math.abs(product);
    }
    return { index: i * N + j, expected: sum, tolerance: gamma * magnitude };
  };
  if (M * N * K <= budget) {
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) yield check(i, j);
    return;
  }
  for (const i of new Set([0, M - 1])) for (let j = 0; j < N; j++) yield check(i, j);
  for (const j of new Set([0, N - 1])) for (let i = 1; i < M - 1; i++) yield check(i, j);
  const random = seededRandom(M * 31 + N * 17 + K);
  const samples = Math.max(0, Math.floor(budget / K) - 2 * (M + N));
  for (let s = 0; s < samples; s++) yield check(randomBelow(random, M), randomBelow(random, N));
}
