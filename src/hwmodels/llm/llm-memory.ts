import type { HardwareSpec } from "../hardware-spec.ts";
import { deviceMemory, levelCapacityBytes } from "../memory-levels.ts";
import { BYTES_PER_ELEMENT } from "../precision.ts";
import { formatQuantity } from "../units.ts";
import { ValidationError } from "../validation.ts";
import { type LlmConfig, llmParameterCounts } from "./llm-config.ts";
import { llmOperatorWork, phaseShape } from "./llm-operators.ts";
import type { LlmWorkload } from "./llm-workload.ts";

/**
 * What one device must hold: its share of the weights, the KV cache of every sequence at its
 * longest, and the activations of the largest operator in flight. All in bytes.
 *
 *   weights     = linear layers / t x weight bytes  (+ norms and the embedding table, kept in
 *                 the activation precision; a vocab-parallel embedding and LM head hold V / t rows)
 *   KV cache    = 2 x layers x batch x tokens x (kvHeads / t) x headDim x KV bytes,
 *                 tokens = min(max(sequenceLength, kvCacheLength + 1), sliding window)
 *   activations = the residual stream (T x hidden) + the largest operator's inputs and outputs
 */
export interface LlmMemoryFootprint {
  weightsBytes: number;
  kvCacheBytes: number;
  activationsBytes: number;
  totalBytes: number;
  /** KV-cache bytes per token of one sequence (all layers, this device). */
  kvBytesPerToken: number;
  /** Tokens each sequence keeps in its KV cache. */
  kvCacheTokens: number;
  /** The device memory level and its capacity; null when the spec does not state it. */
  level: string;
  capacityBytes: number | null;
  /** capacity - total; null when the capacity is unknown. */
  headroomBytes: number | null;
  /** Whether the footprint fits; null when the capacity is unknown. */
  fits: boolean | null;
  /** One sentence with the numbers. */
  reason: string;
}

export function llmMemoryFootprint(
  config: LlmConfig,
  hw: HardwareSpec,
  workload: LlmWorkload,
): LlmMemoryFootprint {
  const t = workload.tensorParallel;
  const shape = phaseShape(config, workload, "prefill");
  const a = BYTES_PER_ELEMENT[workload.precision.activations];
  const w = BYTES_PER_ELEMENT[workload.precision.weights];
  const k = BYTES_PER_ELEMENT[workload.precision.kvCache];
  const { hiddenSize: h, headDim: d, layers } = config;
  const params = llmParameterCounts(config);
  const attention = h * (shape.heads * d + 2 * shape.kvHeads * d) + shape.heads * d * h;
  const mlp = (config.gatedMlp ? 3 : 2) * h * shape.intermediate;
  const table = shape.vocab * h;
  const weightsBytes =
    layers * (attention + mlp) * w +
    (layers * params.normsPerLayer + params.finalNorm) * a +
    table * a +
    (config.tiedEmbeddings ? 0 : table * w);

  const kvCacheTokens = Math.min(
    Math.max(workload.sequenceLength, workload.kvCacheLength + 1),
    config.slidingWindowTokens ?? Infinity,
  );
  const kvBytesPerToken = 2 * layers * shape.kvHeads * d * k;
  const kvCacheBytes = workload.batch * kvCacheTokens * kvBytesPerToken;

  let largest = 0;
  for (const phase of ["prefill", "decode"] as const) {
    const phaseDims = phaseShape(config, workload, phase);
    const residual = phaseDims.batch * phaseDims.newTokens * h * a;
    for (const op of llmOperatorWork(config, workload, phaseDims)) {
      largest = Math.max(largest, residual + op.bytes.activations);
    }
  }
  const activationsBytes = largest;
  const totalBytes = weightsBytes + kvCacheBytes + activationsBytes;
  const level = deviceMemory(hw);
  const capacityBytes = levelCapacityBytes(level) ?? null;
  const fits = capacityBytes === null ? null : totalBytes <= capacityBytes;
  const size = (bytes: number) => formatQuantity(bytes, "bytes", { digits: 3 });
  const parts = `weights ${size(weightsBytes)} + KV cache ${size(kvCacheBytes)} + activations ${size(activationsBytes)}`;
  const perDevice = t > 1 ? ` per device (tensorParallel ${t})` : "";
  const reason =
    capacityBytes === null
      ? `${config.id} needs ${size(totalBytes)}${perDevice} (${parts}); ${hw.id} states no ${level.name} capacity`
      : `${config.id} needs ${size(totalBytes)}${perDevice} (${parts}) of the ${size(capacityBytes)} of ${level.name} on ${hw.id}${fits ? `: ${size(capacityBytes - totalBytes)} to spare` : ": it does not fit"}`;
  return {
    weightsBytes,
    kvCacheBytes,
    activationsBytes,
    totalBytes,
    kvBytesPerToken,
    kvCacheTokens,
    level: level.name,
    capacityBytes,
    headroomBytes: capacityBytes === null ? null : capacityBytes - totalBytes,
    fits,
    reason,
  };
}

/** A model that does not fit in device memory; `footprint` has the numbers. */
export class ModelDoesNotFitError extends ValidationError {
  override name = "ModelDoesNotFitError";
  readonly footprint: LlmMemoryFootprint;
  constructor(footprint: LlmMemoryFootprint) {
    super("memory", [
      {
        path: "",
        message: `${footprint.reason}. Quantize the weights or KV cache, shorten the batch or context, or shard with tensorParallel`,
      },
    ]);
    this.footprint = footprint;
  }
}
