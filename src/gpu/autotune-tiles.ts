import {
  formatTile,
  type GemmTile,
  parseTile,
  threadsPerWorkgroup,
} from "../hwmodels/gemm-tile.ts";
import { enumerateTiles, type TileSpace } from "../hwmodels/tile-search.ts";
import { benchMatmul, type MatmulResult } from "./bench-matmul.ts";
import type { GpuContext } from "./device.ts";
import { DeviceLimitError } from "./errors.ts";
import type { MatmulPrecision, MatmulShape } from "./kernels/matmul-problem.ts";
import { assertTileRuns } from "./kernels/matmul-tiled.ts";
import type { ProgressListener } from "./progress.ts";
import type { TimingOptions } from "./timing.ts";

export interface AutotuneOptions extends MatmulShape {
  precision?: MatmulPrecision;
  /** Tiles to try, in order. Default `candidateTiles` for this device. */
  candidates?: readonly GemmTile[];
  /** Stop starting new candidates after this many seconds. Default 60. */
  budgetSeconds?: number;
  /** Timing of each candidate. Default 1 warm-up and 3 repeats. */
  timing?: TimingOptions;
  onProgress?: ProgressListener;
}

/** Measured tiles, fastest first, and the candidates left untried when the budget ran out. */
export interface AutotuneResult {
  ranking: MatmulResult[];
  best: MatmulResult | undefined;
  untried: string[];
  seconds: number;
}

/**
 * The tiles an autotune tries by default, as a hwmodels `TileSpace` so `searchTiles` can rank
 * the same space: BM, BN in {32, 64, 128}, BK in {8, 16, 32}, TM, TN in {4, 8, 16}, one or two
 * stages.
 */
export const AUTOTUNE_TILE_SPACE: TileSpace = {
  BM: [32, 64, 128],
  BN: [32, 64, 128],
  BK: [8, 16, 32],
  TM: [4, 8, 16],
  TN: [4, 8, 16],
  stages: [1, 2],
};

/**
 * The tiles of `space` this device can run (see `assertTileRuns`) with at least 16 invocations,
 * largest register blocks first (they do the most arithmetic per load).
 */
export function candidateTiles(
  context: GpuContext,
  precision: MatmulPrecision = "f32",
  space: TileSpace = AUTOTUNE_TILE_SPACE,
): GemmTile[] {
  return enumerateTiles(space)
    .filter((tile) => threadsPerWorkgroup(tile) >= 16 && runs(tile, context, precision))
    .sort((a, b) => b.TM * b.TN - a.TM * a.TN || b.BM * b.BN - a.BM * a.BN);
}

/**
 * On-device search, every run verified: with explicit `candidates`, times them in order; by
 * default, first one representative per register block TM x TN (64 invocations, BK 16, one
 * stage, where the device allows), then the other tiles sharing the best block, closest first,
 * then the rest; until the budget is spent. Ranks the measured tiles by median time.
 */
export async function autotuneTiles(
  context: GpuContext,
  options: AutotuneOptions,
): Promise<AutotuneResult> {
  const { M, N, K, precision = "f32", budgetSeconds = 60 } = options;
  const pool = [...(options.candidates ?? candidateTiles(context, precision))];
  const ordered = options.candidates !== undefined;
  const timing = options.timing ?? { warmup: 1, repeats: 3 };
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1e3;
  const ranking: MatmulResult[] = [];
  const total = pool.length;
  let queue = ordered ? [...pool] : representatives(pool);
  let refined = ordered;
  // At least one candidate is measured, however small the budget.
  while (ranking.length === 0 || elapsed() <= budgetSeconds) {
    if (queue.length === 0) {
      if (refined || ranking.length === 0) {
        if (pool.length === 0) break;
        queue = [...pool];
      } else {
        // Refine around the fastest register block found so far.
        const best = sortByMedian(ranking)[0]!;
        queue = neighbours(pool, parseTile(best.tile!));
        refined = true;
      }
      continue;
    }
    const tile = queue.shift()!;
    const at = pool.indexOf(tile);
    if (at >= 0) pool.splice(at, 1);
    if (!runs(tile, context, precision)) continue;
    ranking.push(await benchMatmul(context, { M, N, K, tile, precision, timing }));
    options.onProgress?.(ranking.length, total, `tile ${formatTile(tile)}`);
  }
  return {
    ranking: sortByMedian(ranking),
    best: sortByMedian(ranking)[0],
    untried: pool.map(formatTile),
    seconds: elapsed(),
  };
}

function sortByMedian(results: readonly MatmulResult[]): MatmulResult[] {
  return [...results].sort((a, b) => a.timing.summary.median - b.timing.summary.median);
}

/** One tile per TM x TN: closest to 64 invocations, then BK 16, then one stage. */
function representatives(pool: readonly GemmTile[]): GemmTile[] {
  const byBlock = new Map<string, GemmTile>();
  const score = (tile: GemmTile) =>
    Math.abs(Math.log2(threadsPerWorkgroup(tile) / 64)) * 4 +
    Math.abs(Math.log2(tile.BK / 16)) +
    ((tile.stages ?? 1) - 1);
  for (const tile of pool) {
    const key = `${tile.TM}x${tile.TN}`;
    const held = byBlock.get(key);
    if (!held || score(tile) < score(held)) byBlock.set(key, tile);
  }
  return [...byBlock.values()];
}

/** Tiles of `pool` with the register block of `best`, fewest differing parameters first. */
function neighbours(pool: readonly GemmTile[], best: GemmTile): GemmTile[] {
  const distance = (tile: GemmTile) =>
    (["BM", "BN", "BK", "stages"] as const).filter((key) => (tile[key] ?? 1) !== (best[key] ?? 1))
      .length;
  return pool
    .filter((tile) => tile.TM === best.TM && tile.TN === best.TN)
    .sort((a, b) => distance(a) - distance(b));
}

function runs(tile: GemmTile, context: GpuContext, precision: MatmulPrecision): boolean {
  try {
    assertTileRuns(tile, context.limits, precision);
    return true;
  } catch (error) {
    if (error instanceof DeviceLimitError) return false;
    throw error;
  }
}
