import type { AccessTrace } from "./access-trace.ts";
import { checkPositiveInteger, TraceChunker } from "./trace-chunks.ts";

/**
 * The four STREAM kernels (J. D. McCalpin, https://www.cs.virginia.edu/stream/ref.html), with q a
 * scalar: copy c[i] = a[i]; scale b[i] = q c[i]; add c[i] = a[i] + b[i]; triad a[i] = b[i] + q c[i].
 */
export type StreamKernel = "copy" | "scale" | "add" | "triad";

/** Per kernel: arrays loaded (in order), then the array stored, for each element. */
const OPERANDS: Record<StreamKernel, { loads: Array<"a" | "b" | "c">; store: "a" | "b" | "c" }> = {
  copy: { loads: ["a"], store: "c" },
  scale: { loads: ["c"], store: "b" },
  add: { loads: ["a", "b"], store: "c" },
  triad: { loads: ["b", "c"], store: "a" },
};

export interface StreamTraceOptions {
  kernel: StreamKernel;
  /** Elements per array. */
  elements: number;
  /** Bytes per element; defaults to 8 (double). */
  elementBytes?: number;
  /** Passes over the arrays; defaults to 1. */
  sweeps?: number;
  /**
   * Byte addresses of a, b and c. By default the arrays lie back to back from 0, each starting on
   * a 4096-byte boundary.
   */
  bases?: { a: number; b: number; c: number };
  /** Accesses per yielded chunk. */
  chunkAccesses?: number;
}

/**
 * The address stream of a STREAM kernel: for each element in order, its loads (operand order),
 * then its store, each `elementBytes` wide. Yields the trace in chunks.
 */
export function* streamTrace(options: StreamTraceOptions): Generator<AccessTrace> {
  const { kernel, elements, elementBytes = 8, sweeps = 1 } = options;
  checkPositiveInteger("elements", elements);
  checkPositiveInteger("elementBytes", elementBytes);
  checkPositiveInteger("sweeps", sweeps);
  const arrayBytes = Math.ceil((elements * elementBytes) / 4096) * 4096;
  const bases = options.bases ?? { a: 0, b: arrayBytes, c: 2 * arrayBytes };
  const { loads, store } = OPERANDS[kernel];
  const loadBases = loads.map((array) => bases[array]);
  const storeBase = bases[store];
  const out = new TraceChunker(elementBytes, options.chunkAccesses);
  for (let sweep = 0; sweep < sweeps; sweep++) {
    for (let i = 0; i < elements; i++) {
      const offset = i * elementBytes;
      for (const base of loadBases) out.load(base + offset);
      out.store(storeBase + offset);
      if (out.full) yield out.take();
    }
  }
  if (out.length > 0) yield out.take();
}
