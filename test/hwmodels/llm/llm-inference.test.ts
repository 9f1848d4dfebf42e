import { describe, expect, it } from "vitest";
import { parseHardwareSpec } from "../../../src/hwmodels/hardware-spec.ts";
import { llmParameterCounts, parseLlmConfig } from "../../../src/hwmodels/llm/llm-config.ts";
import { llmInference } from "../../../src/hwmodels/llm/llm-inference.ts";
import { llmMemoryFootprint, ModelDoesNotFitError } from "../../../src/hwmodels/llm/llm-memory.ts";
import { getLlmModel, UnknownLlmModelError } from "../../../src/hwmodels/llm/llm-models.ts";
import { llmPhase } from "../../../src/hwmodels/llm/llm-phase.ts";
import { parseLlmWorkload } from "../../../src/hwmodels/llm/llm-workload.ts";
import { getPreset } from "../../../src/hwmodels/presets.ts";
import { roofline } from "../../../src/hwmodels/roofline.ts";
import measured from "../../fixtures/measured-spec.json" with { type: "json" };
import { validationIssues } from "../validation-issues.ts";

const h100 = getPreset("h100-sxm");

describe("llmInference(model, hw, workload)", () => {
  it("times every operator with the hardware roofline, on any spec", () => {
    // Batch 64 puts prefill GEMMs on the matrix roof and decode ones on the memory roof.
    const result = llmInference("llama-3-8b", h100, { batch: 64, sequenceLength: 512 });
    for (const op of [...result.prefill.operators, ...result.decode.operators]) {
      const flops: Record<string, number> = {};
      if (op.matrixFlops) flops.fp16 = op.matrixFlops;
      if (op.vectorFlops) flops.fp32 = op.vectorFlops;
      const expected = roofline(
        { flops, bytes: { HBM3: op.totalBytes }, units: { fp32: "vector" } },
        h100,
      );
      expect(op.seconds, `${op.phase} ${op.name}`).toBe(expected.seconds);
      expect(op.bound).toBe(expected.bound);
      expect(op.binding).toBe(expected.binding.name);
      expect(op.reason).toBe(expected.reason);
      expect(op.totalSeconds).toBe(op.seconds * op.count);
    }
    const sum = result.decode.operators.reduce((s, op) => s + op.totalSeconds, 0);
    expect(result.timePerOutputTokenSeconds).toBe(sum);
    expect(result.decodeTokensPerSecond).toBe(64 / sum);
    expect(result.prefillTokensPerSecond).toBe((64 * 512) / result.timeToFirstTokenSeconds);
    const bounds = new Set(
      [...result.prefill.operators, ...result.decode.operators].map((op) => op.bound),
    );
    expect([...bounds].sort()).toEqual(["compute", "memory"]);
  });

  it("fp32 activations put the matrix and element-wise FLOPs on one fp32 roof", () => {
    const mi300x = getPreset("mi300x");
    const result = llmInference("llama-2-7b", mi300x, {
      batch: 4,
      sequenceLength: 256,
      precision: { activations: "fp32" },
    });
    for (const op of [...result.prefill.operators, ...result.decode.operators]) {
      const expected = roofline(
        { flops: op.flops ? { fp32: op.flops } : {}, bytes: { HBM3: op.totalBytes } },
        mi300x,
      );
      expect(op.seconds, `${op.phase} ${op.name}`).toBe(expected.seconds);
      expect(op.binding).toBe(expected.binding.name);
    }
  });

  it("a batch-1 decode step is memory-bound: about weights / bandwidth", () => {
    const result = llmInference("llama-2-7b", h100, { batch: 1, sequenceLength: 512 });
    expect(result.decode.operators.every((op) => op.bound === "memory")).toBe(true);
    const weights = 2 * llmParameterCounts(getLlmModel("llama-2-7b")).linear;
    const floor = weights / 3.35e12;
    expect(result.timePerOutputTokenSeconds).toBeGreaterThan(floor);
    expect(result.timePerOutputTokenSeconds).toBeLessThan(1.03 * floor);
    // Prefill of 512 tokens: the big GEMMs are compute-bound.
    const gemm = result.prefill.operators.find((op) => op.name === "gate_up_proj")!;
    expect(gemm.bound).toBe("compute");
    expect(gemm.binding).toBe("fp16 matrix");
  });

  it("int4 weights buy most at batch 1 and less at batch 64, where compute starts to bind", () => {
    const speedup = (batch: number) => {
      const workload = { batch, sequenceLength: 1024 };
      const fp16 = llmInference("llama-3-8b", h100, workload).timePerOutputTokenSeconds;
      const int4 = llmInference("llama-3-8b", h100, {
        ...workload,
        precision: { weights: "int4" },
      }).timePerOutputTokenSeconds;
      return fp16 / int4;
    };
    expect(speedup(1)).toBeGreaterThan(3);
    expect(speedup(64)).toBeLessThan(speedup(1));
    expect(speedup(64)).toBeGreaterThan(1);
  });

  it("H200's bandwidth speeds up memory-bound decode by its bandwidth ratio", () => {
    const workload = { batch: 1, sequenceLength: 256 };
    const onH100 = llmInference("llama-3-8b", h100, workload);
    const onH200 = llmInference("llama-3-8b", getPreset("h200"), workload);
    expect(onH100.timePerOutputTokenSeconds / onH200.timePerOutputTokenSeconds).toBeCloseTo(
      4.8 / 3.35,
      10,
    );
  });

  it("adds launch overhead per operator kind, and says when it dominates", () => {
    const result = llmInference("llama-3-8b", h100, {
      batch: 1,
      sequenceLength: 16,
      kernelOverheadSeconds: { normalization: 5e-6 },
    });
    const norm = result.decode.operators.find((op) => op.name === "attn_norm")!;
    expect(norm.overheadSeconds).toBe(5e-6);
    expect(norm.bound).toBe("overhead");
    expect(norm.binding).toBe("launch overhead");
    expect(norm.reason).toMatch(/^launch overhead 5 µs exceeds the [\d.]+ ns of work/);
    const gemm = result.decode.operators.find((op) => op.name === "down_proj")!;
    expect(gemm.overheadSeconds).toBe(0);
  });

  it("runs on a measured spec (no unit count, no capacity) and says the fit is unknown", () => {
    const spec = parseHardwareSpec(measured);
    const memoryLevel = spec.memory[spec.memory.length - 1]!;
    const precision = spec.compute.matrix?.fp16 || spec.compute.vector?.fp16 ? "fp16" : "fp32";
    const result = llmInference("llama-2-7b", spec, {
      batch: 1,
      sequenceLength: 128,
      precision: { activations: precision },
    });
    expect(result.timeToFirstTokenSeconds).toBeGreaterThan(0);
    expect(result.decode.operators[1]!.binding).toBe(memoryLevel.name);
    if (memoryLevel.bytes === undefined) {
      expect(result.memory.fits).toBeNull();
      expect(result.assumptions.at(-1)).toContain("states no");
    }
  });
});

describe("memory footprint", () => {
  it("KV cache per token: 512 KiB for Llama 2 7B, 128 KiB for Llama 3 8B (GQA), in fp16", () => {
    const workload = parseLlmWorkload({ batch: 1, sequenceLength: 1 });
    expect(llmMemoryFootprint(getLlmModel("llama-2-7b"), h100, workload).kvBytesPerToken).toBe(
      512 * 1024,
    );
    expect(llmMemoryFootprint(getLlmModel("llama-3-8b"), h100, workload).kvBytesPerToken).toBe(
      128 * 1024,
    );
  });

  it("weights: every parameter once, linear layers in the weight precision", () => {
    const config = getLlmModel("llama-2-7b");
    const counts = llmParameterCounts(config);
    const fp16 = llmMemoryFootprint(config, h100, parseLlmWorkload({}));
    expect(fp16.weightsBytes).toBe(2 * counts.total);
    const int4 = llmMemoryFootprint(
      config,
      h100,
      parseLlmWorkload({ precision: { weights: "int4" } }),
    );
    expect(int4.weightsBytes).toBe(0.5 * counts.linear + 2 * (counts.total - counts.linear));
  });

  it("refuses a model that does not fit, with the numbers", () => {
    expect(() => llmInference("llama-2-70b", h100, { batch: 1, sequenceLength: 1024 })).toThrow(
      ModelDoesNotFitError,
    );
    const issues = validationIssues(() =>
      llmInference("llama-2-70b", h100, { batch: 1, sequenceLength: 1024 }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(
      /^llama-2-70b needs 138 GB \(weights 138 GB \+ KV cache 336 MB \+ activations [\d.]+ MB\) of the 80 GB of HBM3 on h100-sxm: it does not fit\. Quantize/,
    );
    // It fits on MI300X's 192 GB, and on two H100s.
    expect(
      llmInference("llama-2-70b", getPreset("mi300x"), { sequenceLength: 1024 }).memory.fits,
    ).toBe(true);
    const sharded = llmInference("llama-2-70b", h100, {
      sequenceLength: 1024,
      tensorParallel: 2,
      interconnectBytesPerSecond: 450e9,
    });
    expect(sharded.memory.weightsBytes).toBeLessThan(80e9);
    expect(sharded.decode.operators.some((op) => op.kind === "communication")).toBe(true);
  });

  it("a long enough context overflows even a model that fits", () => {
    const workload = { batch: 64, sequenceLength: 8192 };
    expect(() => llmInference("llama-3-8b", h100, workload)).toThrow(/does not fit/);
    expect(
      llmMemoryFootprint(getLlmModel("llama-3-8b"), h100, parseLlmWorkload(workload)).kvCacheBytes,
    ).toBe(64 * 8193 * 128 * 1024); // the decode step appends a token to the 8192 cached
  });
});

describe("bad input", () => {
  it("unknown model names list the known ones", () => {
    expect(() => llmInference("llama-4-8b", h100)).toThrow(UnknownLlmModelError);
    expect(() => llmInference("llama-4-8b", h100)).toThrow(
      'unknown model "llama-4-8b"; known: llama-2-7b, llama-2-13b, llama-2-70b, llama-3-8b, llama-3-70b, mistral-7b, gpt-3-175b',
    );
  });

  it("a config whose heads do not divide is rejected, with every other bad field", () => {
    expect(
      validationIssues(() =>
        parseLlmConfig({
          ...getLlmModel("llama-3-8b"),
          hiddenSize: 4000,
          heads: 48,
          kvHeads: 5,
          headDim: undefined,
          layers: 0,
        }),
      ),
    ).toEqual([
      "layers: must be > 0",
      "heads: 48 does not divide hiddenSize 4000: give headDim explicitly",
      "kvHeads: 5 does not divide heads 48 (grouped-query attention shares each KV head among heads / kvHeads query heads)",
    ]);
  });

  it("a precision the hardware has no peak for is named, with what it has", () => {
    expect(
      validationIssues(() =>
        llmInference("llama-3-8b", getPreset("a100-80gb-sxm"), {
          precision: { activations: "fp8" },
        }),
      ),
    ).toEqual([
      expect.stringMatching(
        /^precision\.activations: a100-80gb-sxm states no peak for fp8; it states fp64 \(matrix\)/,
      ),
    ]);
  });

  it("tensor parallelism without an interconnect bandwidth is an error, not a free all-reduce", () => {
    const config = getLlmModel("llama-3-8b");
    expect(
      validationIssues(() =>
        llmPhase(config, h100, parseLlmWorkload({ tensorParallel: 2 }), "decode"),
      ),
    ).toEqual([
      "interconnectBytesPerSecond: needed to time the all-reduces of tensorParallel 2 (e.g. 450e9 for NVLink 4, per direction)",
    ]);
  });
});
