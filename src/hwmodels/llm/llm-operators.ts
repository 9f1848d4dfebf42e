import { BYTES_PER_ELEMENT } from "../precision.ts";
import { ValidationError } from "../validation.ts";
import type { LlmConfig } from "./llm-config.ts";
import type { LlmOperatorKind, LlmWorkload } from "./llm-workload.ts";

/**
 * The operators of one forward pass of a decoder-only transformer on one device, with the work
 * each does: FLOPs and the bytes it must move through device memory, by tensor class. Pure
 * counting, no hardware. Every formula is written out in docs/llm-inference.md.
 *
 * Notation: b sequences, L new tokens each (prefill: the prompt; decode: 1), P tokens already
 * in the KV cache (prefill: 0; decode: kvCacheLength), T = b L tokens, hidden h, head size d.
 * Per device with tensor parallelism t: nh = heads / t query heads, nkv = kvHeads / t KV heads
 * (1 when kvHeads < t: replicated), i = intermediate / t, V = ceil(vocab / t).
 *
 * Conventions (these are choices; the counts are exact under them):
 * - A multiply-add is 2 FLOPs. Matrix FLOPs run on matrix units in the activation precision
 *   (narrower weights and KV entries are dequantized to it); element-wise FLOPs run on vector
 *   units in fp32: RMSNorm 4 per element (square, sum, scale, weight), LayerNorm 7 (mean, centre,
 *   square, sum, scale, weight, bias), RoPE 3 (2 multiplies, 1 add), SiLU-gated 5 per output
 *   (4 for SiLU, 1 for the gate product), GELU 9 (tanh form), softmax 5 per score (max,
 *   subtract, exp, sum, divide), residual add 1.
 * - Each operator reads its inputs from and writes its outputs to device memory once; weights
 *   are read once per forward pass (one pass over them serves the whole batch).
 * - Attention pairs: query j of a sequence (j = 1..L) attends to min(P + j, window) keys. The
 *   fused kernel costs exactly those pairs; the unfused one computes the full L x (P + L) score
 *   rectangle (masking is applied to it, not skipped).
 * - The LM head runs on the last token of each sequence only (b rows, in prefill too): only the
 *   next token's logits are needed. The final norm runs on all T tokens, as inference engines do.
 * - Norm scales and the embedding table stay in the activation precision when weights are
 *   quantized; every linear layer (and an untied LM head) uses the weight precision.
 */

export type LlmPhase = "prefill" | "decode";

/** Bytes an operator moves, by tensor class. */
export interface TensorBytes {
  weights: number;
  activations: number;
  kvCache: number;
}

export interface LlmOperatorWork {
  name: string;
  kind: LlmOperatorKind;
  /** Instances per forward pass: the layer count for per-layer operators, 1 otherwise. */
  count: number;
  /** The operator's shape, for people: "[2048 x 4096] . [4096 x 6144]". */
  shape: string;
  /** FLOPs on matrix units, in the activation precision, per instance. */
  matrixFlops: number;
  /** FLOPs on vector units, in fp32, per instance. */
  vectorFlops: number;
  /** Device-memory bytes per instance. */
  bytes: TensorBytes;
  /** Bytes each device sends in an all-reduce (communication operators only). */
  messageBytes: number;
}

/** The per-device sizes of one phase. */
export interface LlmPhaseShape {
  phase: LlmPhase;
  /** Sequences. */
  batch: number;
  /** New tokens per sequence. */
  newTokens: number;
  /** Tokens already in each sequence's KV cache. */
  pastTokens: number;
  /** Query heads per device. */
  heads: number;
  /** KV heads per device. */
  kvHeads: number;
  /** MLP width per device. */
  intermediate: number;
  /** LM-head columns per device. */
  vocab: number;
}

/** Per-device sizes for `phase`; throws a ValidationError when the model does not shard evenly. */
export function phaseShape(
  config: LlmConfig,
  workload: LlmWorkload,
  phase: LlmPhase,
): LlmPhaseShape {
  const t = workload.tensorParallel;
  const issues = [];
  if (config.heads % t !== 0) {
    issues.push({
      path: "tensorParallel",
      message: `${t} does not divide the ${config.heads} attention heads of ${config.id}`,
    });
  }
  if (config.kvHeads % t !== 0 && t % config.kvHeads !== 0) {
    issues.push({
      path: "tensorParallel",
      message: `${t} neither divides nor is a multiple of the ${config.kvHeads} KV heads of ${config.id}`,
    });
  }
  if (config.intermediateSize % t !== 0) {
    issues.push({
      path: "tensorParallel",
      message: `${t} does not divide the MLP width ${config.intermediateSize} of ${config.id}`,
    });
  }
  if (issues.length) throw new ValidationError("workload", issues);
  return {
    phase,
    batch: workload.batch,
    newTokens: phase === "prefill" ? workload.sequenceLength : 1,
    pastTokens: phase === "prefill" ? 0 : workload.kvCacheLength,
    heads: config.heads / t,
    kvHeads: Math.max(1, config.kvHeads / t),
    intermediate: config.intermediateSize / t,
    vocab: Math.ceil(config.vocabSize / t),
  };
}

/** Sum over j = 1..L of min(P + j, window): the (query, key) pairs one sequence attends. */
export function attendedPairs(newTokens: number, pastTokens: number, window = Infinity): number {
  const L = newTokens;
  const P = pastTokens;
  // Queries j <= window - P see P + j keys; the rest see `window`.
  const unclipped = Math.max(0, Math.min(L, window - P));
  const clipped = L - unclipped;
  return unclipped * P + (unclipped * (unclipped + 1)) / 2 + (clipped > 0 ? clipped * window : 0);
}

/** Keys of one sequence the attention reads: every key in the cache, the new ones included. */
export function keysRead(shape: LlmPhaseShape, window = Infinity): number {
  return Math.min(shape.pastTokens + shape.newTokens, window);
}

const NORM_FLOPS = { rmsnorm: 4, layernorm: 7 } as const;
const ACTIVATION_FLOPS = { silu: 5, gelu: 9 } as const;
const ROPE_FLOPS = 3;
const SOFTMAX_FLOPS = 5;

function dims(...values: number[]): string {
  return `[${values.join(" x ")}]`;
}

/** The operators of one forward pass in `shape`, in execution order. */
export function llmOperatorWork(
  config: LlmConfig,
  workload: LlmWorkload,
  shape: LlmPhaseShape,
): LlmOperatorWork[] {
  const { layers, hiddenSize: h, headDim: d } = config;
  const { batch: b, newTokens: L, heads: nh, kvHeads: nkv, intermediate: i, vocab: V } = shape;
  const T = b * L;
  const a = BYTES_PER_ELEMENT[workload.precision.activations];
  const w = BYTES_PER_ELEMENT[workload.precision.weights];
  const k = BYTES_PER_ELEMENT[workload.precision.kvCache];
  const qDim = nh * d;
  const kvDim = nkv * d;
  const window = config.slidingWindowTokens ?? Infinity;
  const normParams = config.norm === "layernorm" ? 2 * h : h;
  const ops: LlmOperatorWork[] = [];
  const op = (
    name: string,
    kind: LlmOperatorKind,
    count: number,
    shapeText: string,
    work: Partial<Omit<LlmOperatorWork, "name" | "kind" | "count" | "shape" | "bytes">> & {
      bytes: Partial<TensorBytes>;
    },
  ) =>
    ops.push({
      name,
      kind,
      count,
      shape: shapeText,
      matrixFlops: work.matrixFlops ?? 0,
      vectorFlops: work.vectorFlops ?? 0,
      messageBytes: work.messageBytes ?? 0,
      bytes: { weights: 0, activations: 0, kvCache: 0, ...work.bytes },
    });
  const gemm = (name: string, count: number, M: number, K: number, N: number, weightBytes = w) =>
    op(name, "gemm", count, `${dims(M, K)} . ${dims(K, N)}`, {
      matrixFlops: 2 * M * K * N,
      bytes: { weights: K * N * weightBytes, activations: (M * K + M * N) * a },
    });
  const norm = (name: string, count: number) =>
    op(name, "normalization", count, dims(T, h), {
      vectorFlops: NORM_FLOPS[config.norm] * T * h,
      bytes: { weights: normParams * a, activations: 2 * T * h * a },
    });
  const residual = (name: string) =>
    op(name, "elementwise", layers, dims(T, h), {
      vectorFlops: T * h,
      bytes: { activations: 3 * T * h * a },
    });
  const allReduce = (name: string) => {
    if (workload.tensorParallel > 1) {
      op(name, "communication", layers, dims(T, h), { messageBytes: T * h * a, bytes: {} });
    }
  };

  op("embedding", "embedding", 1, dims(T, h), {
    vectorFlops: config.positionEmbedding === "learned" ? T * h : 0,
    bytes: {
      // Gathers T rows of the token table (and of the position table, for learned positions).
      weights: (config.positionEmbedding === "learned" ? 2 : 1) * T * h * a,
      activations: T * h * a,
    },
  });
  norm("attn_norm", layers);
  gemm("qkv_proj", layers, T, h, qDim + 2 * kvDim);
  if (config.positionEmbedding === "rope") {
    op("rope", "elementwise", layers, dims(T, qDim + kvDim), {
      vectorFlops: ROPE_FLOPS * T * (qDim + kvDim),
      bytes: { activations: 2 * T * (qDim + kvDim) * a },
    });
  }
  op("kv_store", "elementwise", layers, dims(T, 2 * kvDim), {
    bytes: { activations: T * 2 * kvDim * a, kvCache: T * 2 * kvDim * k },
  });
  const keys = keysRead(shape, window);
  if (workload.attention === "fused") {
    const pairs = attendedPairs(L, shape.pastTokens, window);
    op("attention", "attention", layers, `${b} x ${nh} heads x ${pairs} pairs x ${d}`, {
      matrixFlops: 4 * d * pairs * nh * b,
      vectorFlops: SOFTMAX_FLOPS * pairs * nh * b,
      bytes: { activations: 2 * T * qDim * a, kvCache: b * keys * 2 * kvDim * k },
    });
  } else {
    const scores = b * nh * L * keys;
    op("qk_matmul", "attention", layers, `${b * nh} x ${dims(L, d)} . ${dims(d, keys)}`, {
      matrixFlops: 2 * d * scores,
      bytes: { activations: T * qDim * a + scores * a, kvCache: b * keys * kvDim * k },
    });
    op("softmax", "softmax", layers, `${b * nh} x ${dims(L, keys)}`, {
      vectorFlops: SOFTMAX_FLOPS * scores,
      bytes: { activations: 2 * scores * a },
    });
    op("av_matmul", "attention", layers, `${b * nh} x ${dims(L, keys)} . ${dims(keys, d)}`, {
      matrixFlops: 2 * d * scores,
      bytes: { activations: scores * a + T * qDim * a, kvCache: b * keys * kvDim * k },
    });
  }
  gemm("o_proj", layers, T, qDim, h);
  allReduce("attn_allreduce");
  residual("attn_residual");
  norm("mlp_norm", layers);
  if (config.gatedMlp) {
    gemm("gate_up_proj", layers, T, h, 2 * i);
    op("activation", "elementwise", layers, dims(T, i), {
      vectorFlops: ACTIVATION_FLOPS[config.activation] * T * i,
      bytes: { activations: 3 * T * i * a },
    });
  } else {
    gemm("up_proj", layers, T, h, i);
    op("activation", "elementwise", layers, dims(T, i), {
      vectorFlops: ACTIVATION_FLOPS[config.activation] * T * i,
      bytes: { activations: 2 * T * i * a },
    });
  }
  gemm("down_proj", layers, T, i, h);
  allReduce("mlp_allreduce");
  residual("mlp_residual");
  norm("final_norm", 1);
  // A tied LM head is the embedding table, kept in the activation precision.
  gemm("lm_head", 1, b, h, V, config.tiedEmbeddings ? a : w);
  return ops;
}
