import { z } from "zod";
import { parseOrThrow } from "../validation.ts";

/**
 * A decoder-only transformer described by its config, in the terms of Hugging Face's
 * config.json (the field each maps from is noted). Counts are plain numbers of elements.
 * Biases are not modelled (none of the shipped models has them in its linear layers, except
 * GPT-3, where they are < 0.1% of the weights).
 */

const positiveInteger = () => z.number().int("must be an integer").positive("must be > 0");

const sourceSchema = z.strictObject({
  title: z.string().min(1, "must not be empty"),
  url: z.url("must be a URL").optional(),
  note: z.string().optional(),
});

const llmConfigSchema = z
  .strictObject({
    /** Lower-case kebab-case id: "llama-3-8b". */
    id: z
      .string()
      .regex(/^[a-z0-9]+(?:[-.][a-z0-9]+)*$/, "must be lower-case kebab-case, e.g. llama-3-8b"),
    name: z.string().min(1, "must not be empty"),
    /** num_hidden_layers. */
    layers: positiveInteger(),
    /** hidden_size. */
    hiddenSize: positiveInteger(),
    /** num_attention_heads. */
    heads: positiveInteger(),
    /** num_key_value_heads (grouped-query attention); defaults to heads (multi-head attention). */
    kvHeads: positiveInteger().optional(),
    /** head_dim; defaults to hiddenSize / heads. */
    headDim: positiveInteger().optional(),
    /** intermediate_size: the MLP's inner width. */
    intermediateSize: positiveInteger(),
    /** vocab_size. */
    vocabSize: positiveInteger(),
    /** A gated MLP (SwiGLU: gate, up and down projections) or a plain one (up, down). */
    gatedMlp: z.boolean(),
    /** hidden_act: "silu" (SwiGLU) or "gelu" (tanh approximation). */
    activation: z.enum(["silu", "gelu"], { error: "must be silu or gelu" }),
    /** RMSNorm (Llama, Mistral) or LayerNorm (GPT). */
    norm: z.enum(["rmsnorm", "layernorm"], { error: "must be rmsnorm or layernorm" }),
    /** Rotary position embedding, applied to Q and K in every layer, or learned absolute ones. */
    positionEmbedding: z.enum(["rope", "learned"], { error: "must be rope or learned" }),
    /** tie_word_embeddings: the LM head reuses the embedding matrix. */
    tiedEmbeddings: z.boolean(),
    /** max_position_embeddings: the longest context the model was trained for. */
    maxContextTokens: positiveInteger(),
    /** sliding_window: each token attends to at most this many previous tokens (Mistral). */
    slidingWindowTokens: positiveInteger().optional(),
    sources: z.array(sourceSchema).min(1, "must cite at least one source"),
  })
  .superRefine((config, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.issues.push({ code: "custom", path: [path], message, input: config });
    if (config.headDim === undefined && config.hiddenSize % config.heads !== 0) {
      issue(
        "heads",
        `${config.heads} does not divide hiddenSize ${config.hiddenSize}: give headDim explicitly`,
      );
    }
    const kvHeads = config.kvHeads ?? config.heads;
    if (config.heads % kvHeads !== 0) {
      issue(
        "kvHeads",
        `${kvHeads} does not divide heads ${config.heads} (grouped-query attention shares each KV head among heads / kvHeads query heads)`,
      );
    }
  });

export type LlmConfigInput = z.input<typeof llmConfigSchema>;

/** A validated config with the derived head sizes filled in. */
export type LlmConfig = z.output<typeof llmConfigSchema> & {
  kvHeads: number;
  headDim: number;
};

const validated = new WeakSet<object>();

/**
 * Validates `data` as a transformer config and returns it frozen, with kvHeads and headDim
 * filled in; throws one ValidationError naming every bad field. A config that came from here
 * is returned as it is.
 */
export function parseLlmConfig(data: unknown, subject = "model config"): LlmConfig {
  if (typeof data === "object" && data !== null && validated.has(data)) return data as LlmConfig;
  const parsed = parseOrThrow(llmConfigSchema, data, subject);
  const config: LlmConfig = Object.freeze({
    ...parsed,
    kvHeads: parsed.kvHeads ?? parsed.heads,
    headDim: parsed.headDim ?? parsed.hiddenSize / parsed.heads,
  });
  validated.add(config);
  return config;
}

/** Parameter counts of a config, by tensor, in elements. */
export interface LlmParameterCounts {
  /** Token embedding table: vocab x hidden. */
  embedding: number;
  /** Per layer: Q, K, V and output projections. */
  attentionPerLayer: number;
  /** Per layer: the MLP's gate (if gated), up and down projections. */
  mlpPerLayer: number;
  /** Per layer: the two norms' scales (and biases, for LayerNorm). */
  normsPerLayer: number;
  /** Final norm. */
  finalNorm: number;
  /** LM head: hidden x vocab, 0 when tied to the embedding. */
  lmHead: number;
  /** Every linear layer (attention, MLP, LM head): what a GEMM reads as weights. */
  linear: number;
  total: number;
}

export function llmParameterCounts(config: LlmConfig): LlmParameterCounts {
  const { hiddenSize: h, heads, kvHeads, headDim: d, intermediateSize: i, vocabSize: v } = config;
  const attentionPerLayer = h * (heads * d + 2 * kvHeads * d) + heads * d * h;
  const mlpPerLayer = (config.gatedMlp ? 3 : 2) * h * i;
  const normParams = config.norm === "layernorm" ? 2 * h : h;
  const embedding = v * h;
  const lmHead = config.tiedEmbeddings ? 0 : v * h;
  const perLayer = attentionPerLayer + mlpPerLayer + 2 * normParams;
  return {
    embedding,
    attentionPerLayer,
    mlpPerLayer,
    normsPerLayer: 2 * normParams,
    finalNorm: normParams,
    lmHead,
    linear: config.layers * (attentionPerLayer + mlpPerLayer) + v * h,
    total: embedding + config.layers * perLayer + normParams + lmHead,
  };
}
