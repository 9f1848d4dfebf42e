import type { StreamKernel } from "./cache/stream-trace.ts";
import type { HardwareSpec } from "./hardware-spec.ts";
import {
  deviceMemory,
  isOnCachePath,
  levelBytesPerSecond,
  levelCapacityBytes,
  levelCopies,
} from "./memory-levels.ts";
import { BYTES_PER_ELEMENT, PRECISIONS, type Precision } from "./precision.ts";
import type { KernelWork } from "./roofline.ts";
import { formatQuantity } from "./units.ts";
import { type Issue, ValidationError } from "./validation.ts";

/**
 * A STREAM kernel (McCalpin) as roofline work: the FLOPs it does and the bytes it moves at each
 * memory level, so `roofline(streamKernelWork(...).work, hw)` places it on a hardware's roofline.
 *
 * Counts are STREAM's: per element, the arrays read plus the array written (no write-allocate
 * traffic) and the FLOPs of the kernel. McCalpin's table, for 8-byte words: copy 16 bytes and 0
 * FLOPs, scale 16 and 1, add (SUM) 24 and 1, triad 24 and 2
 * (https://www.cs.virginia.edu/~mccalpin/papers/bandwidth/node2.html).
 *
 * Where the bytes go: the benchmark sweeps its arrays again and again. A cyclic sweep over a
 * working set that fits in an LRU cache hits there after the first pass, and one that does not
 * fit misses on every access (the stack distance of each access is the whole working set). So
 * the nearest level on the load path (caches, then device memory; scratchpads are not on it)
 * whose capacity, over all its copies, holds the working set serves all the traffic, every level
 * nearer the units passes it through, and the levels beyond see none.
 */

/** Per kernel: arrays touched per element (reads plus the write) and FLOPs per element. */
export const STREAM_COUNTS: Readonly<
  Record<StreamKernel, { arrays: number; flopsPerElement: number }>
> = {
  copy: { arrays: 2, flopsPerElement: 0 },
  scale: { arrays: 2, flopsPerElement: 1 },
  add: { arrays: 3, flopsPerElement: 1 },
  triad: { arrays: 3, flopsPerElement: 2 },
};

export interface StreamWork {
  kernel: StreamKernel;
  /** Bytes of each array. */
  bytesPerArray: number;
  /** Element type; default fp32 (the WebGPU STREAM kernels' f32). Runs on the vector units. */
  dtype?: Precision;
}

export interface StreamKernelWork {
  /** For `roofline`: FLOPs on the vector units; bytes at each level the traffic reaches. */
  work: KernelWork;
  elements: number;
  /** FLOPs over all levels' traffic: FLOPs / (elements x arrays x element bytes). */
  arithmeticIntensity: number;
  /** Bytes of all arrays the kernel touches. */
  workingSetBytes: number;
  /** The level that holds the working set and serves the traffic. */
  servedBy: string;
  /** Levels the traffic passes whose bandwidth the spec does not state: their roofs are skipped. */
  skippedLevels: string[];
  reason: string;
}

/**
 * The work of one pass of `stream.kernel` over arrays of `stream.bytesPerArray` on `hw`, in
 * steady state (the arrays swept before). Throws ValidationError for a malformed stream or a
 * precision the hardware's vector units lack.
 */
export function streamKernelWork(stream: StreamWork, hw: HardwareSpec): StreamKernelWork {
  const { kernel, bytesPerArray, dtype = "fp32" } = stream;
  const issues: Issue[] = [];
  if (!(kernel in STREAM_COUNTS)) {
    issues.push({
      path: "kernel",
      message: `must be one of ${Object.keys(STREAM_COUNTS).join(", ")}`,
    });
  }
  if (!(Number.isFinite(bytesPerArray) && bytesPerArray > 0)) {
    issues.push({ path: "bytesPerArray", message: `must be a number > 0 (got ${bytesPerArray})` });
  }
  if (!(PRECISIONS as readonly string[]).includes(dtype)) {
    issues.push({ path: "dtype", message: `unknown precision; known: ${PRECISIONS.join(", ")}` });
  } else if (!hw.compute.vector?.[dtype]) {
    issues.push({ path: "dtype", message: `${hw.id} states no vector peak for ${dtype}` });
  }
  if (issues.length) throw new ValidationError(`STREAM ${String(kernel)} on ${hw.id}`, issues);

  const { arrays, flopsPerElement } = STREAM_COUNTS[kernel];
  const elementBytes = BYTES_PER_ELEMENT[dtype];
  const elements = Math.max(1, Math.floor(bytesPerArray / elementBytes));
  const trafficBytes = elements * elementBytes * arrays;
  const workingSetBytes = trafficBytes;
  const memory = deviceMemory(hw);
  const path = hw.memory.filter(isOnCachePath);
  const servedAt = path.findIndex(
    (level) => level === memory || capacityOfAllCopies(hw, level) >= workingSetBytes,
  );
  const served = path[servedAt]!;
  const bytes: Record<string, number> = {};
  const skippedLevels: string[] = [];
  for (const level of path.slice(0, servedAt + 1)) {
    if (levelBytesPerSecond(hw, level) === undefined) skippedLevels.push(level.name);
    else bytes[level.name] = trafficBytes;
  }
  const flops = elements * flopsPerElement;
  const size = (n: number) => formatQuantity(n, "bytes", { digits: 3 });
  const holds =
    served === memory
      ? `no cache holds the ${size(workingSetBytes)} working set: ${memory.name} serves it`
      : `the ${size(workingSetBytes)} working set fits in ${served.name} (${size(capacityOfAllCopies(hw, served))}), which serves it after the first sweep`;
  const skipped = skippedLevels.length
    ? `; ${hw.id} states no bandwidth for ${skippedLevels.join(", ")}, so ${skippedLevels.length === 1 ? "its roof is" : "their roofs are"} skipped`
    : "";
  return {
    work: { flops: flops > 0 ? { [dtype]: flops } : {}, bytes, units: { [dtype]: "vector" } },
    elements,
    arithmeticIntensity: flops / trafficBytes,
    workingSetBytes,
    servedBy: served.name,
    skippedLevels,
    reason: `STREAM ${kernel}, ${elements.toLocaleString("en-US")} ${dtype} elements per array: ${holds}${skipped}`,
  };
}

/** Capacity of a level over all its copies; one copy where the count is unknown, 0 if its size is. */
function capacityOfAllCopies(hw: HardwareSpec, level: HardwareSpec["memory"][number]): number {
  return (levelCapacityBytes(level) ?? 0) * (levelCopies(hw, level) ?? 1);
}
