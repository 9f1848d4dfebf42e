import {
  type Dataflow,
  ensureSystolicArray,
  type SystolicArray,
  type SystolicArrayInput,
  type SystolicConvention,
} from "./systolic-array.ts";
import {
  type LoweredLayer,
  lowerLayer,
  parseSystolicLayers,
  type SystolicLayer,
  type SystolicLayerInput,
} from "./systolic-layer.ts";
import {
  computeCycles,
  computeUtilization,
  type FoldCycles,
  type FoldMapping,
  foldCycles,
  mappingEfficiency,
  mapToArray,
} from "./systolic-mapping.ts";
import {
  type DramTraffic,
  dramStallCycles,
  dramTraffic,
  type SramTraffic,
  sramTraffic,
} from "./systolic-traffic.ts";

/**
 * A layer on a systolic array: cycles (folds, fill and drain), utilization, SRAM and DRAM
 * traffic, and stalls for a DRAM bandwidth. Compute cycles, mapping efficiency, compute
 * utilization and SRAM traffic reproduce SCALE-Sim v2/v3 exactly under the scale-sim
 * convention (test/hwmodels/systolic/scalesim-golden.test.ts); DRAM traffic and stalls are
 * this model's own analytic estimate (see systolic-traffic.ts and docs/systolic.md).
 *
 * Stalls (dramStallCycles): double buffering overlaps every DRAM transfer but the first fold's
 * inputs with compute, so a layer stalls only when DRAM needs longer than compute. Loading the
 * first fold's inputs, ceil(prefetchWords / bandwidth), is reported apart, as SCALE-Sim v3
 * reports "Total Cycles (incl. prefetch)".
 */

export interface SystolicLayerResult {
  name: string;
  layer: SystolicLayer;
  dataflow: Dataflow;
  rows: number;
  cols: number;
  convention: SystolicConvention;
  /** The layer as a GEMM (im2col for convolutions). */
  gemm: { M: number; N: number; K: number };
  ofmap: { height: number; width: number } | null;
  macs: number;
  mapping: FoldMapping;
  /** Cycles of each fold, by phase. */
  foldCycles: FoldCycles;
  cycles: {
    /** folds x cycles per fold (minus one under the scale-sim convention). */
    compute: number;
    /** Cycles the array waits for DRAM (0 with unlimited bandwidth). */
    stall: number;
    /** compute + stall: SCALE-Sim's "Total Cycles" under the scale-sim convention. */
    total: number;
    /** Loading the first fold's inputs before it starts (0 with unlimited bandwidth). */
    prefetch: number;
    /** total + prefetch. */
    totalWithPrefetch: number;
  };
  /** Mean fraction of PEs each fold maps work to, 0..1. */
  mappingEfficiency: number;
  /** Mean fraction of PE-cycles doing MACs, per fold, before stalls, 0..1 (see computeUtilization). */
  computeUtilization: number;
  /** MACs / (PEs x total cycles), 0..1: SCALE-Sim's "Overall Util". */
  utilization: number;
  sram: SramTraffic;
  dram: DramTraffic & {
    wordsPerCycle: number | null;
    /** ceil(DRAM words / bandwidth); null with unlimited bandwidth. */
    cycles: number | null;
  };
  /** What sets the time: compute, or the DRAM interface. */
  bound: "compute" | "dram";
  reason: string;
  notes: string[];
}

export interface SystolicNetworkResult {
  layers: SystolicLayerResult[];
  macs: number;
  cycles: { compute: number; stall: number; total: number; prefetch: number };
  /** MACs / (PEs x total cycles). */
  utilization: number;
  /** Mean of the layers' mapping efficiency weighted by their compute cycles. */
  mappingEfficiency: number;
  dramBytes: number;
}

/** Evaluates one layer; `index` names an unnamed layer ("layer 3"). */
export function systolicLayer(
  layer: SystolicLayer | SystolicLayerInput,
  arrayInput: SystolicArray | SystolicArrayInput,
  index = 0,
): SystolicLayerResult {
  const array = ensureSystolicArray(arrayInput);
  const [parsed] = parseSystolicLayers([layer], layer.name ?? `layer ${index}`);
  return evaluate(lowerLayer(parsed!, array.convention, index), parsed!, array);
}

/** Evaluates every layer (validated first: a bad one fails the call, naming its index). */
export function systolicNetwork(
  layers: readonly (SystolicLayer | SystolicLayerInput)[],
  arrayInput: SystolicArray | SystolicArrayInput,
): SystolicNetworkResult {
  const array = ensureSystolicArray(arrayInput);
  const parsed = parseSystolicLayers(layers);
  const results = parsed.map((layer, index) =>
    evaluate(lowerLayer(layer, array.convention, index), layer, array),
  );
  const sum = (pick: (result: SystolicLayerResult) => number) =>
    results.reduce((total, result) => total + pick(result), 0);
  const cycles = {
    compute: sum((r) => r.cycles.compute),
    stall: sum((r) => r.cycles.stall),
    total: sum((r) => r.cycles.total),
    prefetch: sum((r) => r.cycles.prefetch),
  };
  const macs = sum((r) => r.macs);
  return {
    layers: results,
    macs,
    cycles,
    utilization: macs / (array.rows * array.cols * cycles.total),
    mappingEfficiency: sum((r) => r.mappingEfficiency * r.cycles.compute) / cycles.compute,
    dramBytes: sum((r) => r.dram.totalBytes),
  };
}

function evaluate(
  lowered: LoweredLayer,
  layer: SystolicLayer,
  array: SystolicArray,
): SystolicLayerResult {
  const { rows, cols, dataflow, convention } = array;
  const mapping = mapToArray(lowered.M, lowered.N, lowered.K, dataflow, rows, cols);
  const perFold = foldCycles(dataflow, rows, cols, mapping.temporal);
  const compute = computeCycles(mapping, perFold, convention);
  const dram = dramTraffic(lowered, mapping, array);
  const bandwidth = array.dramWordsPerCycle ?? null;
  const dramCycles = bandwidth === null ? null : Math.ceil(dram.totalWords / bandwidth);
  const stall = bandwidth === null ? 0 : dramStallCycles(dram, compute, bandwidth);
  const prefetch = bandwidth === null ? 0 : Math.ceil(dram.prefetchWords / bandwidth);
  const total = compute + stall;
  const efficiency = mappingEfficiency(mapping, rows, cols);
  const result: SystolicLayerResult = {
    name: lowered.name,
    layer,
    dataflow,
    rows,
    cols,
    convention,
    gemm: { M: lowered.M, N: lowered.N, K: lowered.K },
    ofmap: lowered.ofmap,
    macs: lowered.macs,
    mapping,
    foldCycles: perFold,
    cycles: { compute, stall, total, prefetch, totalWithPrefetch: total + prefetch },
    mappingEfficiency: efficiency,
    computeUtilization: computeUtilization(mapping, dataflow, rows, cols, convention),
    utilization: lowered.macs / (rows * cols * total),
    sram: sramTraffic(lowered, mapping, array),
    dram: { ...dram, wordsPerCycle: bandwidth, cycles: dramCycles },
    bound: stall > 0 ? "dram" : "compute",
    reason: "",
    notes: lowered.notes,
  };
  result.reason = explain(result);
  return result;
}

const count = (n: number) => Math.round(n).toLocaleString("en-US");
const percent = (fraction: number) => `${(100 * fraction).toFixed(1)}%`;

function explain(result: SystolicLayerResult): string {
  const { mapping, foldCycles: fold, rows, cols, cycles, dram } = result;
  const parts = [
    `${count(mapping.folds)} fold${mapping.folds === 1 ? "" : "s"} (${count(mapping.rowFolds)} row x ${count(mapping.colFolds)} column) of ${count(fold.total)} cycles: ${fold.preload ? `${count(fold.preload)} to load the stationary ${result.dataflow === "ws" ? "weights" : "inputs"}, ` : ""}${count(fold.stream)} streaming, ${count(fold.pipeline)} of fill and drain`,
  ];
  const partial: string[] = [];
  if (mapping.rowsInLastFold < rows)
    partial.push(`the last row fold fills ${mapping.rowsInLastFold} of ${rows} rows`);
  if (mapping.colsInLastFold < cols)
    partial.push(`the last column fold fills ${mapping.colsInLastFold} of ${cols} columns`);
  parts.push(
    `mapping efficiency ${percent(result.mappingEfficiency)}${partial.length ? ` (${partial.join(", ")})` : ""}`,
  );
  if (dram.cycles === null) {
    parts.push("compute-bound: DRAM bandwidth unlimited");
  } else if (cycles.stall > 0) {
    parts.push(
      `DRAM-bound: ${count(dram.totalWords)} words at ${dram.wordsPerCycle} words/cycle take ${count(dram.cycles)} cycles vs ${count(cycles.compute)} of compute, so ${count(cycles.stall)} stall cycles`,
    );
  } else {
    parts.push(
      `compute-bound: DRAM needs ${count(dram.cycles)} of the ${count(cycles.compute)} compute cycles`,
    );
  }
  return parts.join("; ");
}
