import { type GemmTile, tileProblems } from "../gemm-tile.ts";
import type { AccessTrace } from "./access-trace.ts";
import { checkPositiveInteger, TraceChunker } from "./trace-chunks.ts";

export type MatrixLayout = "row-major" | "column-major";

export interface TiledGemmTraceOptions {
  /** C (M x N) += A (M x K) * B (K x N). */
  M: number;
  N: number;
  K: number;
  /** Blocking: BM x BN blocks of C, BK-deep slices of K; each TM x TN register block in turn. */
  tile: GemmTile;
  /** Bytes per element; defaults to 8 (double). */
  elementBytes?: number;
  /** Per matrix; defaults to row-major. */
  layout?: { a?: MatrixLayout; b?: MatrixLayout; c?: MatrixLayout };
  /** Leading dimensions in elements; default to the matrix's own (columns if row-major). */
  leadingDimensions?: { a?: number; b?: number; c?: number };
  /** Byte addresses of A, B, C; by default back to back from 0, 4096-byte aligned. */
  bases?: { a: number; b: number; c: number };
  /**
   * C += A*B (true, the default): every K slice loads the C block it updates. C = A*B (false): C
   * is only loaded from the second slice on.
   */
  accumulate?: boolean;
  /** Accesses per yielded chunk. */
  chunkAccesses?: number;
}

/**
 * The address stream of a tiled, register-blocked GEMM loop nest, one element per access:
 *
 * ```
 * for i0 in 0..M step BM, j0 in 0..N step BN, k0 in 0..K step BK:   // blocks, edges clipped
 *   for ti in i0.. step TM, tj in j0.. step TN:                     // register blocks
 *     load C[ti..ti+TM, tj..tj+TN] (row by row; see `accumulate`)
 *     for k in k0..k0+BK:
 *       load A[ti..ti+TM, k], then B[k, tj..tj+TN]
 *     store C[ti..ti+TM, tj..tj+TN] (row by row)
 * ```
 *
 * With TM = TN = 1 this is the classic blocked triple loop (load C[i][j]; for k: A[i][k], B[k][j];
 * store C[i][j]). Yields the trace in chunks.
 */
export function* tiledGemmTrace(options: TiledGemmTraceOptions): Generator<AccessTrace> {
  const { M, N, K, tile, elementBytes = 8, accumulate = true } = options;
  for (const [name, value] of [
    ["M", M],
    ["N", N],
    ["K", K],
    ["elementBytes", elementBytes],
  ] as const) {
    checkPositiveInteger(name, value);
  }
  const problems = tileProblems(tile);
  if (problems.length) throw new RangeError(`invalid tile: ${problems.join("; ")}`);
  const { BM, BN, BK, TM, TN } = tile;
  const { a, b, c } = matrixAddresses(options);
  const out = new TraceChunker(elementBytes, options.chunkAccesses);
  for (let i0 = 0; i0 < M; i0 += BM) {
    const iEnd = Math.min(i0 + BM, M);
    for (let j0 = 0; j0 < N; j0 += BN) {
      const jEnd = Math.min(j0 + BN, N);
      for (let k0 = 0; k0 < K; k0 += BK) {
        const kEnd = Math.min(k0 + BK, K);
        for (let ti = i0; ti < iEnd; ti += TM) {
          const tiEnd = Math.min(ti + TM, iEnd);
          for (let tj = j0; tj < jEnd; tj += TN) {
            const tjEnd = Math.min(tj + TN, jEnd);
            if (accumulate || k0 > 0) {
              for (let i = ti; i < tiEnd; i++) for (let j = tj; j < tjEnd; j++) out.load(c(i, j));
            }
            for (let k = k0; k < kEnd; k++) {
              for (let i = ti; i < tiEnd; i++) out.load(a(i, k));
              for (let j = tj; j < tjEnd; j++) out.load(b(k, j));
            }
            for (let i = ti; i < tiEnd; i++) for (let j = tj; j < tjEnd; j++) out.store(c(i, j));
            if (out.full) yield out.take();
          }
        }
      }
    }
  }
  if (out.length > 0) yield out.take();
}

interface MatrixShape {
  layout: MatrixLayout;
  /** Elements between consecutive rows (row-major) or columns (column-major). */
  leading: number;
  /** Elements the matrix spans: outer extent x leading dimension. */
  span: number;
}

function matrixShape(
  rows: number,
  columns: number,
  name: "a" | "b" | "c",
  options: TiledGemmTraceOptions,
): MatrixShape {
  const layout = options.layout?.[name] ?? "row-major";
  const [outer, inner] = layout === "row-major" ? [rows, columns] : [columns, rows];
  const leading = options.leadingDimensions?.[name] ?? inner;
  if (!Number.isSafeInteger(leading) || leading < inner) {
    throw new RangeError(
      `leading dimension of ${name.toUpperCase()} must be an integer of at least ${inner}, not ${leading}`,
    );
  }
  return { layout, leading, span: outer * leading };
}

/** Byte address of element (row, column) of each matrix, per layout, leading dimension and base. */
function matrixAddresses(options: TiledGemmTraceOptions) {
  const { M, N, K, elementBytes = 8 } = options;
  const shapes = {
    a: matrixShape(M, K, "a", options),
    b: matrixShape(K, N, "b", options),
    c: matrixShape(M, N, "c", options),
  };
  // By default A, B, C lie back to back from 0, each on a 4096-byte boundary.
  const aligned = (elements: number) => Math.ceil((elements * elementBytes) / 4096) * 4096;
  const bases = options.bases ?? {
    a: 0,
    b: aligned(shapes.a.span),
    c: aligned(shapes.a.span) + aligned(shapes.b.span),
  };
  const address = ({ layout, leading }: MatrixShape, base: number) =>
    layout === "row-major"
      ? (row: number, column: number) => base + (row * leading + column) * elementBytes
      : (row: number, column: number) => base + (column * leading + row) * elementBytes;
  return {
    a: address(shapes.a, bases.a),
    b: address(shapes.b, bases.b),
    c: address(shapes.c, bases.c),
  };
}
