/**
 * Numeric precisions a hardware spec can state peaks for and a kernel can run in.
 *
 * Matrix-unit peaks follow the convention of the vendors' dense GEMM figures: 16-bit and 8-bit
 * floating-point inputs accumulate in fp32, integers in int32, fp64 in fp64. (GeForce parts run
 * fp16 with fp16 accumulation at twice the fp32-accumulate rate; specs here state the latter.)
 */
export const PRECISIONS = [
  "fp64",
  "fp32",
  "tf32",
  "bf16",
  "fp16",
  "fp8",
  "fp6",
  "fp4",
  "int8",
  "int4",
] as const;

export type Precision = (typeof PRECISIONS)[number];

/** Which execution unit a peak belongs to: matrix (tensor/matrix cores) or vector (SIMT ALUs). */
export const COMPUTE_UNIT_KINDS = ["matrix", "vector"] as const;
export type ComputeUnitKind = (typeof COMPUTE_UNIT_KINDS)[number];

/** Bytes one element occupies in memory; tf32 is stored as fp32. */
export const BYTES_PER_ELEMENT: Readonly<Record<Precision, number>> = {
  fp64: 8,
  fp32: 4,
  tf32: 4,
  bf16: 2,
  fp16: 2,
  fp8: 1,
  fp6: 0.75,
  fp4: 0.5,
  int8: 1,
  int4: 0.5,
};

/** Bytes of one accumulator element: fp64 for fp64, int32 for integers, fp32 otherwise. */
export const ACCUMULATOR_BYTES: Readonly<Record<Precision, number>> = {
  fp64: 8,
  fp32: 4,
  tf32: 4,
  bf16: 4,
  fp16: 4,
  fp8: 4,
  fp6: 4,
  fp4: 4,
  int8: 4,
  int4: 4,
};

export function isPrecision(value: unknown): value is Precision {
  return typeof value === "string" && (PRECISIONS as readonly string[]).includes(value);
}

/** `"fp16"` -> `"fp16"`; anything else throws an Error listing the known precisions. */
export function parsePrecision(text: string): Precision {
  if (isPrecision(text)) return text;
  throw new Error(`unknown precision "${text}"; known: ${PRECISIONS.join(", ")}`);
}
