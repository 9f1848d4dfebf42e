import { describe, expect, it } from "vitest";
import { llmParameterCounts } from "../../../src/hwmodels/llm/llm-config.ts";
import { getLlmModel } from "../../../src/hwmodels/llm/llm-models.ts";
import { resnet50Layers } from "../../../src/hwmodels/systolic/resnet50-layers.ts";
import {
  inputTileWords,
  type LoweredLayer,
  lowerLayer,
  parseSystolicLayers,
} from "../../../src/hwmodels/systolic/systolic-layer.ts";
import { systolicNetwork } from "../../../src/hwmodels/systolic/systolic-model.ts";
import { transformerGemmLayers } from "../../../src/hwmodels/systolic/transformer-layers.ts";

/** Distinct input addresses of an im2col tile, one by one (SCALE-Sim's operand_matrix order). */
function distinctInputs(layer: LoweredLayer, m0: number, m1: number, k0: number, k1: number) {
  const g = layer.geometry!;
  const seen = new Set<number>();
  const pixels = g.ofmapHeight * g.ofmapWidth;
  for (let m = m0; m < m1; m++) {
    const image = Math.floor(m / pixels);
    const outRow = Math.floor((m % pixels) / g.ofmapWidth);
    const outCol = m % g.ofmapWidth;
    for (let k = k0; k < k1; k++) {
      const offset = Math.floor(k / g.channels);
      const row = outRow * g.strideHeight - g.padding + Math.floor(offset / g.filterWidth);
      const col = outCol * g.strideWidth - g.padding + (offset % g.filterWidth);
      if (row < 0 || col < 0 || row >= g.ifmapHeight || col >= g.ifmapWidth) continue;
      seen.add(
        ((image * g.ifmapHeight + row) * g.ifmapWidth + col) * g.channels + (k % g.channels),
      );
    }
  }
  return seen.size;
}

const conv = (fields: Record<string, number>) =>
  parseSystolicLayers([
    {
      kind: "conv",
      ifmapHeight: 13,
      ifmapWidth: 11,
      filterHeight: 3,
      filterWidth: 3,
      channels: 4,
      filters: 2,
      ...fields,
    },
  ])[0]!;

describe("lowerLayer and inputTileWords", () => {
  it("counts the distinct inputs of a whole layer exactly (padding, strides, batch)", () => {
    const cases: Record<string, number>[] = [
      {},
      { padding: 1 },
      { strideHeight: 2, strideWidth: 3 },
      { strideHeight: 4, filterHeight: 2 },
      { batch: 2, padding: 2, strideHeight: 3 },
    ];
    for (const fields of cases) {
      for (const convention of ["textbook", "scale-sim"] as const) {
        const layer = lowerLayer(conv(fields), convention);
        const all = distinctInputs(layer, 0, layer.M, 0, layer.K);
        expect(layer.ifmapWords, JSON.stringify(fields)).toBe(all);
        expect(inputTileWords(layer, 0, layer.M, 0, layer.K)).toBe(all);
      }
    }
  });

  it("bounds every tile's distinct inputs from above, and is exact for whole rectangles of offsets", () => {
    const layer = lowerLayer(conv({ padding: 1, strideHeight: 2, batch: 2 }), "textbook");
    for (const [m0, m1] of [
      [0, 5],
      [3, 40],
      [0, layer.M],
      [20, 33],
      [35, 70],
    ]) {
      for (const [k0, k1] of [
        [0, 4],
        [0, 12],
        [5, 17],
        [12, 36],
        [0, layer.K],
      ]) {
        const exact = distinctInputs(layer, m0!, m1!, k0!, k1!);
        const bound = inputTileWords(layer, m0!, m1!, k0!, k1!);
        expect(bound, `[${m0},${m1}) x [${k0},${k1})`).toBeGreaterThanOrEqual(exact);
        if (k0 === 0 && k1 === 12 && m0 === 0 && m1 === layer.M) expect(bound).toBe(exact);
      }
    }
    const gemm = lowerLayer(
      parseSystolicLayers([{ kind: "gemm", M: 9, N: 2, K: 7 }])[0]!,
      "textbook",
    );
    expect(inputTileWords(gemm, 2, 5, 1, 6)).toBe(15);
  });
});

describe("resnet50Layers()", () => {
  it("has 53 convolutions and the classifier: 4.09 G MACs per image, as torchvision states", () => {
    const layers = resnet50Layers();
    const { macs, layers: results } = systolicNetwork(layers, { rows: 32, cols: 32 });
    expect(layers).toHaveLength(54);
    // torchvision's ResNet50_Weights.IMAGENET1K_V1 lists 4.09 "GFLOPS" (multiply-accumulates).
    expect(macs).toBe(4_089_184_256);
    const sizes = new Map(results.map((r) => [r.name, r.ofmap?.height]));
    expect(sizes.get("conv1")).toBe(112);
    expect(sizes.get("conv2_3c")).toBe(56);
    expect(sizes.get("conv3_1b")).toBe(28);
    expect(sizes.get("conv4_6c")).toBe(14);
    expect(sizes.get("conv5_3c")).toBe(7);
    expect(systolicNetwork(resnet50Layers({ batch: 4 }), { rows: 32, cols: 32 }).macs).toBe(
      4 * macs,
    );
  });
});

describe("transformerGemmLayers(config, { tokens })", () => {
  it("gives one decoder layer's weight GEMMs, whose MACs are its linear weights x tokens", () => {
    const config = getLlmModel("llama-3-8b");
    const layers = transformerGemmLayers(config, { tokens: 512 });
    expect(layers.map((layer) => layer.name)).toEqual([
      "qkv_proj",
      "o_proj",
      "gate_up_proj",
      "down_proj",
    ]);
    const { attentionPerLayer, mlpPerLayer } = llmParameterCounts(config);
    expect(systolicNetwork(layers, { rows: 64, cols: 64 }).macs).toBe(
      512 * (attentionPerLayer + mlpPerLayer),
    );
  });
});
