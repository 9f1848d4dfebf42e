import { ValidationError } from "../validation.ts";
import {
  parseSystolicArray,
  type SystolicArray,
  type SystolicArrayInput,
} from "./systolic-array.ts";
import { lowerLayer, parseSystolicLayers, type SystolicLayerInput } from "./systolic-layer.ts";
import { computeCycles, foldCycles, mappingEfficiency, mapToArray } from "./systolic-mapping.ts";
import { dramStallCycles, dramTraffic } from "./systolic-traffic.ts";

/** An array shape: PE rows x columns. */
export interface ArrayShape {
  rows: number;
  cols: number;
}

/**
 * Every (rows, cols) pair of the two lists, optionally only those with at most `maxPes` PEs
 * (rows x cols), e.g. `arrayShapes({ rows: [8, 16, 32], cols: [8, 16, 32] })`.
 */
export function arrayShapes({
  rows,
  cols,
  maxPes = Number.POSITIVE_INFINITY,
}: {
  rows: readonly number[];
  cols: readonly number[];
  maxPes?: number;
}): ArrayShape[] {
  const shapes: ArrayShape[] = [];
  for (const r of rows)
    for (const c of cols) if (r * c <= maxPes) shapes.push({ rows: r, cols: c });
  return shapes;
}

/** Powers of two from `min` to `max` inclusive: 4, 8, ..., 256. */
export function powersOfTwo(min: number, max: number): number[] {
  const values: number[] = [];
  for (let v = min; v <= max; v *= 2) values.push(v);
  return values;
}

/** One array shape running a whole layer list. */
export interface SweepPoint {
  rows: number;
  cols: number;
  pes: number;
  computeCycles: number;
  stallCycles: number;
  totalCycles: number;
  /** MACs / (PEs x total cycles), 0..1. */
  utilization: number;
  /** The layers' mapping efficiency weighted by their compute cycles, 0..1. */
  mappingEfficiency: number;
  /** DRAM traffic, bytes; null when the base array has unlimited DRAM bandwidth. */
  dramBytes: number | null;
}

/**
 * Runs `layers` on every shape in `shapes`, with the rest of the array (dataflow, SRAMs, DRAM
 * bandwidth, convention) taken from `base`. Layers and base are validated once; each point is
 * the same model as systolicNetwork (a test holds them equal), without the per-layer detail.
 */
export function systolicSweep(
  layers: readonly SystolicLayerInput[],
  shapes: readonly ArrayShape[],
  base: Omit<SystolicArrayInput, "rows" | "cols"> = {},
): SweepPoint[] {
  const array = parseSystolicArray({ rows: 1, cols: 1, ...base }, "sweep base array");
  const lowered = parseSystolicLayers(layers).map((layer, index) =>
    lowerLayer(layer, array.convention, index),
  );
  const macs = lowered.reduce((sum, layer) => sum + layer.macs, 0);
  const bandwidth = array.dramWordsPerCycle;
  return shapes.map(({ rows, cols }, index) => {
    if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(cols) || cols < 1) {
      throw new ValidationError("array shapes", [
        {
          path: `[${index}]`,
          message: `rows and cols must be integers > 0 (got ${rows} x ${cols})`,
        },
      ]);
    }
    const shaped: SystolicArray = { ...array, rows, cols };
    let compute = 0;
    let stall = 0;
    let weightedEfficiency = 0;
    let dramWords = 0;
    for (const layer of lowered) {
      const mapping = mapToArray(layer.M, layer.N, layer.K, array.dataflow, rows, cols);
      const fold = foldCycles(array.dataflow, rows, cols, mapping.temporal);
      const layerCompute = computeCycles(mapping, fold, array.convention);
      compute += layerCompute;
      weightedEfficiency += mappingEfficiency(mapping, rows, cols) * layerCompute;
      if (bandwidth !== undefined) {
        const dram = dramTraffic(layer, mapping, shaped);
        dramWords += dram.totalWords;
        stall += dramStallCycles(dram, layerCompute, bandwidth);
      }
    }
    const total = compute + stall;
    return {
      rows,
      cols,
      pes: rows * cols,
      computeCycles: compute,
      stallCycles: stall,
      totalCycles: total,
      utilization: macs / (rows * cols * total),
      mappingEfficiency: weightedEfficiency / compute,
      dramBytes: bandwidth === undefined ? null : dramWords * array.wordBytes,
    };
  });
}
