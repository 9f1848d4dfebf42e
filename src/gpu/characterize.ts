import { parseHardwareSpec } from "../hwmodels/hardware-spec.ts";
import { benchChase, type ChaseOptions, DEFAULT_CHASE_BYTES } from "./bench-chase.ts";
import { benchFma, type FmaResult } from "./bench-fma.ts";
import { benchStream, DEFAULT_STREAM_BYTES } from "./bench-stream.ts";
import type { GpuContext } from "./device.ts";
import { type DeviceMeasurements, type MeasuredSpec, measuredSpec } from "./measured-spec.ts";
import type { ProgressListener } from "./progress.ts";
import type { TimingOptions } from "./timing.ts";

export interface CharacterizeOptions {
  /** Per measurement. Default 1 warm-up, 5 repeats, at most 2 seconds of repeats. */
  timing?: TimingOptions;
  /** Bytes per array of the STREAM sweep. Default `DEFAULT_STREAM_BYTES` that fit. */
  streamBytes?: readonly number[];
  /** Working sets of the latency sweep. Default `DEFAULT_CHASE_BYTES` that fit. */
  chaseBytes?: readonly number[];
  /** Loads per chase (see `ChaseOptions.steps`). */
  chaseSteps?: number;
  /** FMA invocations per dispatch (see `FmaOptions.invocations`). */
  fmaInvocations?: number;
  /** Names the tool in the spec's source. Default `codesign-notebook characterize`. */
  tool?: string;
  /** Called after each measurement. */
  onProgress?: ProgressListener;
  /** Aborting stops the run between (or inside) measurements. */
  signal?: AbortSignal;
}

export interface Characterization {
  spec: MeasuredSpec;
  measurements: DeviceMeasurements;
}

/**
 * Measures the device: FMA peaks per precision it supports, STREAM bandwidth over a size sweep,
 * and the pointer-chase latency curve with the cache sizes its plateaus imply; returns them and
 * the hardware spec they add up to, validated with `parseHardwareSpec` (docs/hardware-spec.md).
 * Every measurement is verified.
 */
export async function characterizeDevice(
  context: GpuContext,
  options: CharacterizeOptions = {},
): Promise<Characterization> {
  const timing: TimingOptions = {
    warmup: 1,
    repeats: 5,
    budgetSeconds: 2,
    ...options.timing,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const limit = Math.min(context.limits.maxStorageBufferBindingSize, context.limits.maxBufferSize);
  const streamBytes = options.streamBytes ?? DEFAULT_STREAM_BYTES.filter((bytes) => bytes <= limit);
  const chaseBytes = options.chaseBytes ?? DEFAULT_CHASE_BYTES.filter((bytes) => bytes <= limit);
  const precisions = context.hasF16 ? (["f32", "f16"] as const) : (["f32"] as const);
  const total = precisions.length + streamBytes.length * 4 + chaseBytes.length;
  let done = 0;
  const step: ProgressListener = (_, __, label) => options.onProgress?.(++done, total, label);

  const fma: FmaResult[] = [];
  for (const precision of precisions) {
    const result = await benchFma(context, {
      precision,
      timing,
      ...(options.fmaInvocations ? { invocations: options.fmaInvocations } : {}),
    });
    fma.push(result);
    step(0, 0, `fma ${precision}`);
  }
  const stream = await benchStream(context, {
    bytesPerArray: streamBytes,
    timing,
    onProgress: step,
  });
  const chaseOptions: ChaseOptions = { workingSetBytes: chaseBytes, timing, onProgress: step };
  if (options.chaseSteps) chaseOptions.steps = options.chaseSteps;
  const chase = await benchChase(context, chaseOptions);
  const measurements = { adapter: context.adapter, limits: context.limits, fma, stream, chase };
  const date = new Date().toISOString().slice(0, 10);
  const spec = measuredSpec(measurements, options.tool ?? "codesign-notebook characterize", date);
  // What we write must load wherever a spec is read: check it as any other spec is checked.
  parseHardwareSpec(spec, `spec measured on ${context.adapter.name}`);
  return { spec, measurements };
}
