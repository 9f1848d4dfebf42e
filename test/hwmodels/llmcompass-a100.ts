import { readFileSync } from "node:fs";
import { compulsoryBytes, gemmFlops } from "../../src/hwmodels/gemm-problem.ts";
import { getPreset } from "../../src/hwmodels/presets.ts";
import { roofline } from "../../src/hwmodels/roofline.ts";
import { searchTiles } from "../../src/hwmodels/tile-search.ts";

/**
 * Host-side launch + synchronize overhead in LLMCompass's A100 measurements (wall clock around
 * torch.matmul and torch.cuda.synchronize). LLMCompass adds this constant to its own simulated
 * A100 latencies: ae/figure5/ab/test_matmul.py, `latency = ... + 2.1e-5`, at commit
 * b95c6c95a80071414d31da8ba8d2e62334753f3d of github.com/PrincetonUniversity/LLMCompass.
 */
export const LLMCOMPASS_A100_HOST_OVERHEAD_SECONDS = 2.1e-5;

export interface Measurement {
  M: number;
  N: number;
  K: number;
  measuredSeconds: number;
}

/** test/fixtures/llmcompass/matmul_A100.csv: `M, N, K, 0.1900ms, 101.7124Tflops` per line. */
export function loadLlmcompassA100(
  path = "test/fixtures/llmcompass/matmul_A100.csv",
): Measurement[] {
  return readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((line) => {
      const [M, N, K, latency] = line.split(",").map((field) => field.trim());
      if (!latency?.endsWith("ms")) throw new Error(`unexpected line in ${path}: ${line}`);
      return {
        M: Number(M),
        N: Number(N),
        K: Number(K),
        measuredSeconds: Number(latency.slice(0, -2)) / 1e3,
      };
    });
}

export interface Comparison extends Measurement {
  predictedSeconds: number;
  /** (predicted - measured) / measured. */
  error: number;
  bestTile: string;
  bound: string;
  /** The plain roofline (no tiles, no overhead): a lower bound on any real time. */
  rooflineSeconds: number;
}

/** The model's best tile for each measured shape on the A100 preset, plus the host overhead. */
export function compareWithLlmcompass(measurements = loadLlmcompassA100()): Comparison[] {
  const a100 = getPreset("a100-80gb-sxm");
  return measurements.map((measurement) => {
    const problem = {
      M: measurement.M,
      N: measurement.N,
      K: measurement.K,
      dtype: "fp16" as const,
    };
    const search = searchTiles(problem, a100, {
      top: 1,
      launchOverheadSeconds: LLMCOMPASS_A100_HOST_OVERHEAD_SECONDS,
    });
    const rooflineSeconds = roofline(
      { flops: { fp16: gemmFlops(problem) }, bytes: { HBM2e: compulsoryBytes(problem) } },
      a100,
    ).seconds;
    return {
      ...measurement,
      predictedSeconds: search.best.seconds,
      error: (search.best.seconds - measurement.measuredSeconds) / measurement.measuredSeconds,
      bestTile: search.best.tileText,
      bound: search.best.bound,
      rooflineSeconds,
    };
  });
}

/** Mean absolute percentage error, as a fraction. */
export function meanAbsoluteError(comparisons: readonly Comparison[]): number {
  return comparisons.reduce((sum, row) => sum + Math.abs(row.error), 0) / comparisons.length;
}
