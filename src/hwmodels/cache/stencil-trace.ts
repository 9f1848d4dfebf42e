import type { AccessTrace } from "./access-trace.ts";
import { checkPositiveInteger, TraceChunker } from "./trace-chunks.ts";

/** Common stencils: offsets (outermost dimension first) of the points each update reads. */
export const STENCILS = {
  /** 3-point 1-D: u[i-1], u[i], u[i+1]. */
  "1d3": [[-1], [0], [1]],
  /** 5-point 2-D (Jacobi/Laplace). */
  "2d5": [
    [-1, 0],
    [0, -1],
    [0, 0],
    [0, 1],
    [1, 0],
  ],
  /** 9-point 2-D box. */
  "2d9": [-1, 0, 1].flatMap((di) => [-1, 0, 1].map((dj) => [di, dj])),
  /** 7-point 3-D. */
  "3d7": [
    [-1, 0, 0],
    [0, -1, 0],
    [0, 0, -1],
    [0, 0, 0],
    [0, 0, 1],
    [0, 1, 0],
    [1, 0, 0],
  ],
} satisfies Record<string, number[][]>;
export type StencilName = keyof typeof STENCILS;

export interface StencilTraceOptions {
  /** Grid extents, outermost first; row-major, so the last index is contiguous. */
  shape: number[];
  /** The stencil: a name from STENCILS or a list of offsets (one per load, same rank as shape). */
  stencil: StencilName | number[][];
  /** Bytes per element; defaults to 8. */
  elementBytes?: number;
  /** Jacobi sweeps; each reads the grid the previous one wrote (the two grids swap). Default 1. */
  sweeps?: number;
  /** Byte addresses of the two grids; by default back to back from 0, 4096-byte aligned. */
  bases?: { input: number; output: number };
  /** Accesses per yielded chunk. */
  chunkAccesses?: number;
}

/**
 * The address stream of a Jacobi stencil sweep: for every interior point (where every offset stays
 * inside the grid) in row-major order, the loads of the input at each offset in the order given,
 * then the store of the output at the point. Yields the trace in chunks.
 */
export function* stencilTrace(options: StencilTraceOptions): Generator<AccessTrace> {
  const { shape, elementBytes = 8, sweeps = 1 } = options;
  const offsets = typeof options.stencil === "string" ? STENCILS[options.stencil] : options.stencil;
  const rank = shape.length;
  if (rank === 0) throw new RangeError("shape needs at least one dimension");
  for (const extent of shape) checkPositiveInteger("shape extent", extent);
  checkPositiveInteger("elementBytes", elementBytes);
  checkPositiveInteger("sweeps", sweeps);
  if (offsets.length === 0 || offsets.some((offset) => offset.length !== rank)) {
    throw new RangeError(`every stencil offset needs ${rank} coordinates, one per dimension`);
  }
  // Row-major strides in elements, and the interior: far enough from each edge for every offset.
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const low = shape.map((_, d) => Math.max(0, ...offsets.map((offset) => -offset[d]!)));
  const high = shape.map(
    (extent, d) => extent - Math.max(0, ...offsets.map((offset) => offset[d]!)),
  );
  const deltas = offsets.map((offset) => offset.reduce((sum, o, d) => sum + o * strides[d]!, 0));
  const gridBytes = Math.ceil((shape.reduce((a, b) => a * b, 1) * elementBytes) / 4096) * 4096;
  const bases = options.bases ?? { input: 0, output: gridBytes };
  const out = new TraceChunker(elementBytes, options.chunkAccesses);
  if (low.some((start, d) => start >= high[d]!)) return;
  const index = [...low];
  for (let sweep = 0; sweep < sweeps; sweep++) {
    const [input, output] =
      sweep % 2 === 0 ? [bases.input, bases.output] : [bases.output, bases.input];
    index.splice(0, rank, ...low);
    for (;;) {
      const element = index.reduce((sum, i, d) => sum + i * strides[d]!, 0);
      for (const delta of deltas) out.load(input + (element + delta) * elementBytes);
      out.store(output + element * elementBytes);
      if (out.full) yield out.take();
      // Next interior point, last index fastest.
      let d = rank - 1;
      while (d >= 0 && ++index[d]! === high[d]) index[d--] = low[d]!;
      if (d < 0) break;
    }
  }
  if (out.length > 0) yield out.take();
}
