import type { LlmConfig } from "../llm/llm-config.ts";
import type { SystolicLayerInput } from "./systolic-layer.ts";

/**
 * The weight GEMMs of one decoder layer of `config` on `tokens` tokens (batch x sequence in
 * prefill, batch in decode), as systolic-array layers: the fused QKV projection, the output
 * projection and the MLP. Attention's Q K^T and A V are per-head GEMMs with no weights; they
 * are left out (at short contexts they are a few percent of the MACs).
 */
export function transformerGemmLayers(
  config: LlmConfig,
  { tokens }: { tokens: number },
): SystolicLayerInput[] {
  const { hiddenSize: h, heads, kvHeads, headDim: d, intermediateSize: i } = config;
  const layers: SystolicLayerInput[] = [
    { kind: "gemm", name: "qkv_proj", M: tokens, K: h, N: (heads + 2 * kvHeads) * d },
    { kind: "gemm", name: "o_proj", M: tokens, K: heads * d, N: h },
  ];
  if (config.gatedMlp)
    layers.push({ kind: "gemm", name: "gate_up_proj", M: tokens, K: h, N: 2 * i });
  else layers.push({ kind: "gemm", name: "up_proj", M: tokens, K: h, N: i });
  layers.push({ kind: "gemm", name: "down_proj", M: tokens, K: i, N: h });
  return layers;
}
