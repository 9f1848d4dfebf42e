import { abortable } from "./abortable.ts";
import { assertAlive, type GpuContext } from "./device.ts";
import { withErrorScopes } from "./error-scope.ts";
import { DeviceLostError } from "./errors.ts";
import type { ProgressListener } from "./progress.ts";
import { type SampleSummary, summarizeSamples } from "./sample-summary.ts";

/** How a duration was measured. */
export type TimingMethod = "timestamp-query" | "wall-clock";

export interface TimingOptions {
  /** Passes run and discarded before measuring (first-use costs are not kernel time). Default 2. */
  warmup?: number;
  /** Measured passes. Default 10. */
  repeats?: number;
  /**
   * Stop repeating once measured passes add up to this many seconds, provided at least three
   * were measured. Default 5 seconds.
   */
  budgetSeconds?: number;
  /**
   * Dispatches per timed pass. `"auto"` (the default) multiplies them until one pass lasts at
   * least `minPassSeconds`, so kernels shorter than the timer's noise are timed in bulk.
   */
  dispatchesPerPass?: number | "auto";
  /** Shortest pass worth timing, in seconds, for `"auto"`. Default 2e-3 (2 ms). */
  minPassSeconds?: number;
  /** Most dispatches per pass `"auto"` may choose. Default 1024. */
  maxDispatchesPerPass?: number;
  /** `"auto"` (default): GPU timestamps when the device has `timestamp-query`, else wall clock. */
  method?: TimingMethod | "auto";
  /** Aborting stops the measurement: it rejects with `signal.reason` and frees its buffers. */
  signal?: AbortSignal;
  /**
   * Called after every pass, warm-up and calibration included: passes done, passes expected in
   * all (it grows while calibration goes on, and shrinks when the time budget ends the repeats),
   * and what the pass was ("warm-up", "calibration", "measured"). For progress indicators.
   */
  onProgress?: ProgressListener;
}

/** One compute pipeline dispatched with one bind group. */
export interface ComputeWork {
  label: string;
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  /** Workgroups per dispatch in x, y, z. */
  workgroups: readonly [number, number, number];
}

/** Timings of one kernel: seconds per dispatch, measured how and on which adapter. */
export interface DispatchTiming {
  /** The adapter that ran it (`AdapterDescription.name`). */
  adapter: string;
  method: TimingMethod;
  /** How `method` measured, in a sentence, for reports. */
  methodNote: string;
  /** Passes discarded before measuring (calibration passes included). */
  warmupPasses: number;
  dispatchesPerPass: number;
  /** Seconds per dispatch of every measured pass, in order. */
  samples: number[];
  /** Of `samples`, in seconds. */
  summary: SampleSummary;
}

const METHOD_NOTES: Record<TimingMethod, string> = {
  "timestamp-query":
    "GPU timestamps written at the start and end of a compute pass (timestampWrites), " +
    "divided by the dispatches in the pass",
  "wall-clock":
    "wall clock from queue.submit to queue.onSubmittedWorkDone, divided by the dispatches in " +
    "the pass; includes submission overhead (fallback: this device has no timestamp-query)",
};

/**
 * Times `work`: warm-up passes, then repeated passes of one or more dispatches each, every pass
 * checked for WebGPU errors so an invalid one cannot leave stale timestamps behind. Returns
 * seconds per dispatch. Leaves the bound buffers holding the result of the last dispatch.
 */
export async function timeDispatches(
  context: GpuContext,
  work: ComputeWork,
  options: TimingOptions = {},
): Promise<DispatchTiming> {
  const {
    warmup = 2,
    repeats = 10,
    budgetSeconds = 5,
    minPassSeconds = 2e-3,
    maxDispatchesPerPass = 1024,
    signal,
  } = options;
  for (const [name, value, least] of [
    ["warmup", warmup, 0],
    ["repeats", repeats, 1],
    ["dispatchesPerPass", options.dispatchesPerPass ?? 1, 1],
    ["maxDispatchesPerPass", maxDispatchesPerPass, 1],
  ] as const) {
    if (value !== "auto" && (!Number.isInteger(value) || value < least)) {
      throw new Error(`timing option ${name} must be an integer >= ${least} (got ${value})`);
    }
  }
  const method = chooseMethod(context, options.method ?? "auto");
  const timer = new PassTimer(context, work, method, signal);
  try {
    const fixed = typeof options.dispatchesPerPass === "number";
    let dispatches = fixed ? (options.dispatchesPerPass as number) : 1;
    let calibrating = !fixed && dispatches < maxDispatchesPerPass;
    const samples: number[] = [];
    let measured = 0;
    const measuring = () =>
      samples.length < repeats && (measured < budgetSeconds || samples.length < 3);
    let passes = 0;
    const passDone = (label: string, left: number) =>
      options.onProgress?.(++passes, passes + left, label);
    let warmupPasses = 0;
    while (warmupPasses < warmup) {
      await timer.time(dispatches);
      warmupPasses++;
      passDone("warm-up", warmup - warmupPasses + (calibrating ? 1 : 0) + repeats);
    }
    // Calibrate: grow the pass until it is long enough to time well. These passes are discarded.
    while (calibrating) {
      const seconds = await timer.time(dispatches);
      warmupPasses++;
      if (seconds >= minPassSeconds) calibrating = false;
      else {
        const wanted = Math.ceil((dispatches * 1.25 * minPassSeconds) / Math.max(seconds, 1e-7));
        dispatches = Math.min(maxDispatchesPerPass, Math.max(2 * dispatches, wanted));
        calibrating = dispatches < maxDispatchesPerPass;
      }
      passDone("calibration", (calibrating ? 1 : 0) + repeats);
    }
    while (measuring()) {
      const seconds = await timer.time(dispatches);
      samples.push(seconds / dispatches);
      measured += seconds;
      passDone("measured", measuring() ? repeats - samples.length : 0);
    }
    return {
      adapter: context.adapter.name,
      method,
      methodNote: METHOD_NOTES[method],
      warmupPasses,
      dispatchesPerPass: dispatches,
      samples,
      summary: summarizeSamples(samples),
    };
  } catch (error) {
    // A lost device shows up as a failed map or submit; say what really happened.
    if (context.loss) throw new DeviceLostError(context.loss.reason, context.loss.message);
    throw error;
  } finally {
    timer.destroy();
  }
}

function chooseMethod(context: GpuContext, wanted: TimingMethod | "auto"): TimingMethod {
  if (wanted === "auto") return context.hasTimestamps ? "timestamp-query" : "wall-clock";
  if (wanted === "timestamp-query" && !context.hasTimestamps) {
    throw new Error(`timing by timestamp-query: ${context.adapter.name} does not support it`);
  }
  return wanted;
}

/** Runs one pass of N dispatches and measures it, reusing its query set and buffers. */
class PassTimer {
  private readonly querySet?: GPUQuerySet;
  private readonly resolved?: GPUBuffer;
  private readonly readback?: GPUBuffer;

  constructor(
    private readonly context: GpuContext,
    private readonly work: ComputeWork,
    method: TimingMethod,
    private readonly signal: AbortSignal | undefined,
  ) {
    if (method === "timestamp-query") {
      const { device } = context;
      this.querySet = device.createQuerySet({
        label: "pass timestamps",
        type: "timestamp",
        count: 2,
      });
      this.resolved = device.createBuffer({
        label: "resolved timestamps",
        size: 16,
        usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
      });
      this.readback = device.createBuffer({
        label: "timestamp readback",
        size: 16,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      });
    }
  }

  /** Seconds the pass took. */
  async time(dispatches: number): Promise<number> {
    this.signal?.throwIfAborted();
    assertAlive(this.context);
    const { device } = this.context;
    const { label, pipeline, bindGroup, workgroups } = this.work;
    let submittedAt = 0;
    await withErrorScopes(device, `running ${label}`, () => {
      const encoder = device.createCommandEncoder({ label });
      const pass = encoder.beginComputePass(
        this.querySet
          ? {
              label,
              timestampWrites: {
                querySet: this.querySet,
                beginningOfPassWriteIndex: 0,
                endOfPassWriteIndex: 1,
              },
            }
          : { label },
      );
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      for (let i = 0; i < dispatches; i++) pass.dispatchWorkgroups(...workgroups);
      pass.end();
      if (this.querySet && this.resolved && this.readback) {
        encoder.resolveQuerySet(this.querySet, 0, 2, this.resolved, 0);
        encoder.copyBufferToBuffer(this.resolved, 0, this.readback, 0, 16);
      }
      const commands = encoder.finish();
      submittedAt = performance.now();
      device.queue.submit([commands]);
    });
    if (!this.readback) {
      await abortable(device.queue.onSubmittedWorkDone(), this.signal);
      return (performance.now() - submittedAt) / 1e3;
    }
    await abortable(this.readback.mapAsync(GPUMapMode.READ), this.signal);
    const [begin, end] = new BigUint64Array(this.readback.getMappedRange().slice(0));
    this.readback.unmap();
    if (begin === undefined || end === undefined || end < begin || begin === 0n) {
      throw new Error(`${label}: the GPU returned invalid timestamps (${begin} .. ${end})`);
    }
    return Number(end - begin) / 1e9;
  }

  destroy(): void {
    this.querySet?.destroy();
    this.resolved?.destroy();
    this.readback?.destroy();
  }
}
