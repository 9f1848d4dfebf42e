import { describe, expect, it } from "vitest";
import { llmParameterCounts } from "../../../src/hwmodels/llm/llm-config.ts";
import { getLlmModel } from "../../../src/hwmodels/llm/llm-models.ts";
import {
  attendedPairs,
  type LlmOperatorWork,
  llmOperatorWork,
  phaseShape,
} from "../../../src/hwmodels/llm/llm-operators.ts";
import { type LlmWorkloadInput, parseLlmWorkload } from "../../../src/hwmodels/llm/llm-workload.ts";
import { validationIssues } from "../validation-issues.ts";

function operators(model: string, phase: "prefill" | "decode", input: LlmWorkloadInput) {
  const config = getLlmModel(model);
  const workload = parseLlmWorkload(input);
  const ops = llmOperatorWork(config, workload, phaseShape(config, workload, phase));
  return new Map(ops.map((op) => [op.name, op]));
}

const total = (ops: Map<string, LlmOperatorWork>, pick: (op: LlmOperatorWork) => number) =>
  [...ops.values()].reduce((sum, op) => sum + pick(op) * op.count, 0);

describe("parameter counts against the published model sizes", () => {
  it.each([
    // Hugging Face model cards / safetensors metadata of each checkpoint.
    ["llama-2-7b", 6_738_415_616],
    ["llama-2-13b", 13_015_864_320],
    ["llama-2-70b", 68_976_648_192],
    ["llama-3-8b", 8_030_261_248],
    ["llama-3-70b", 70_553_706_496],
    ["mistral-7b", 7_241_732_096],
  ])("%s has %i parameters", (model, parameters) => {
    expect(llmParameterCounts(getLlmModel(model)).total).toBe(parameters);
  });
});

describe("operator FLOPs and bytes against hand-derived counts", () => {
  it("Llama 2 7B prefill, batch 1, 2048 tokens, fp16 (multi-head attention)", () => {
    const ops = operators("llama-2-7b", "prefill", { batch: 1, sequenceLength: 2048 });
    // Q, K and V: [2048 x 4096] . [4096 x 3 * 4096].
    expect(ops.get("qkv_proj")).toMatchObject({
      count: 32,
      shape: "[2048 x 4096] . [4096 x 12288]",
      matrixFlops: 2 * 2048 * 4096 * 12288,
      bytes: {
        weights: 4096 * 12288 * 2,
        activations: (2048 * 4096 + 2048 * 12288) * 2,
        kvCache: 0,
      },
    });
    // Causal attention: token j sees j keys, 2048 * 2049 / 2 = 2,098,176 pairs per head.
    expect(attendedPairs(2048, 0)).toBe(2_098_176);
    expect(ops.get("attention")).toMatchObject({
      matrixFlops: 4 * 128 * 2_098_176 * 32, // Q K^T and A V: 2 FLOPs x d per pair, each
      vectorFlops: 5 * 2_098_176 * 32,
      bytes: { activations: 2 * 2048 * 4096 * 2, kvCache: 2048 * 2 * 4096 * 2 },
    });
    expect(ops.get("rope")!.vectorFlops).toBe(3 * 2048 * 8192);
    expect(ops.get("kv_store")!.bytes).toEqual({
      weights: 0,
      activations: 2048 * 8192 * 2,
      kvCache: 2048 * 8192 * 2,
    });
    expect(ops.get("o_proj")!.matrixFlops).toBe(2 * 2048 * 4096 * 4096);
    expect(ops.get("gate_up_proj")!.matrixFlops).toBe(2 * 2048 * 4096 * 22016);
    expect(ops.get("activation")).toMatchObject({
      vectorFlops: 5 * 2048 * 11008,
      bytes: { activations: 3 * 2048 * 11008 * 2 },
    });
    expect(ops.get("down_proj")!.matrixFlops).toBe(2 * 2048 * 11008 * 4096);
    expect(ops.get("attn_norm")).toMatchObject({
      vectorFlops: 4 * 2048 * 4096,
      bytes: { weights: 4096 * 2, activations: 2 * 2048 * 4096 * 2 },
    });
    // The LM head computes the next token's logits only: one row, not 2048.
    expect(ops.get("lm_head")).toMatchObject({
      count: 1,
      shape: "[1 x 4096] . [4096 x 32000]",
      matrixFlops: 2 * 4096 * 32000,
    });
    // Kaplan et al.'s 2 x parameters x tokens, for the layers' linear weights.
    const { attentionPerLayer, mlpPerLayer } = llmParameterCounts(getLlmModel("llama-2-7b"));
    const linear = total(ops, (op) => (op.kind === "gemm" ? op.matrixFlops : 0));
    expect(linear).toBe(2 * 2048 * 32 * (attentionPerLayer + mlpPerLayer) + 2 * 4096 * 32000);
  });

  it("Llama 3 8B decode, batch 4, 4096 tokens cached, fp16 (grouped-query attention)", () => {
    const ops = operators("llama-3-8b", "decode", { batch: 4, kvCacheLength: 4096 });
    // 32 query heads share 8 KV heads: K and V are 8 x 128 = 1024 wide.
    expect(ops.get("qkv_proj")).toMatchObject({
      shape: "[4 x 4096] . [4096 x 6144]",
      matrixFlops: 2 * 4 * 4096 * 6144,
      bytes: { weights: 4096 * 6144 * 2 },
    });
    // The new token attends to the 4096 cached keys and itself.
    expect(ops.get("attention")).toMatchObject({
      matrixFlops: 4 * 128 * 4097 * 32 * 4,
      bytes: { kvCache: 4 * 4097 * 2 * 1024 * 2, activations: 2 * 4 * 4096 * 2 },
    });
    expect(ops.get("kv_store")!.bytes.kvCache).toBe(4 * 2048 * 2);
    // A decode step reads every weight once: linear layers, norm scales, 4 embedding rows.
    const { linear, normsPerLayer, finalNorm } = llmParameterCounts(getLlmModel("llama-3-8b"));
    expect(total(ops, (op) => op.bytes.weights)).toBe(
      2 * linear + 2 * (32 * normsPerLayer + finalNorm) + 2 * 4 * 4096,
    );
    // ... and the whole KV cache once.
    expect(total(ops, (op) => (op.name === "attention" ? op.bytes.kvCache : 0))).toBe(
      32 * 4 * 4097 * 2 * 1024 * 2,
    );
  });

  it("precision per tensor class scales exactly the bytes of that class", () => {
    const fp16 = operators("llama-3-8b", "decode", { batch: 2, kvCacheLength: 1000 });
    const quantized = operators("llama-3-8b", "decode", {
      batch: 2,
      kvCacheLength: 1000,
      precision: { weights: "int4", kvCache: "fp8" },
    });
    expect(quantized.get("down_proj")!.bytes.weights).toBe(
      fp16.get("down_proj")!.bytes.weights / 4,
    );
    expect(quantized.get("attention")!.bytes.kvCache).toBe(
      fp16.get("attention")!.bytes.kvCache / 2,
    );
    expect(quantized.get("attention")!.bytes.activations).toBe(
      fp16.get("attention")!.bytes.activations,
    );
    // Norm scales stay in the activation precision.
    expect(quantized.get("attn_norm")!.bytes.weights).toBe(fp16.get("attn_norm")!.bytes.weights);
  });

  it("GPT-3 unfused, 4-way tensor parallel: the score matrix goes through memory", () => {
    const ops = operators("gpt-3-175b", "prefill", {
      batch: 8,
      sequenceLength: 2048,
      attention: "unfused",
      tensorParallel: 4,
      interconnectBytesPerSecond: 300e9,
    });
    const scores = 8 * 24 * 2048 * 2048; // dense: masking does not skip work
    expect(ops.get("qkv_proj")!.shape).toBe("[16384 x 12288] . [12288 x 9216]");
    expect(ops.get("qk_matmul")).toMatchObject({
      shape: "192 x [2048 x 128] . [128 x 2048]",
      matrixFlops: 2 * 128 * scores,
      bytes: { activations: 16384 * 3072 * 2 + scores * 2, kvCache: 8 * 2048 * 3072 * 2 },
    });
    expect(ops.get("softmax")).toMatchObject({
      vectorFlops: 5 * scores,
      bytes: { activations: 4 * scores },
    });
    expect(ops.get("up_proj")!.shape).toBe("[16384 x 12288] . [12288 x 12288]");
    expect(ops.get("activation")!.vectorFlops).toBe(9 * 16384 * 12288);
    expect(ops.get("attn_allreduce")).toMatchObject({
      kind: "communication",
      messageBytes: 16384 * 12288 * 2,
    });
    expect(ops.has("rope")).toBe(false);
    // GPT-3's learned positions: the embedding gathers a second table and adds it.
    expect(ops.get("embedding")).toMatchObject({
      vectorFlops: 16384 * 12288,
      bytes: { weights: 2 * 16384 * 12288 * 2 },
    });
    // Its LM head is the (tied) embedding table, sharded by vocabulary: ceil(50257 / 4) rows.
    expect(ops.get("lm_head")!.shape).toBe("[8 x 12288] . [12288 x 12565]");
  });

  it("Mistral's sliding window caps the keys each token attends", () => {
    // Prefill of 8192 tokens with a 4096 window: tokens 1..4096 see j keys, the rest 4096.
    expect(attendedPairs(8192, 0, 4096)).toBe((4096 * 4097) / 2 + 4096 * 4096);
    const ops = operators("mistral-7b", "decode", { kvCacheLength: 10_000 });
    expect(ops.get("attention")!.bytes.kvCache).toBe(4096 * 2 * 1024 * 2);
    expect(ops.get("attention")!.matrixFlops).toBe(4 * 128 * 4096 * 32);
  });

  it("attendedPairs matches a token-by-token sum", () => {
    for (const [L, P, window] of [
      [1, 0, Infinity],
      [7, 3, Infinity],
      [100, 50, 80],
      [100, 200, 80],
      [5, 0, 3],
      [64, 10, 64],
    ] as const) {
      let pairs = 0;
      for (let j = 1; j <= L; j++) pairs += Math.min(P + j, window);
      expect(attendedPairs(L, P, window), `${L} ${P} ${window}`).toBe(pairs);
    }
  });
});

describe("bad input", () => {
  it("a tensor-parallel degree that does not divide the heads or the MLP is an error", () => {
    const config = getLlmModel("llama-3-8b");
    const workload = parseLlmWorkload({ tensorParallel: 3, interconnectBytesPerSecond: 1e11 });
    expect(validationIssues(() => phaseShape(config, workload, "prefill"))).toEqual([
      "tensorParallel: 3 does not divide the 32 attention heads of llama-3-8b",
      "tensorParallel: 3 neither divides nor is a multiple of the 8 KV heads of llama-3-8b",
      "tensorParallel: 3 does not divide the MLP width 14336 of llama-3-8b",
    ]);
  });

  it("workload fields are checked by path: counts, precisions and kernels", () => {
    expect(
      validationIssues(() =>
        parseLlmWorkload({
          batch: 0,
          sequenceLength: 1.5,
          kvCacheLength: -1,
          precision: { weights: "int3", activations: "int4", kv: "fp8" },
          attention: "flash",
          kernelOverheadSeconds: { gemm: -1 },
        }),
      ),
    ).toEqual([
      "batch: must be > 0",
      "sequenceLength: must be an integer",
      "kvCacheLength: must be >= 0",
      'precision.weights: unknown precision "int3"; allowed: fp32, bf16, fp16, fp8, int8, int4, fp4',
      "precision.activations: activations cannot be stored in int4; allowed: fp32, bf16, fp16, fp8, int8",
      "precision.kv: unknown field",
      "attention: must be one of fused, unfused",
      "kernelOverheadSeconds.gemm: must be >= 0",
    ]);
  });
});
