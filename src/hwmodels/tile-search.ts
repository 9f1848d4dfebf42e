import type { GemmMachine } from "./gemm-machine.ts";
import type { GemmProblem } from "./gemm-problem.ts";
import { formatTile, type GemmTile, tileProblems } from "./gemm-tile.ts";
import type { HardwareSpec } from "./hardware-spec.ts";
import { KeyedCache } from "./keyed-cache.ts";
import { type TileFootprint, type TileProblemKind, tileFootprint } from "./tile-footprint.ts";
import {
  describeTiming,
  newTileTiming,
  resolveMachine,
  type TiledGemmOptions,
  type TiledGemmResult,
  timeTile,
} from "./tiled-gemm.ts";
import { formatQuantity } from "./units.ts";
import { ValidationError } from "./validation.ts";

/** The values each tile parameter may take; a search tries every well-formed combination. */
export interface TileSpace {
  BM: readonly number[];
  BN: readonly number[];
  BK: readonly number[];
  TM: readonly number[];
  TN: readonly number[];
  stages: readonly number[];
}

/**
 * Powers of two from CUTLASS's usual range: workgroup tiles 16..256, K slices 8..64, thread tiles
 * 1..16, one to four pipeline stages: 10,000 combinations before feasibility.
 */
export const DEFAULT_TILE_SPACE: TileSpace = {
  BM: [16, 32, 64, 128, 256],
  BN: [16, 32, 64, 128, 256],
  BK: [8, 16, 32, 64],
  TM: [1, 2, 4, 8, 16],
  TN: [1, 2, 4, 8, 16],
  stages: [1, 2, 3, 4],
};

/** Every well-formed tile of `space` (TM divides BM, TN divides BN), in a stable order. */
export function enumerateTiles(space: TileSpace = DEFAULT_TILE_SPACE): GemmTile[] {
  const tiles: GemmTile[] = [];
  for (const BM of space.BM)
    for (const BN of space.BN)
      for (const BK of space.BK)
        for (const TM of space.TM)
          for (const TN of space.TN)
            for (const stages of space.stages) {
              const tile = { BM, BN, BK, TM, TN, stages };
              if (tileProblems(tile).length === 0) tiles.push(tile);
            }
  return tiles;
}

export interface SearchTilesOptions extends TiledGemmOptions {
  /** Tile parameters to try (default DEFAULT_TILE_SPACE). */
  space?: TileSpace;
  /** How many of the fastest tiles to return with full results and reasons (default 10). */
  top?: number;
}

export interface RankedTile {
  rank: number;
  tileText: string;
  seconds: number;
  /** seconds / the best tile's seconds. */
  slowdown: number;
  bound: string;
  /** Why it ranks where it does, compared with the best tile. */
  reason: string;
  result: TiledGemmResult;
}

export interface RejectedTiles {
  kind: TileProblemKind;
  count: number;
  /** One rejected tile and why, e.g. "256x256x64/8x8@4: 256 KiB of shared memory exceed ...". */
  example: string;
}

export interface TileSearchResult {
  hw: string;
  problem: GemmProblem;
  /** Well-formed tiles tried, and how many fit the hardware. */
  candidates: number;
  feasible: number;
  best: TiledGemmResult;
  /** The `top` fastest tiles, best first. Ties are broken by less global traffic, then less shared memory. */
  ranked: RankedTile[];
  /** Tiles that cannot run, grouped by their first problem. */
  rejected: RejectedTiles[];
}

interface PreparedSpace {
  candidates: number;
  feasible: TileFootprint[];
  rejected: RejectedTiles[];
}

const preparedSpaces = new KeyedCache<GemmMachine, PreparedSpace>();

/** Footprints of every tile in `space` on `machine`, split into feasible and rejected; cached. */
function prepareSpace(machine: GemmMachine, space: TileSpace): PreparedSpace {
  return preparedSpaces.get(machine, JSON.stringify(space), () => footprintsOf(machine, space));
}

function footprintsOf(machine: GemmMachine, space: TileSpace): PreparedSpace {
  const tiles = enumerateTiles(space);
  const feasible: TileFootprint[] = [];
  const rejected = new Map<TileProblemKind, RejectedTiles>();
  for (const tile of tiles) {
    const footprint = tileFootprint(tile, machine);
    if (footprint.problems.length === 0) {
      feasible.push(footprint);
      continue;
    }
    const kind = footprint.problemKinds[0]!;
    const group = rejected.get(kind);
    if (group) group.count++;
    else
      rejected.set(kind, {
        kind,
        count: 1,
        example: `${formatTile(tile)}: ${footprint.problems[0]}`,
      });
  }
  // Tiles sharing BM, BN and occupancy move the same bytes: keep them adjacent so the search
  // computes the traffic once per group (see TileTiming.bytesFor).
  feasible.sort(
    (a, b) =>
      a.tile.BM - b.tile.BM || a.tile.BN - b.tile.BN || a.workgroupsPerUnit - b.workgroupsPerUnit,
  );
  return { candidates: tiles.length, feasible, rejected: [...rejected.values()] };
}

/**
 * Evaluates every feasible tile of the space for `problem` on `hw` with `tiledGemm`'s model and
 * ranks them. Throws ValidationError for a malformed problem or when no tile fits (listing why).
 */
export function searchTiles(
  problem: GemmProblem,
  hw: HardwareSpec,
  options: SearchTilesOptions = {},
): TileSearchResult {
  const machine = resolveMachine(problem, hw, options);
  const space = prepareSpace(machine, options.space ?? DEFAULT_TILE_SPACE);
  const top = Math.max(1, Math.floor(options.top ?? 10));
  const overhead = options.launchOverheadSeconds ?? 0;
  if (space.feasible.length === 0) {
    throw new ValidationError(
      `tile search on ${hw.id}`,
      space.rejected.map((group) => ({
        path: "space",
        message: `${group.count} tiles: ${group.example}`,
      })),
    );
  }

  // Keep the `top` fastest in a small sorted list: most candidates lose to its last entry at once.
  const timing = newTileTiming(machine);
  const kept: Candidate[] = [];
  const feasible = space.feasible;
  for (let index = 0; index < feasible.length; index++) {
    const footprint = feasible[index]!;
    const seconds = timeTile(problem, footprint, machine, overhead, timing);
    const global = timing.levelBytes[0]!;
    const last = kept[kept.length - 1];
    if (kept.length === top && !faster(seconds, global, footprint.sharedBytes, index, last!))
      continue;
    const entry = { seconds, global, shared: footprint.sharedBytes, index };
    let at = kept.length;
    while (at > 0 && faster(seconds, global, entry.shared, index, kept[at - 1]!)) at--;
    kept.splice(at, 0, entry);
    if (kept.length > top) kept.pop();
  }

  const results = kept.map((entry) =>
    describeTiming(problem, space.feasible[entry.index]!, machine, overhead),
  );
  const best = results[0]!;
  return {
    hw: hw.id,
    problem: { ...problem },
    candidates: space.candidates,
    feasible: space.feasible.length,
    best,
    ranked: results.map((result, i) => ({
      rank: i + 1,
      tileText: result.tileText,
      seconds: result.seconds,
      slowdown: result.seconds / best.seconds,
      bound: result.bound,
      reason: i === 0 ? `fastest: ${result.reason}` : compare(result, best),
      result,
    })),
    rejected: space.rejected,
  };
}

interface Candidate {
  seconds: number;
  global: number;
  shared: number;
  index: number;
}

/** Ranking order: less time, then less global traffic, then less shared memory, then space order. */
function faster(
  seconds: number,
  global: number,
  shared: number,
  index: number,
  than: Candidate,
): boolean {
  if (seconds !== than.seconds) return seconds < than.seconds;
  if (global !== than.global) return global < than.global;
  if (shared !== than.shared) return shared < than.shared;
  return index < than.index;
}

/** Why `result` loses to `best`: the roof that binds it, and the figures where it falls behind. */
function compare(result: TiledGemmResult, best: TiledGemmResult): string {
  const time = (seconds: number) => formatQuantity(seconds, "seconds", { digits: 3 });
  const slowdown = result.seconds / best.seconds;
  const head =
    slowdown === 1
      ? `ties with ${best.tileText}`
      : `${slowdown.toFixed(slowdown < 1.01 ? 4 : 2)}x the time of ${best.tileText}`;
  const bound =
    result.bound === best.bound
      ? `both ${describeBound(result.bound)}`
      : `${describeBound(result.bound)} where the best is ${describeBound(best.bound)}`;
  const behind: string[] = [];
  const worse = (name: string, mine: number, theirs: number, digits = 2) => {
    if (mine < theirs * 0.99)
      behind.push(`${name} ${mine.toFixed(digits)} vs ${theirs.toFixed(digits)}`);
  };
  worse("wave efficiency", result.waveEfficiency, best.waveEfficiency);
  worse("padding efficiency", result.paddingEfficiency, best.paddingEfficiency);
  worse("issue utilization", result.occupancy.issueUtilization, best.occupancy.issueUtilization);
  if (result.globalBytes > best.globalBytes * 1.01) {
    behind.push(`${(result.globalBytes / best.globalBytes).toFixed(2)}x the global traffic`);
  }
  if (result.dramBytes > best.dramBytes * 1.01) {
    behind.push(`${(result.dramBytes / best.dramBytes).toFixed(2)}x the DRAM traffic`);
  }
  if (result.sharedTrafficBytes > best.sharedTrafficBytes * 1.01 && result.bound !== "compute") {
    behind.push(
      `${(result.sharedTrafficBytes / best.sharedTrafficBytes).toFixed(2)}x the shared-memory traffic`,
    );
  }
  const timeText = `${time(result.seconds)} vs ${time(best.seconds)}`;
  return `${head} (${timeText}): ${bound}${behind.length ? `; ${behind.join(", ")}` : ""}`;
}

function describeBound(bound: string): string {
  return bound === "compute" || bound === "launch overhead"
    ? `${bound}-bound`
    : `bound by ${bound}`;
}
