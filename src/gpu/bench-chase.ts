import type { AdapterDescription } from "./adapter-description.ts";
import type { GpuContext } from "./device.ts";
import { chaseSlots, pointerChaseKernel } from "./kernels/pointer-chase.ts";
import { type LatencyProfile, latencyPlateaus } from "./latency-plateaus.ts";
import type { ProgressListener } from "./progress.ts";
import { checkBufferFits } from "./run-kernel.ts";
import { runVerified } from "./run-verified.ts";
import type { DispatchTiming, TimingOptions } from "./timing.ts";
import type { Verification } from "./verify.ts";

export interface ChaseOptions {
  /** Working sets to sweep, bytes. Default 4 KiB to 64 MiB, doubling, within the device limit. */
  workingSetBytes?: readonly number[];
  /** Distances between successive slots, bytes. Default [64]: one load per cache line. */
  strideBytes?: readonly number[];
  /**
   * Loads per chase. Default twice the slots, within 2^14 .. 2^19, so each chase walks the whole
   * working set (up to 512 Ki slots) and is long next to the dispatch overhead.
   */
  steps?: number;
  timing?: TimingOptions;
  onProgress?: ProgressListener;
}

/** Latency over one working set at one stride. */
export interface ChasePoint {
  workingSetBytes: number;
  strideBytes: number;
  /** Loads in the shorter of the two chases; the longer has twice as many. */
  steps: number;
  /**
   * Seconds per dependent load: the difference between the fastest passes of a chase of 2S and
   * of S loads, over S, so the fixed cost of a dispatch cancels.
   */
  secondsPerLoad: number;
  timing: { short: DispatchTiming; long: DispatchTiming };
  verification: Verification;
}

export interface ChaseResult {
  adapter: AdapterDescription;
  points: ChasePoint[];
  /** Plateaus and cache estimates of the latency curve at each stride. */
  profiles: Array<{ strideBytes: number } & LatencyProfile>;
}

/** The default sweep: 4 KiB to 64 MiB, doubling. */
export const DEFAULT_CHASE_BYTES = Array.from({ length: 15 }, (_, i) => 2 ** (12 + i));

/**
 * Memory latency: one invocation follows a random cycle of dependent loads over each working set
 * (pointer chasing, as in Mei and Chu, "Dissecting GPU Memory Hierarchy through
 * Microbenchmarking", IEEE TPDS 2017), checked against the same walk on the CPU. The latency
 * curve's plateaus estimate the cache sizes.
 */
export async function benchChase(
  context: GpuContext,
  options: ChaseOptions = {},
): Promise<ChaseResult> {
  const limit = Math.min(context.limits.maxStorageBufferBindingSize, context.limits.maxBufferSize);
  const sizes = options.workingSetBytes ?? DEFAULT_CHASE_BYTES.filter((bytes) => bytes <= limit);
  const strides = options.strideBytes ?? [64];
  const total = sizes.length * strides.length;
  const points: ChasePoint[] = [];
  for (const strideBytes of strides) {
    for (const workingSetBytes of sizes) {
      points.push(await chaseOnce(context, workingSetBytes, strideBytes, options));
      options.onProgress?.(
        points.length,
        total,
        `chase ${workingSetBytes} B stride ${strideBytes} B`,
      );
    }
  }
  const profiles = strides.map((strideBytes) => ({
    strideBytes,
    ...latencyPlateaus(
      points
        .filter((point) => point.strideBytes === strideBytes)
        .map(({ workingSetBytes, secondsPerLoad }) => ({ workingSetBytes, secondsPerLoad })),
    ),
  }));
  return { adapter: context.adapter, points, profiles };
}

async function chaseOnce(
  context: GpuContext,
  workingSetBytes: number,
  strideBytes: number,
  options: ChaseOptions,
): Promise<ChasePoint> {
  checkBufferFits(context.limits, "pointer chase: chain", workingSetBytes);
  const slots = chaseSlots(workingSetBytes, strideBytes);
  const steps = options.steps ?? Math.min(2 ** 19, Math.max(2 ** 16, slots));
  const timed = async (count: number) => {
    const { kernel, expectedEnd } = pointerChaseKernel(workingSetBytes, strideBytes, count);
    return runVerified(
      context,
      kernel,
      {
        output: "end",
        type: "u32",
        checks: [{ index: 0, expected: expectedEnd, tolerance: 0 }],
        tolerance: "exact: the index where the same walk ends on the CPU",
      },
      options.timing,
    );
  };
  const short = await timed(steps);
  const long = await timed(2 * steps);
  const difference = long.timing.summary.min - short.timing.summary.min;
  // On a noisy device the difference can vanish; the long chase alone is then the better bound.
  const secondsPerLoad =
    difference > 0 ? difference / steps : long.timing.summary.min / (2 * steps);
  return {
    workingSetBytes,
    strideBytes,
    steps,
    secondsPerLoad,
    timing: { short: short.timing, long: long.timing },
    verification: long.verification,
  };
}
