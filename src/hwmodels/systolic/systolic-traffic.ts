import { KeyedCache } from "../keyed-cache.ts";
import type { SystolicArray } from "./systolic-array.ts";
import { inputTileWords, type LoweredLayer } from "./systolic-layer.ts";
import type { FoldMapping } from "./systolic-mapping.ts";

/**
 * SRAM and DRAM traffic of a layer on a systolic array, in words.
 *
 * SRAM: what the array reads from and writes to its three SRAMs, counted as SCALE-Sim counts
 * its demand matrices (every fold reads its operand tiles whole; see docs/systolic.md):
 *
 *          ifmap reads     filter reads    ofmap writes     ofmap reads (partial sums)
 *   os     M K colFolds    K N rowFolds    M N              0
 *   ws     M K colFolds    K N             M N rowFolds     M N (rowFolds - 1)
 *   is     K M             K N colFolds    M N rowFolds     M N (rowFolds - 1)
 *
 * SCALE-Sim does not count the partial-sum reads; under the scale-sim convention OS output
 * writes also count R + C extra words per fold, as SCALE-Sim's do.
 *
 * DRAM: an analytic model of the double-buffered SRAMs (half of each is active while the other
 * half fills), not SCALE-Sim's trace-driven one. Folds run column fold by column fold, row folds
 * inside (SCALE-Sim's order). An input operand that fits whole in its active half is read from
 * DRAM once. One that does not is read tile by tile:
 * - the streamed input (ifmap for os and ws, filter for is): every fold reads its tile again,
 *   counting distinct elements (im2col duplicates inside a tile hit in SRAM; see
 *   inputTileWords);
 * - the os filter: one column block (K x C) serves every row fold if it fits, else it is read
 *   again for each row fold;
 * - stationary tiles (ws filter, is ifmap) are read once each; is tiles of neighbouring pixel
 *   blocks share their halo.
 * Outputs: textbook, partial sums (ws, is) stay on chip when one column fold's outputs fit in
 * the ofmap SRAM's active half, else every row fold writes them out and the next reads them
 * back; scale-sim, every output the array emits, partial or final, is written to DRAM and none
 * is read back, as SCALE-Sim's write buffer does.
 */

export interface SramTraffic {
  ifmapReads: number;
  filterReads: number;
  ofmapWrites: number;
  /** Partial sums read back to accumulate across row folds (ws, is). */
  ofmapReads: number;
}

export function sramTraffic(
  layer: LoweredLayer,
  mapping: FoldMapping,
  array: SystolicArray,
): SramTraffic {
  const { M, N, K } = layer;
  const { rowFolds, colFolds, folds } = mapping;
  switch (array.dataflow) {
    case "os":
      return {
        ifmapReads: M * K * colFolds,
        filterReads: K * N * rowFolds,
        ofmapWrites:
          M * N + (array.convention === "scale-sim" ? folds * (array.rows + array.cols) : 0),
        ofmapReads: 0,
      };
    case "ws":
      return {
        ifmapReads: M * K * colFolds,
        filterReads: K * N,
        ofmapWrites: M * N * rowFolds,
        ofmapReads: M * N * (rowFolds - 1),
      };
    case "is":
      return {
        ifmapReads: K * M,
        filterReads: K * N * colFolds,
        ofmapWrites: M * N * rowFolds,
        ofmapReads: M * N * (rowFolds - 1),
      };
  }
}

/** One operand's DRAM traffic and why. */
export interface OperandDram {
  /** Words read from DRAM (writes, for the ofmap). */
  words: number;
  /** Words the reuse below needs on chip at once. */
  workingSetWords: number;
  /** Words the operand's active SRAM half holds. */
  capacityWords: number;
  fits: boolean;
  /** How many times the operand (or its partial sums) crosses the DRAM interface. */
  passes: number;
}

export interface DramTraffic {
  ifmap: OperandDram;
  filter: OperandDram;
  /** Output writes; partial sums that spill are in `ofmapReads` too. */
  ofmap: OperandDram;
  /** Partial sums read back from DRAM when they do not fit on chip. */
  ofmapReads: number;
  totalWords: number;
  totalBytes: number;
  /** Words the first fold needs on chip before it can start (capped at each active half). */
  prefetchWords: number;
}

/** Words in the active half of a double-buffered SRAM of `bytes`. */
function activeWords(bytes: number, wordBytes: number): number {
  return Math.floor(bytes / wordBytes / 2);
}

const rowFoldInputs = new KeyedCache<LoweredLayer, number>();

/**
 * Sum over row folds of the distinct inputs of each fold's tile: output-pixel blocks by the
 * whole window (os), or the whole output by window slices (ws, is). It depends on the array's
 * rows only, so a sweep over shapes computes it once per layer and row count.
 */
function inputsPerRowFold(layer: LoweredLayer, mapping: FoldMapping, rows: number, os: boolean) {
  if (!layer.geometry) return layer.M * layer.K; // a GEMM's tiles do not overlap
  return rowFoldInputs.get(layer, `${os ? "os" : "k"}${rows}`, () => {
    let words = 0;
    for (let start = 0; start < mapping.spatialRows; start += rows) {
      const end = Math.min(mapping.spatialRows, start + rows);
      words += os
        ? inputTileWords(layer, start, end, 0, layer.K)
        : inputTileWords(layer, 0, layer.M, start, end);
    }
    return words;
  });
}

export function dramTraffic(
  layer: LoweredLayer,
  mapping: FoldMapping,
  array: SystolicArray,
): DramTraffic {
  const { M, N, K, ifmapWords } = layer;
  const { rowFolds, colFolds } = mapping;
  const { rows, cols, wordBytes, dataflow } = array;
  const ifmapCapacity = activeWords(array.ifmapSramBytes, wordBytes);
  const filterCapacity = activeWords(array.filterSramBytes, wordBytes);
  const ofmapCapacity = activeWords(array.ofmapSramBytes, wordBytes);
  const filterWords = K * N;
  const outputs = M * N;
  const r = (extent: number) => Math.min(rows, extent);
  const c = (extent: number) => Math.min(cols, extent);

  const ifmapFits = ifmapWords <= ifmapCapacity;
  // Only needed (and only worth the loop over row folds) when the input does not fit.
  const ifmapSpilled = ifmapFits
    ? ifmapWords
    : (dataflow === "is" ? 1 : colFolds) *
      inputsPerRowFold(layer, mapping, rows, dataflow === "os");
  const ifmap: OperandDram = {
    words: ifmapFits ? ifmapWords : ifmapSpilled,
    workingSetWords: ifmapWords,
    capacityWords: ifmapCapacity,
    fits: ifmapFits,
    passes: ifmapFits ? 1 : ifmapSpilled / ifmapWords,
  };
  const filterWorkingSet =
    dataflow === "os" ? K * c(N) : dataflow === "ws" ? r(K) * c(N) : filterWords;
  const filterFits = filterWorkingSet <= filterCapacity;
  const filterPasses =
    filterFits || dataflow === "ws" ? 1 : dataflow === "os" ? rowFolds : colFolds;
  const filter: OperandDram = {
    words: filterWords * filterPasses,
    workingSetWords: filterWorkingSet,
    capacityWords: filterCapacity,
    fits: filterFits,
    passes: filterPasses,
  };

  const partialSums = dataflow === "os" ? 0 : dataflow === "ws" ? M * c(N) : c(M) * N;
  const emitsPartialSums = dataflow !== "os" && rowFolds > 1;
  const spills =
    emitsPartialSums && (array.convention === "scale-sim" || partialSums > ofmapCapacity);
  const ofmap: OperandDram = {
    words: spills ? outputs * rowFolds : outputs,
    workingSetWords: partialSums,
    capacityWords: ofmapCapacity,
    fits: !spills,
    passes: spills ? rowFolds : 1,
  };
  const ofmapReads = spills && array.convention === "textbook" ? outputs * (rowFolds - 1) : 0;

  const firstFold =
    dataflow === "os"
      ? { ifmap: inputTileWords(layer, 0, r(M), 0, K), filter: K * c(N) }
      : dataflow === "ws"
        ? { ifmap: inputTileWords(layer, 0, M, 0, r(K)), filter: r(K) * c(N) }
        : { ifmap: inputTileWords(layer, 0, c(M), 0, r(K)), filter: r(K) * N };
  const totalWords = ifmap.words + filter.words + ofmap.words + ofmapReads;
  return {
    ifmap,
    filter,
    ofmap,
    ofmapReads,
    totalWords,
    totalBytes: totalWords * wordBytes,
    prefetchWords:
      Math.min(firstFold.ifmap, ifmapCapacity) + Math.min(firstFold.filter, filterCapacity),
  };
}

/**
 * Cycles the array waits for DRAM. Double buffering overlaps every transfer but the first
 * fold's inputs with compute, so the layer stalls only by what the rest needs beyond compute:
 * max(0, ceil((totalWords - prefetchWords) / wordsPerCycle) - computeCycles).
 */
export function dramStallCycles(
  dram: DramTraffic,
  computeCycles: number,
  wordsPerCycle: number,
): number {
  return Math.max(
    0,
    Math.ceil((dram.totalWords - dram.prefetchWords) / wordsPerCycle) - computeCycles,
  );
}
