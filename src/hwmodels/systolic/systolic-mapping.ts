import type { Dataflow, SystolicConvention } from "./systolic-array.ts";

/**
 * How a GEMM (M x K) . (K x N) maps onto an R x C array, and how many cycles it takes, as in
 * SCALE-Sim v2 (scalesim/compute/systolic_compute_{os,ws,is}.py). Each dataflow lays two GEMM
 * dimensions across the array (Sr along its rows, Sc along its columns) and streams the third
 * through it in time (T):
 *
 *   os: Sr = M, Sc = N, T = K    each PE accumulates one output
 *   ws: Sr = K, Sc = N, T = M    each PE holds one weight
 *   is: Sr = K, Sc = M, T = N    each PE holds one input (im2col) element
 *
 * When Sr > R or Sc > C the work is split into folds: ceil(Sr / R) x ceil(Sc / C) of them, run
 * one after another. One fold takes
 *
 *   preload + T + (R - 1) + (C - 1)   cycles,
 *
 * preload = R for ws and is (the stationary operand is shifted in, one row per cycle) and 0 for
 * os; T cycles stream the moving operands; R - 1 and C - 1 are the skew with which operands
 * enter the array and results leave it (pipeline fill and drain). SCALE-Sim lets each fold
 * drain before the next starts, so folds do not overlap.
 */

export interface FoldMapping {
  /** GEMM extent laid along the array's rows (Sr). */
  spatialRows: number;
  /** GEMM extent laid along the array's columns (Sc). */
  spatialCols: number;
  /** GEMM extent streamed in time (T). */
  temporal: number;
  /** ceil(Sr / R). */
  rowFolds: number;
  /** ceil(Sc / C). */
  colFolds: number;
  /** rowFolds x colFolds. */
  folds: number;
  /** Rows the last row fold uses: Sr - (rowFolds - 1) R. */
  rowsInLastFold: number;
  /** Columns the last column fold uses. */
  colsInLastFold: number;
}

/** Lays the GEMM (M, N, K) on an R x C array under `dataflow`. */
export function mapToArray(
  M: number,
  N: number,
  K: number,
  dataflow: Dataflow,
  rows: number,
  cols: number,
): FoldMapping {
  const spatialRows = dataflow === "os" ? M : K;
  const spatialCols = dataflow === "is" ? M : N;
  const temporal = dataflow === "os" ? K : dataflow === "ws" ? M : N;
  const rowFolds = Math.ceil(spatialRows / rows);
  const colFolds = Math.ceil(spatialCols / cols);
  return {
    spatialRows,
    spatialCols,
    temporal,
    rowFolds,
    colFolds,
    folds: rowFolds * colFolds,
    rowsInLastFold: spatialRows - (rowFolds - 1) * rows,
    colsInLastFold: spatialCols - (colFolds - 1) * cols,
  };
}

export interface FoldCycles {
  /** Cycles to shift the stationary operand in: R for ws and is, 0 for os. */
  preload: number;
  /** T: cycles the moving operands stream. */
  stream: number;
  /** (R - 1) + (C - 1): skew fill and drain. */
  pipeline: number;
  /** preload + stream + pipeline. */
  total: number;
}

/** Cycles of one fold (every fold of a layer takes the same, however full it is). */
export function foldCycles(
  dataflow: Dataflow,
  rows: number,
  cols: number,
  temporal: number,
): FoldCycles {
  const preload = dataflow === "os" ? 0 : rows;
  const pipeline = rows - 1 + (cols - 1);
  return { preload, stream: temporal, pipeline, total: preload + temporal + pipeline };
}

/**
 * Compute cycles of a layer: folds x cycles per fold. Under the scale-sim convention, one less:
 * SCALE-Sim reports the zero-based index of the last cycle (its "Total Cycles" less stalls).
 */
export function computeCycles(
  mapping: FoldMapping,
  fold: FoldCycles,
  convention: SystolicConvention,
): number {
  return mapping.folds * fold.total - (convention === "scale-sim" ? 1 : 0);
}

/**
 * Mean over folds of the fraction of PEs a fold maps work to. Rows and columns fill
 * independently, so the mean is (Sr / (rowFolds R)) x (Sc / (colFolds C)).
 */
export function mappingEfficiency(mapping: FoldMapping, rows: number, cols: number): number {
  return (
    (mapping.spatialRows / (mapping.rowFolds * rows)) *
    (mapping.spatialCols / (mapping.colFolds * cols))
  );
}

/**
 * Mean over folds of MACs done / (PEs x cycles of the fold), before stalls. Textbook: the fold's
 * own cycles, so this is MACs / (PEs x compute cycles). SCALE-Sim divides WS and IS folds by
 * C - 1 more cycles than they take (it measures the filter or input demand matrix including
 * its skew), so its figure is lower for those dataflows.
 */
export function computeUtilization(
  mapping: FoldMapping,
  dataflow: Dataflow,
  rows: number,
  cols: number,
  convention: SystolicConvention,
): number {
  const perFold = foldCycles(dataflow, rows, cols, mapping.temporal).total;
  const divisor = convention === "scale-sim" && dataflow !== "os" ? perFold + cols - 1 : perFold;
  return (mappingEfficiency(mapping, rows, cols) * mapping.temporal) / divisor;
}
