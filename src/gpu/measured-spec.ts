import type { AdapterDescription } from "./adapter-description.ts";
import type { ChaseResult } from "./bench-chase.ts";
import type { FmaResult } from "./bench-fma.ts";
import type { StreamResult } from "./bench-stream.ts";
import type { ComputeLimits } from "./device.ts";
import { REGISTERS_PER_INVOCATION } from "./kernels/matmul-tiled.ts";
import { STREAM_ARRAYS } from "./kernels/stream.ts";

/** One memory level of a measured spec (a subset of the hwmodels `MemoryLevel` fields). */
export interface MeasuredMemoryLevel {
  name: string;
  kind: "cache" | "memory";
  scope: "unit" | "device";
  bytes?: number;
  bytesPerSecond?: number;
  latencySeconds?: number;
  note?: string;
}

/**
 * A hardware spec in the hwmodels format (docs/hardware-spec.md, `parseHardwareSpec`), with
 * quantities as numbers in base units: the subset of `HardwareSpecInput` a WebGPU measurement
 * can fill, typed exactly so callers know which fields are there.
 */
export interface MeasuredSpec {
  id: string;
  name: string;
  vendor?: string;
  architecture?: string;
  limits: {
    threadsPerWorkgroup: number;
    sharedBytesPerWorkgroup: number;
    /** Not reported by WebGPU: the most any GPU gives one invocation, as the matmul kernels assume. */
    registersPerThread: number;
  };
  compute: { vector: Partial<Record<"fp32" | "fp16", { flopsPerSecond: number }>> };
  memory: MeasuredMemoryLevel[];
  sources: Array<{
    id: string;
    kind: "measurement";
    title: string;
    adapter: string;
    tool: string;
    date: string;
    covers: string[];
    note?: string;
  }>;
  notes: string[];
}

/** What `characterizeDevice` measured, the input of `measuredSpec`. */
export interface DeviceMeasurements {
  adapter: AdapterDescription;
  limits: ComputeLimits;
  fma: FmaResult[];
  stream: StreamResult;
  chase: ChaseResult;
}

/**
 * The hardware spec the measurements imply. Peaks are the FMA-chain rates per precision. Each
 * cache found by the pointer chase becomes a level with that capacity and hit latency, and the
 * bandwidth of the best STREAM run whose arrays fit in it but not in the level below; device
 * memory gets the best STREAM rate among runs too large for the last cache and the latency of
 * the last plateau. `date` is an ISO date (YYYY-MM-DD).
 */
export function measuredSpec(
  measurements: DeviceMeasurements,
  tool: string,
  date: string,
): MeasuredSpec {
  const { adapter, limits, fma, stream, chase } = measurements;
  const profile = chase.profiles[0];
  const caches = profile?.caches ?? [];
  const memoryLatency = profile?.plateaus[profile.plateaus.length - 1]?.secondsPerLoad;
  const footprint = (point: StreamResult["points"][number]) =>
    point.bytesPerArray * STREAM_ARRAYS[point.op];
  const bestRate = (fits: (bytes: number) => boolean) => {
    const rates = stream.points.filter((point) => fits(footprint(point)));
    return rates.length ? Math.max(...rates.map((point) => point.bytesPerSecond)) : undefined;
  };
  const memory: MeasuredMemoryLevel[] = caches.map((cache, i) => {
    const below = caches[i - 1]?.bytes ?? 0;
    const bytesPerSecond = bestRate((bytes) => bytes > below && bytes <= cache.bytes);
    return {
      name: `L${cache.level}`,
      kind: "cache",
      // A single invocation's chase cannot tell a per-unit cache from a shared one.
      scope: i === 0 ? "unit" : "device",
      bytes: cache.bytes,
      ...(bytesPerSecond ? { bytesPerSecond: round(bytesPerSecond) } : {}),
      latencySeconds: round(cache.secondsPerLoad),
      note: "capacity: largest working set on this latency plateau; scope assumed",
    };
  });
  const lastCache = caches[caches.length - 1]?.bytes ?? 0;
  const beyondCaches = bestRate((bytes) => bytes > lastCache);
  memory.push({
    name: "DRAM",
    kind: "memory",
    scope: "device",
    bytesPerSecond: round(beyondCaches ?? stream.peakBytesPerSecond),
    ...(memoryLatency ? { latencySeconds: round(memoryLatency) } : {}),
    note: beyondCaches
      ? "bandwidth: best STREAM run larger than the last cache found"
      : "bandwidth: no STREAM run exceeded the last cache found; best run of any size",
  });
  dropSlowerThanFarther(memory);
  const vector: MeasuredSpec["compute"]["vector"] = {};
  for (const result of fma) {
    vector[result.precision === "f16" ? "fp16" : "fp32"] = {
      flopsPerSecond: round(result.flopsPerSecond),
    };
  }
  const timing = fma[0]?.timing ?? stream.points[0]?.timing;
  const notes = [
    `Measured through WebGPU on ${adapter.name}; timing: ${timing?.method ?? "none"}.`,
    "Peaks are achieved rates of FMA chains, not datasheet peaks. Each cache size is the largest " +
      "working set still on its latency plateau: within one step of the working-set sweep.",
  ];
  if (adapter.isFallbackAdapter) {
    notes.push(
      "This is a software adapter (e.g. SwiftShader): the numbers describe the CPU emulating a " +
        "GPU, not a GPU.",
    );
  }
  return {
    id: `measured-${slug(adapter.architecture || adapter.vendor || "adapter")}`,
    name: `Measured: ${adapter.name}`,
    ...(adapter.vendor ? { vendor: adapter.vendor } : {}),
    ...(adapter.architecture ? { architecture: adapter.architecture } : {}),
    limits: {
      threadsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
      sharedBytesPerWorkgroup: limits.maxComputeWorkgroupStorageSize,
      // So the GEMM model rejects the tiles the kernels reject (see assertTileRuns).
      registersPerThread: REGISTERS_PER_INVOCATION,
    },
    compute: { vector },
    memory,
    sources: [
      {
        id: "characterize",
        kind: "measurement",
        title: "codesign-notebook characterize",
        adapter: adapter.name,
        tool,
        date,
        covers: ["*"],
        note:
          "limits are the WebGPU device limits the adapter reported, except registersPerThread: " +
          `WebGPU reports none, so it is ${REGISTERS_PER_INVOCATION}, the most any GPU gives one ` +
          "invocation, which the matmul kernels assume",
      },
    ],
    notes,
  };
}

/**
 * A cache cannot be slower than the memory behind it: STREAM runs small enough to fit one that
 * come out slower than a farther level measure dispatch overhead, not the cache (SwiftShader,
 * and short kernels anywhere). Such a bandwidth is dropped, and the level's note says why.
 */
function dropSlowerThanFarther(memory: MeasuredMemoryLevel[]): void {
  let fastestFarther: MeasuredMemoryLevel | undefined;
  for (let i = memory.length - 1; i >= 0; i--) {
    const level = memory[i]!;
    const rate = level.bytesPerSecond;
    if (rate === undefined) continue;
    if (fastestFarther && rate < fastestFarther.bytesPerSecond!) {
      delete level.bytesPerSecond;
      level.note += `; bandwidth not stated: the STREAM runs that fit here (best ${rate} B/s) were slower than ${fastestFarther.name}'s, so they measured dispatch overhead, not this cache`;
      continue;
    }
    if (!fastestFarther || rate > fastestFarther.bytesPerSecond!) fastestFarther = level;
  }
}

/** Four significant digits: more would claim a precision no measurement here has. */
function round(value: number): number {
  return Number(value.toPrecision(4));
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "adapter"
  );
}
