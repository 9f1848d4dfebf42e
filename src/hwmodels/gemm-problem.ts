import { BYTES_PER_ELEMENT, isPrecision, PRECISIONS, type Precision } from "./precision.ts";
import type { Issue } from "./validation.ts";

/** C = A B with A M x K, B K x N, all in `dtype` (C in int32 for integer dtypes). */
export interface GemmProblem {
  M: number;
  N: number;
  K: number;
  dtype: Precision;
}

/** Every problem with a GEMM's sizes and dtype, by field; empty when it is well-formed. */
export function gemmProblemIssues(problem: GemmProblem): Issue[] {
  if (isWellFormed(problem)) return [];
  const issues: Issue[] = [];
  for (const key of ["M", "N", "K"] as const) {
    const value = problem?.[key];
    if (!isPositiveInteger(value)) {
      issues.push({
        path: `problem.${key}`,
        message: `must be a positive integer (got ${String(value)})`,
      });
    }
  }
  if (!isPrecision(problem?.dtype)) {
    issues.push({
      path: "problem.dtype",
      message: `unknown precision "${String(problem?.dtype)}"; known: ${PRECISIONS.join(", ")}`,
    });
  }
  return issues;
}

function isWellFormed(problem: GemmProblem): boolean {
  return (
    isPositiveInteger(problem?.M) &&
    isPositiveInteger(problem.N) &&
    isPositiveInteger(problem.K) &&
    isPrecision(problem.dtype)
  );
}

function isPositiveInteger(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value > 0;
}

/** Bytes of one element of C: the dtype's for floats, 4 (int32) for integers. */
export function outputBytesPerElement(dtype: Precision): number {
  return dtype.startsWith("int") ? 4 : BYTES_PER_ELEMENT[dtype];
}

/** 2MNK: one multiply and one add per term. */
export function gemmFlops({ M, N, K }: GemmProblem): number {
  return 2 * M * N * K;
}

/** Reading A and B once and writing C once: no schedule moves less through device memory. */
export function compulsoryBytes(problem: GemmProblem): number {
  const { M, N, K, dtype } = problem;
  return BYTES_PER_ELEMENT[dtype] * (M * K + K * N) + outputBytesPerElement(dtype) * M * N;
}

/**
 * The I/O lower bound of classical matrix multiplication (Hong & Kung 1981; the constant from
 * Smith, Irony, van de Geijn et al., "A tight I/O lower bound for matrix multiplication", 2019):
 * a processor whose fast memory holds S elements moves at least 2MNK / sqrt(S) elements between
 * it and slow memory. Returned in bytes for a fast memory of `fastMemoryBytes`, and never below
 * the compulsory traffic (`compulsory`, for a caller that has already computed it).
 */
export function ioLowerBoundBytes(
  problem: GemmProblem,
  fastMemoryBytes: number,
  compulsory = compulsoryBytes(problem),
): number {
  const elementBytes = BYTES_PER_ELEMENT[problem.dtype];
  const fastElements = fastMemoryBytes / elementBytes;
  const bound = (elementBytes * gemmFlops(problem)) / Math.sqrt(fastElements);
  return Math.max(bound, compulsory);
}
