import type { AdapterDescription } from "./adapter-description.ts";
import type { GpuContext } from "./device.ts";
import {
  STREAM_ARRAYS,
  STREAM_OPS,
  type StreamOp,
  streamElements,
  streamKernel,
} from "./kernels/stream.ts";
import type { ProgressListener } from "./progress.ts";
import { checkBufferFits } from "./run-kernel.ts";
import { runVerified } from "./run-verified.ts";
import type { DispatchTiming, TimingOptions } from "./timing.ts";
import type { Verification } from "./verify.ts";

export interface StreamOptions {
  /** Kernels to run. Default all four: copy, scale, add, triad. */
  ops?: readonly StreamOp[];
  /** Bytes per array to sweep. Default powers of two from 64 KiB to 64 MiB that fit the device. */
  bytesPerArray?: readonly number[];
  /** f32 per invocation: 4 (vec4 loads, the default) or 1. */
  width?: 1 | 4;
  timing?: TimingOptions;
  onProgress?: ProgressListener;
}

/** One verified, timed STREAM kernel at one size. */
export interface StreamPoint {
  op: StreamOp;
  bytesPerArray: number;
  /** Bytes read and written per dispatch, STREAM's way (no write-allocate traffic). */
  bytesMoved: number;
  /** `bytesMoved` over the median seconds per dispatch. */
  bytesPerSecond: number;
  timing: DispatchTiming;
  verification: Verification;
}

export interface StreamResult {
  adapter: AdapterDescription;
  width: 1 | 4;
  points: StreamPoint[];
  /** Highest bandwidth any point reached, bytes per second. */
  peakBytesPerSecond: number;
}

/** The default sweep: 64 KiB to 64 MiB per array, doubling. */
export const DEFAULT_STREAM_BYTES = Array.from({ length: 11 }, (_, i) => 2 ** (16 + i));

/**
 * Achieved memory bandwidth: each op at each size, timed and checked element by element (the
 * inputs keep every result an exact integer). Explicit sizes over the device's buffer limits
 * throw DeviceLimitError; default sizes that do not fit are left out.
 */
export async function benchStream(
  context: GpuContext,
  options: StreamOptions = {},
): Promise<StreamResult> {
  const { ops = STREAM_OPS, width = 4 } = options;
  const limit = Math.min(context.limits.maxStorageBufferBindingSize, context.limits.maxBufferSize);
  const sizes = options.bytesPerArray ?? DEFAULT_STREAM_BYTES.filter((bytes) => bytes <= limit);
  const points: StreamPoint[] = [];
  const total = ops.length * sizes.length;
  for (const bytes of sizes) {
    for (const op of ops) {
      const elements = streamElements(bytes, width);
      checkBufferFits(context.limits, `stream ${op}: array`, elements * width * 4);
      const { kernel, checks } = streamKernel(
        op,
        elements,
        width,
        context.limits.maxComputeWorkgroupsPerDimension,
      );
      const { timing, verification } = await runVerified(
        context,
        kernel,
        { output: "c", checks: checks(), tolerance: "exact: inputs are small integers" },
        options.timing,
      );
      const bytesMoved = elements * width * 4 * STREAM_ARRAYS[op];
      points.push({
        op,
        bytesPerArray: elements * width * 4,
        bytesMoved,
        bytesPerSecond: bytesMoved / timing.summary.median,
        timing,
        verification,
      });
      options.onProgress?.(points.length, total, kernel.label);
    }
  }
  return {
    adapter: context.adapter,
    width,
    points,
    peakBytesPerSecond: Math.max(...points.map((point) => point.bytesPerSecond)),
  };
}
