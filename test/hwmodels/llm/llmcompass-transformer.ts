import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getLlmModel } from "../../../src/hwmodels/llm/llm-models.ts";
import type { LlmPhase } from "../../../src/hwmodels/llm/llm-operators.ts";
import { llmPhase } from "../../../src/hwmodels/llm/llm-phase.ts";
import { parseLlmWorkload } from "../../../src/hwmodels/llm/llm-workload.ts";
import { getPreset } from "../../../src/hwmodels/presets.ts";

/**
 * LLMCompass's A100 measurements of one GPT-3 175B layer (test/fixtures/llmcompass/README.md),
 * set against this model's operators. The measured layer is one of 4 tensor-parallel shards
 * (24 of 96 heads, a quarter of the MLP), batch 8: prefill of 2048-token prompts, and one
 * decode step with 3072 tokens in the KV cache (ae/figure5/ijkl/test_transformer.py). PyTorch
 * ran it unfused, in fp16: three separate Q, K, V projections, Q K^T, softmax and A V as
 * separate kernels (software_model/transformer.py, run_on_gpu).
 */

/** The measured operators, in the order of the CSVs, with this model's operator for each. */
export const LLMCOMPASS_OPERATORS = [
  { measured: "Q_K_V", operator: "qkv_proj", kernels: 3 },
  { measured: "Q_mul_K", operator: "qk_matmul", kernels: 1 },
  { measured: "A_mul_V", operator: "av_matmul", kernels: 1 },
  { measured: "Wo_proj", operator: "o_proj", kernels: 1 },
  { measured: "W1_proj", operator: "up_proj", kernels: 1 },
  { measured: "W2_proj", operator: "down_proj", kernels: 1 },
  { measured: "Softmax", operator: "softmax", kernels: 1 },
  { measured: "LayerNorm_MHA", operator: "attn_norm", kernels: 1 },
  { measured: "LayerNorm_FFN", operator: "mlp_norm", kernels: 1 },
  { measured: "GeLU", operator: "activation", kernels: 1 },
] as const;

/**
 * LLMCompass's A100 host overheads per kernel, seconds (hardware_model/compute_module.py,
 * overhead_dict["A100"]: matmul 2.1e-5, softmax 1.2e-5, layernorm 4.5e-5, gelu 4.5e-5), which
 * its own roofline model adds to every operator. The measurements are wall clock, so they
 * include such an overhead (LayerNorm's has a 1-element LayerNorm's time subtracted).
 */
export const LLMCOMPASS_A100_OVERHEADS = {
  gemm: 2.1e-5,
  attention: 2.1e-5,
  softmax: 1.2e-5,
  normalization: 4.5e-5,
  elementwise: 4.5e-5,
} as const;

export interface OperatorComparison {
  phase: LlmPhase;
  measured: string;
  operator: string;
  measuredSeconds: number;
  /** This model's roofline time, no overhead. */
  rooflineSeconds: number;
  /** Roofline plus LLMCompass's overhead for each kernel the measurement launched. */
  predictedSeconds: number;
  /** (rooflineSeconds - measured) / measured. */
  rooflineError: number;
  /** (predictedSeconds - measured) / measured. */
  error: number;
  bound: string;
}

const FIXTURES = join(import.meta.dirname, "../../fixtures/llmcompass");

/** The ten measured operators of a phase, in seconds (the all-reduce rows are not measurements). */
export function loadLlmcompassTransformer(phase: LlmPhase): number[] {
  const file = phase === "prefill" ? "transformer_A100.csv" : "transformerAR_A100.csv";
  const values = readFileSync(join(FIXTURES, file), "utf8").trim().split("\n").map(Number);
  return values.slice(0, LLMCOMPASS_OPERATORS.length);
}

export function compareWithLlmcompassTransformer(phase: LlmPhase): OperatorComparison[] {
  const workload = parseLlmWorkload({
    batch: 8,
    sequenceLength: 2048,
    kvCacheLength: 3072,
    precision: { weights: "fp16", activations: "fp16", kvCache: "fp16" },
    attention: "unfused",
    tensorParallel: 4,
    // Only times the all-reduces, which LLMCompass did not measure (A100 NVLink 3, per direction).
    interconnectBytesPerSecond: 300e9,
  });
  const result = llmPhase(getLlmModel("gpt-3-175b"), getPreset("a100-80gb-sxm"), workload, phase);
  const measured = loadLlmcompassTransformer(phase);
  return LLMCOMPASS_OPERATORS.map(({ measured: name, operator, kernels }, i) => {
    const op = result.operators.find((candidate) => candidate.name === operator)!;
    const overhead = LLMCOMPASS_A100_OVERHEADS[op.kind as keyof typeof LLMCOMPASS_A100_OVERHEADS];
    const predictedSeconds = op.seconds + kernels * overhead;
    const measuredSeconds = measured[i]!;
    return {
      phase,
      measured: name,
      operator,
      measuredSeconds,
      rooflineSeconds: op.seconds,
      predictedSeconds,
      rooflineError: (op.seconds - measuredSeconds) / measuredSeconds,
      error: (predictedSeconds - measuredSeconds) / measuredSeconds,
      bound: op.bound === "compute" ? "compute" : op.binding,
    };
  });
}

/** Mean absolute relative error, as a fraction. */
export function meanAbsolute(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + Math.abs(value), 0) / values.length;
}
