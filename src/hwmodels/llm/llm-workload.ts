import { z } from "zod";
import { PRECISIONS, type Precision } from "../precision.ts";
import { parseOrThrow } from "../validation.ts";

/**
 * What an inference run asks of a model: batch, sequence and KV-cache lengths, the precision of
 * each tensor class, the attention kernel, and tensor parallelism.
 */

/** Tensor classes that can each have their own precision. */
export const LLM_TENSOR_CLASSES = ["weights", "activations", "kvCache"] as const;
export type LlmTensorClass = (typeof LLM_TENSOR_CLASSES)[number];

/** Precisions each tensor class may be stored in. */
export const LLM_PRECISIONS: Readonly<Record<LlmTensorClass, readonly Precision[]>> = {
  weights: ["fp32", "bf16", "fp16", "fp8", "int8", "int4", "fp4"],
  activations: ["fp32", "bf16", "fp16", "fp8", "int8"],
  kvCache: ["fp32", "bf16", "fp16", "fp8", "int8", "int4"],
};

function precisionOf(tensorClass: LlmTensorClass) {
  const allowed = LLM_PRECISIONS[tensorClass];
  return z
    .string({ error: "must be a precision name" })
    .refine((value) => (allowed as readonly string[]).includes(value), {
      error: (issue) =>
        (PRECISIONS as readonly string[]).includes(issue.input as string)
          ? `${tensorClass} cannot be stored in ${issue.input}; allowed: ${allowed.join(", ")}`
          : `unknown precision ${JSON.stringify(issue.input)}; allowed: ${allowed.join(", ")}`,
    })
    .transform((value) => value as Precision);
}

/**
 * Attention kernels:
 * - fused (default): FlashAttention-style; scores stay on chip, masked (causal) blocks are
 *   skipped, so attention costs the exact number of (query, key) pairs attended.
 * - unfused: Q K^T, softmax and (softmax) V as three kernels, as eager PyTorch runs them; the
 *   full L x (P + L) score matrix is computed and goes through device memory twice.
 */
export const ATTENTION_KERNELS = ["fused", "unfused"] as const;
export type AttentionKernel = (typeof ATTENTION_KERNELS)[number];

/** Operator kinds, for per-kind launch overheads and for grouping in plots. */
export const LLM_OPERATOR_KINDS = [
  "gemm",
  "attention",
  "softmax",
  "normalization",
  "elementwise",
  "embedding",
  "communication",
] as const;
export type LlmOperatorKind = (typeof LLM_OPERATOR_KINDS)[number];

const positiveInteger = () => z.number().int("must be an integer").positive("must be > 0");
const seconds = () => z.number().finite("must be finite").min(0, "must be >= 0");

const workloadSchema = z.strictObject({
  /** Sequences processed together (default 1). */
  batch: positiveInteger().default(1),
  /** Prompt tokens per sequence, processed by prefill (default 1024). */
  sequenceLength: positiveInteger().default(1024),
  /** Tokens already in each sequence's KV cache at the decode step (default: sequenceLength). */
  kvCacheLength: z.number().int("must be an integer").min(0, "must be >= 0").optional(),
  precision: z
    .strictObject({
      weights: precisionOf("weights").default("fp16"),
      activations: precisionOf("activations").default("fp16"),
      kvCache: precisionOf("kvCache").default("fp16"),
    })
    .prefault({}),
  attention: z
    .enum(ATTENTION_KERNELS, { error: `must be one of ${ATTENTION_KERNELS.join(", ")}` })
    .default("fused"),
  /** Devices the model is sharded over (Megatron-style tensor parallelism), default 1. */
  tensorParallel: positiveInteger().default(1),
  /** Per-device, per-direction interconnect bandwidth for the all-reduces; needed when tensorParallel > 1. */
  interconnectBytesPerSecond: z
    .number()
    .finite("must be finite")
    .positive("must be > 0")
    .optional(),
  /**
   * Host-side launch overhead added to every operator, seconds: one number, or one per
   * operator kind (default 0).
   */
  kernelOverheadSeconds: z
    .union([seconds(), z.partialRecord(z.enum(LLM_OPERATOR_KINDS), seconds())], {
      error: `must be seconds, or seconds per operator kind (${LLM_OPERATOR_KINDS.join(", ")})`,
    })
    .default(0),
});

export type LlmWorkloadInput = z.input<typeof workloadSchema>;
export type LlmWorkload = z.output<typeof workloadSchema> & { kvCacheLength: number };
export type LlmPrecision = LlmWorkload["precision"];

/** Validates a workload, defaults filled in; every bad field is named by path. */
export function parseLlmWorkload(data: unknown = {}, subject = "workload"): LlmWorkload {
  const parsed = parseOrThrow(workloadSchema, data, subject);
  return { ...parsed, kvCacheLength: parsed.kvCacheLength ?? parsed.sequenceLength };
}

/** The launch overhead of one operator of `kind`, seconds. */
export function kernelOverhead(workload: LlmWorkload, kind: LlmOperatorKind): number {
  const overhead = workload.kernelOverheadSeconds;
  return typeof overhead === "number" ? overhead : (overhead[kind] ?? 0);
}
