import type { GemmProblem } from "./gemm-problem.ts";

/**
 * Bytes a tiled GEMM moves between levels, in closed form.
 *
 * With tilesM = ceil(M / BM) rows and tilesN = ceil(N / BN) columns of workgroup tiles, every
 * workgroup streams its BM x K panel of A and K x BN panel of B through shared memory, so all
 * workgroups together issue (loads at the edges are predicated, so ragged tiles move only real
 * elements):
 *
 *   globalBytes = e (M K tilesN + K N tilesM) + c M N
 *
 * A is re-read once per column of tiles, B once per row of tiles, C written once. Those requests
 * go to the first device-scope cache (L2). What reaches the next level depends on reuse in that
 * cache; `trafficPastCache` states the model.
 */
export interface TileGrid {
  tilesM: number;
  tilesN: number;
}

export function globalBytes(
  problem: GemmProblem,
  tilesM: number,
  tilesN: number,
  elementBytes: number,
  outputBytes: number,
): number {
  const { M, N, K } = problem;
  return elementBytes * (M * K * tilesN + K * N * tilesM) + outputBytes * M * N;
}

/**
 * Fraction of a cache that may hold an operand resident while the other streams through it. With
 * LRU replacement a resident set near the full capacity is evicted by the streaming operand; half
 * leaves room for it. A modelling assumption, not a measured constant.
 */
export const RESIDENT_FRACTION = 0.5;

export interface CacheReuse {
  /** Tiles that run at the same time and share this cache (per instance of it). */
  concurrentTiles: number;
  /** The group of concurrent tiles, in tiles: gM rows x gN columns (CUTLASS-style swizzle). */
  groupTilesM: number;
  groupTilesN: number;
  /** Whether A (B) stays resident in the cache for the whole GEMM and is read from below once. */
  aResident: boolean;
  bResident: boolean;
  /** Bytes that pass this cache to the level below. */
  bytes: number;
}

/**
 * Traffic past a cache of `capacityBytes` (per instance; undefined if unknown) shared by
 * `concurrentTiles` tiles that run together. Two sources of reuse:
 *
 * 1. Within a wave. Tiles resident at the same time start together and walk K in step, so a
 *    panel of A (B) that several of them need is fetched once and hit in the cache by the
 *    others. A scheduler that rasterizes tiles in groups of gM x gN (CUTLASS threadblock
 *    swizzle, Triton GROUP_M) fetches A ceil(tilesN / gN) times and B ceil(tilesM / gM) times.
 *    The group is shaped to minimize BM/gN + BN/gM, i.e. gM = sqrt(C BN / BM), gN = C / gM.
 * 2. Across the whole GEMM. An operand that fits in RESIDENT_FRACTION of the cache (the smaller
 *    first) stays resident and is read from below only once.
 *
 * Nothing else is assumed to survive from one wave to the next, so the result lies between the
 * compulsory traffic (both operands resident) and globalBytes (no reuse at all).
 */
export function trafficPastCache(
  problem: GemmProblem,
  grid: TileGrid,
  tileM: number,
  tileN: number,
  elementBytes: number,
  outputBytes: number,
  capacityBytes: number | undefined,
  concurrentTiles: number,
): CacheReuse {
  return {
    ...cacheReuse(problem, grid, tileM, tileN, elementBytes, capacityBytes, concurrentTiles),
    bytes: bytesPastCache(
      problem,
      grid.tilesM,
      grid.tilesN,
      tileM,
      tileN,
      elementBytes,
      outputBytes,
      capacityBytes,
      concurrentTiles,
    ),
  };
}

/** `trafficPastCache` without its bytes, for callers that already have them. */
export function cacheReuse(
  problem: GemmProblem,
  grid: TileGrid,
  tileM: number,
  tileN: number,
  elementBytes: number,
  capacityBytes: number | undefined,
  concurrentTiles: number,
): Omit<CacheReuse, "bytes"> {
  const tiles = groupSize(concurrentTiles, grid.tilesM * grid.tilesN);
  const rows = groupRows(tiles, tileM, tileN, grid.tilesM);
  const groupTilesN = groupColumns(tiles, rows, grid.tilesN);
  const resident = residentOperands(problem, elementBytes, capacityBytes);
  return {
    concurrentTiles: tiles,
    groupTilesM: finalGroupRows(tiles, rows, groupTilesN, grid.tilesM),
    groupTilesN,
    aResident: (resident & A_RESIDENT) !== 0,
    bResident: (resident & B_RESIDENT) !== 0,
  };
}

/** `trafficPastCache(...).bytes` without allocating: the inner loop of a tile search. */
export function bytesPastCache(
  problem: GemmProblem,
  tilesM: number,
  tilesN: number,
  tileM: number,
  tileN: number,
  elementBytes: number,
  outputBytes: number,
  capacityBytes: number | undefined,
  concurrentTiles: number,
): number {
  const { M, N, K } = problem;
  const tiles = groupSize(concurrentTiles, tilesM * tilesN);
  const rows = groupRows(tiles, tileM, tileN, tilesM);
  const columns = groupColumns(tiles, rows, tilesN);
  const groupTilesM = finalGroupRows(tiles, rows, columns, tilesM);
  const resident = residentOperands(problem, elementBytes, capacityBytes);
  const aBytes = elementBytes * M * K;
  const bBytes = elementBytes * K * N;
  const aReads = resident & A_RESIDENT ? aBytes : aBytes * Math.ceil(tilesN / columns);
  const bReads = resident & B_RESIDENT ? bBytes : bBytes * Math.ceil(tilesM / groupTilesM);
  return aReads + bReads + outputBytes * M * N;
}

const A_RESIDENT = 1;
const B_RESIDENT = 2;

function groupSize(concurrentTiles: number, tiles: number): number {
  return Math.max(1, Math.min(concurrentTiles, tiles));
}

function groupRows(tiles: number, tileM: number, tileN: number, tilesM: number): number {
  return clamp(Math.round(Math.sqrt((tiles * tileN) / tileM)), 1, tilesM);
}

function groupColumns(tiles: number, rows: number, tilesN: number): number {
  return clamp(Math.floor(tiles / rows), 1, tilesN);
}

/** Rows grow back when the columns hit the grid's edge (a wide wave over a narrow grid). */
function finalGroupRows(tiles: number, rows: number, columns: number, tilesM: number): number {
  return clamp(Math.max(rows, Math.floor(tiles / columns)), 1, tilesM);
}

/** Which operands stay resident: the smaller first, each if it fits the remaining budget. */
function residentOperands(
  problem: GemmProblem,
  elementBytes: number,
  capacityBytes: number | undefined,
): number {
  if (!capacityBytes) return 0;
  const aBytes = elementBytes * problem.M * problem.K;
  const bBytes = elementBytes * problem.K * problem.N;
  const budget = RESIDENT_FRACTION * capacityBytes;
  const aFirst = aBytes <= bBytes;
  const small = aFirst ? aBytes : bBytes;
  if (small > budget) return 0;
  const smallBit = aFirst ? A_RESIDENT : B_RESIDENT;
  return aBytes + bBytes <= budget ? A_RESIDENT | B_RESIDENT : smallBit;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
