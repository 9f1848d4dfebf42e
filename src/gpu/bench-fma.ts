import type { AdapterDescription } from "./adapter-description.ts";
import type { GpuContext } from "./device.ts";
import { DeviceLimitError } from "./errors.ts";
import { FMAS_PER_ITERATION, type FmaPrecision, fmaChainKernel } from "./kernels/fma-chain.ts";
import { checkBufferFits } from "./run-kernel.ts";
import { runVerified } from "./run-verified.ts";
import type { DispatchTiming, TimingOptions } from "./timing.ts";
import type { Verification } from "./verify.ts";

export interface FmaOptions {
  /** Default `f32`; `f16` needs the `shader-f16` feature. */
  precision?: FmaPrecision;
  /** Invocations per dispatch. Default 2^18 (1,024 workgroups of 256). */
  invocations?: number;
  /** Iterations per invocation (32 multiply-adds each). Default 512, rounded up to 16. */
  iterations?: number;
  timing?: TimingOptions;
}

export interface FmaResult {
  adapter: AdapterDescription;
  precision: FmaPrecision;
  invocations: number;
  iterations: number;
  /** Floating-point operations per dispatch, 2 per multiply-add. */
  flops: number;
  /** `flops` over the median seconds per dispatch. */
  flopsPerSecond: number;
  timing: DispatchTiming;
  verification: Verification;
}

/**
 * Achieved arithmetic throughput: many invocations of independent FMA chains, timed and checked
 * exactly. Throws DeviceLimitError for f16 on a device without `shader-f16`.
 */
export async function benchFma(context: GpuContext, options: FmaOptions = {}): Promise<FmaResult> {
  const { precision = "f32", invocations = 2 ** 18, iterations: wanted = 512 } = options;
  if (precision === "f16" && !context.hasF16) {
    throw DeviceLimitError.missingFeature("f16 FMA chains", "shader-f16");
  }
  checkBufferFits(context.limits, "fma: output", invocations * 4);
  const { kernel, iterations, checks } = fmaChainKernel(
    precision,
    invocations,
    wanted,
    context.limits.maxComputeWorkgroupsPerDimension,
  );
  const { timing, verification } = await runVerified(
    context,
    kernel,
    {
      output: "out",
      checks: checks(),
      tolerance: "exact: every accumulator holds a small integer",
    },
    options.timing,
  );
  const flops = 2 * invocations * iterations * FMAS_PER_ITERATION;
  return {
    adapter: context.adapter,
    precision,
    invocations,
    iterations,
    flops,
    flopsPerSecond: flops / timing.summary.median,
    timing,
    verification,
  };
}
