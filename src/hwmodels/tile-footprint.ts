import type { GemmMachine } from "./gemm-machine.ts";
import { formatTile, type GemmTile, threadsPerWorkgroup, tileProblems } from "./gemm-tile.ts";
import { KeyedCache } from "./keyed-cache.ts";
import { formatQuantity } from "./units.ts";

/**
 * On-chip footprint and occupancy of one tile on one machine: everything about a tile that does
 * not depend on the GEMM's sizes, so a tile search computes it once per tile.
 *
 * Footprint (CUTLASS-style multistage mainloop):
 *   shared bytes   = stages x (BM + BN) x BK x e          (A and B slices, one buffer per stage)
 *   registers/thread = ceil(TM TN acc / 4)                 (accumulators, 32-bit registers)
 *                    + 2 ceil((TM + TN) e / 4)             (double-buffered A/B fragments)
 *                    + REGISTER_OVERHEAD                   (addresses, indices, loop state)
 * Occupancy: resident workgroups per unit = the smallest of threads, registers, shared memory and
 * the workgroup slot limit allow; whichever is smallest is `limitedBy`.
 */
export interface TileFootprint {
  tile: GemmTile;
  threads: number;
  subgroups: number;
  /** Shared memory one workgroup allocates, bytes. */
  sharedBytes: number;
  registersPerThread: number;
  /** Warp (subgroup) tile of a matrix-unit schedule, elements; for SIMT it is the threads' union. */
  warpTileM: number;
  warpTileN: number;
  /** Workgroups resident per unit (1 when the spec has no per-unit limits). */
  workgroupsPerUnit: number;
  /** What caps `workgroupsPerUnit`: "threads", "registers", "shared memory", "workgroup slots", or "unknown". */
  limitedBy: OccupancyLimit;
  /** Why the tile cannot run on this machine; empty when it can. */
  problems: string[];
  /** The kind of each problem, for grouping rejected tiles. */
  problemKinds: TileProblemKind[];
  /** Bytes through the unit's shared memory per K step of BK: staging writes plus operand reads. */
  sharedTrafficBytesPerKStep: number;
}

export type TileProblemKind =
  | "malformed"
  | "threads per workgroup"
  | "shared memory per workgroup"
  | "registers per thread"
  | "matrix-unit K step"
  | "matrix-unit subgroup tile"
  | "does not fit one unit";

export type OccupancyLimit =
  | "threads"
  | "registers"
  | "shared memory"
  | "workgroup slots"
  | "unknown";

/** 32-bit registers a thread needs besides accumulators and fragments (addresses, loop state). */
export const REGISTER_OVERHEAD = 16;

/**
 * 32-bit registers one thread of `tile` needs: its TM x TN accumulators, double-buffered A and B
 * fragments and REGISTER_OVERHEAD. Shared with the WebGPU kernel generator, which rejects the
 * same tiles this model calls infeasible.
 */
export function tileRegistersPerThread(
  { TM, TN }: GemmTile,
  elementBytes: number,
  accumulatorBytes: number,
): number {
  return (
    Math.ceil((TM * TN * accumulatorBytes) / 4) +
    2 * Math.ceil(((TM + TN) * elementBytes) / 4) +
    REGISTER_OVERHEAD
  );
}

/**
 * Smallest warp tile a matrix-unit schedule uses, in elements (16 x 16): NVIDIA's mma.sync
 * m16n8k16 and AMD's 16x16 MFMA shapes both need one warp to own at least this much of C.
 */
export const MIN_MATRIX_WARP_TILE_ELEMENTS = 256;

/** Bytes of K one matrix-unit instruction consumes per row (mma m16n8k16 fp16: 16 x 2 B). */
export const MATRIX_K_STEP_BYTES = 32;

export function tileFootprint(tile: GemmTile, machine: GemmMachine): TileFootprint {
  const malformed = tileProblems(tile);
  if (malformed.length) {
    return {
      ...emptyFootprint(tile),
      problems: malformed,
      problemKinds: malformed.map(() => "malformed"),
    };
  }
  const { BM, BN, BK, TM, TN } = tile;
  const stages = tile.stages ?? 1;
  const e = machine.elementBytes;
  const threads = threadsPerWorkgroup(tile);
  const subgroups = Math.ceil(threads / machine.subgroupSize);
  const sharedBytes = stages * (BM + BN) * BK * e;
  const registersPerThread = tileRegistersPerThread(tile, e, machine.accumulatorBytes);
  const [warpTileM, warpTileN] = warpTile(TM, TN, Math.min(machine.subgroupSize, threads));

  const problems: string[] = [];
  const problemKinds: TileProblemKind[] = [];
  const reject = rejecter(problems, problemKinds);
  const limits = machine.limits;
  if (limits.threadsPerWorkgroup !== undefined && threads > limits.threadsPerWorkgroup) {
    reject(
      "threads per workgroup",
      `${threads} threads exceed the ${limits.threadsPerWorkgroup} a workgroup may have`,
    );
  }
  if (
    limits.sharedBytesPerWorkgroup !== undefined &&
    sharedBytes > limits.sharedBytesPerWorkgroup
  ) {
    reject(
      "shared memory per workgroup",
      `${bytes(sharedBytes)} of shared memory exceed the ${bytes(limits.sharedBytesPerWorkgroup)} a workgroup may have`,
    );
  }
  if (limits.registersPerThread !== undefined && registersPerThread > limits.registersPerThread) {
    reject(
      "registers per thread",
      `${registersPerThread} registers per thread exceed the ${limits.registersPerThread} a thread may have (it would spill)`,
    );
  }
  if (machine.unit === "matrix") {
    if (BK * e < MATRIX_K_STEP_BYTES) {
      reject(
        "matrix-unit K step",
        `BK = ${BK} covers ${BK * e} B of K; a matrix-unit step needs ${MATRIX_K_STEP_BYTES} B`,
      );
    }
    if (warpTileM * warpTileN < MIN_MATRIX_WARP_TILE_ELEMENTS) {
      reject(
        "matrix-unit subgroup tile",
        `a subgroup owns ${warpTileM}x${warpTileN} of C; matrix units need at least ${MIN_MATRIX_WARP_TILE_ELEMENTS} elements`,
      );
    }
  }
  const { workgroupsPerUnit, limitedBy, occupancyProblem } = occupancy(
    threads,
    registersPerThread,
    sharedBytes,
    machine,
  );
  if (occupancyProblem) reject("does not fit one unit", occupancyProblem);

  // Per K step of BK: each workgroup writes its A and B slices into shared memory once, then reads
  // operands out. SIMT threads each read TM + TN values per k (broadcasts still cost a lane's
  // bandwidth); a matrix-unit subgroup reads its warp tile's WM + WN rows/columns per k.
  const reads =
    machine.unit === "matrix"
      ? subgroups * (warpTileM + warpTileN) * BK * e
      : threads * (TM + TN) * BK * e;
  return {
    tile,
    threads,
    subgroups,
    sharedBytes,
    registersPerThread,
    warpTileM,
    warpTileN,
    workgroupsPerUnit,
    limitedBy,
    problems,
    problemKinds,
    sharedTrafficBytesPerKStep: (BM + BN) * BK * e + reads,
  };
}

function rejecter(problems: string[], kinds: TileProblemKind[]) {
  return function reject(kind: TileProblemKind, message: string): void {
    kinds.push(kind);
    problems.push(message);
  };
}

const footprints = new KeyedCache<GemmMachine, TileFootprint>();

/** `tileFootprint`, remembered per machine and tile shape (footprints are never mutated). */
export function cachedTileFootprint(tile: GemmTile, machine: GemmMachine): TileFootprint {
  const last = lastFootprint;
  if (last && last.machine === machine && sameTile(last.footprint.tile, tile))
    return last.footprint;
  const key = `${tile.BM},${tile.BN},${tile.BK},${tile.TM},${tile.TN},${tile.stages ?? 1}`;
  const footprint = footprints.get(machine, key, () => tileFootprint({ ...tile }, machine));
  lastFootprint = { machine, footprint };
  return footprint;
}

let lastFootprint: { machine: GemmMachine; footprint: TileFootprint } | undefined;

function sameTile(a: GemmTile, b: GemmTile): boolean {
  return (
    a.BM === b.BM &&
    a.BN === b.BN &&
    a.BK === b.BK &&
    a.TM === b.TM &&
    a.TN === b.TN &&
    (a.stages ?? 1) === (b.stages ?? 1)
  );
}

/**
 * The subgroup's tile of C: its `lanes` threads arranged a x b (powers of two, a b = lanes) over
 * TM x TN per-thread tiles, choosing the arrangement that makes WM + WN smallest (the most square
 * warp tile reads the fewest operands per k).
 */
function warpTile(TM: number, TN: number, lanes: number): [number, number] {
  let best: [number, number] = [TM * lanes, TN];
  for (let a = 1; a <= lanes; a *= 2) {
    const b = lanes / a;
    if (!Number.isInteger(b)) continue;
    if (a * TM + b * TN < best[0] + best[1]) best = [a * TM, b * TN];
  }
  return best;
}

function occupancy(
  threads: number,
  registersPerThread: number,
  sharedBytes: number,
  machine: GemmMachine,
): { workgroupsPerUnit: number; limitedBy: OccupancyLimit; occupancyProblem?: string } {
  const limits = machine.limits;
  const caps: Array<[OccupancyLimit, number]> = [];
  if (limits.threadsPerUnit !== undefined)
    caps.push(["threads", Math.floor(limits.threadsPerUnit / threads)]);
  if (limits.registersPerUnit !== undefined) {
    caps.push(["registers", Math.floor(limits.registersPerUnit / (threads * registersPerThread))]);
  }
  if (limits.sharedBytesPerUnit !== undefined && sharedBytes > 0) {
    caps.push(["shared memory", Math.floor(limits.sharedBytesPerUnit / sharedBytes)]);
  }
  if (limits.workgroupsPerUnit !== undefined)
    caps.push(["workgroup slots", limits.workgroupsPerUnit]);
  if (caps.length === 0) return { workgroupsPerUnit: 1, limitedBy: "unknown" };
  const [limitedBy, workgroupsPerUnit] = caps.reduce((low, cap) => (cap[1] < low[1] ? cap : low));
  if (workgroupsPerUnit >= 1) return { workgroupsPerUnit, limitedBy };
  const need = {
    threads: `${threads} threads`,
    registers: `${threads * registersPerThread} registers`,
    "shared memory": bytes(sharedBytes),
    "workgroup slots": "a workgroup slot",
    unknown: "",
  }[limitedBy];
  return {
    workgroupsPerUnit: 0,
    limitedBy,
    occupancyProblem: `needs ${need}, more than one unit has`,
  };
}

function emptyFootprint(tile: GemmTile): TileFootprint {
  return {
    tile,
    threads: 0,
    subgroups: 0,
    sharedBytes: 0,
    registersPerThread: 0,
    warpTileM: 0,
    warpTileN: 0,
    workgroupsPerUnit: 0,
    limitedBy: "unknown",
    problems: [],
    problemKinds: [],
    sharedTrafficBytesPerKStep: 0,
  };
}

function bytes(value: number): string {
  return formatQuantity(value, "bytes", { binary: true });
}

/** `64x64x16/8x8 needs ...` : the tile and its first problem, for messages. */
export function describeTileProblem(footprint: TileFootprint): string {
  return `${formatTile(footprint.tile)}: ${footprint.problems.join("; ")}`;
}
