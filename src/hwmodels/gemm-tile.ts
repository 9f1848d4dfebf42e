/**
 * A GEMM tiling, shared by the analytic model (`tiledGemm`, `searchTiles`) and the WebGPU matmul
 * kernel generator, so a tile chosen in one is the same tile in the other.
 *
 * The workgroup computes a BM x BN block of C, stepping through K in slices of BK; each of its
 * (BM / TM) * (BN / TN) threads computes a TM x TN sub-block held in registers.
 */
export interface GemmTile {
  /** Rows of C per workgroup. */
  BM: number;
  /** Columns of C per workgroup. */
  BN: number;
  /** Depth of the K slice staged in shared (workgroup) memory per step. */
  BK: number;
  /** Rows of C per thread. */
  TM: number;
  /** Columns of C per thread. */
  TN: number;
  /** K slices in flight (software pipelining / multi-buffering); defaults to 1. */
  stages?: number;
}

const TILE_PATTERN = /^(\d+)x(\d+)x(\d+)\/(\d+)x(\d+)(?:@(\d+))?$/;

/**
 * Parses `BMxBNxBK/TMxTN` with an optional `@stages`, e.g. `64x64x16/8x8` or `128x128x32/8x8@2`.
 * Throws an Error that quotes the text and says what is wrong.
 */
export function parseTile(text: string): GemmTile {
  const match = TILE_PATTERN.exec(text.trim());
  if (!match) {
    throw new Error(`invalid tile "${text}": expected BMxBNxBK/TMxTN[@stages], e.g. 64x64x16/8x8`);
  }
  const [BM, BN, BK, TM, TN, stages] = match
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)));
  const tile: GemmTile = { BM: BM!, BN: BN!, BK: BK!, TM: TM!, TN: TN! };
  if (stages !== undefined) tile.stages = stages;
  const problems = tileProblems(tile);
  if (problems.length) throw new Error(`invalid tile "${text}": ${problems.join("; ")}`);
  return tile;
}

/** `{BM: 64, BN: 64, BK: 16, TM: 8, TN: 8}` -> `64x64x16/8x8`; stages shown when not 1. */
export function formatTile(tile: GemmTile): string {
  const base = `${tile.BM}x${tile.BN}x${tile.BK}/${tile.TM}x${tile.TN}`;
  return tile.stages && tile.stages !== 1 ? `${base}@${tile.stages}` : base;
}

/**
 * What makes a tile ill-formed regardless of hardware: non-positive or non-integer sizes, or a
 * per-thread tile that does not divide the workgroup tile. Empty when well-formed.
 */
export function tileProblems(tile: GemmTile): string[] {
  const problems: string[] = [];
  for (const key of ["BM", "BN", "BK", "TM", "TN", "stages"] as const) {
    const value = tile[key];
    if (value === undefined && key === "stages") continue;
    if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
      problems.push(`${key} must be a positive integer (got ${String(value)})`);
    }
  }
  if (problems.length) return problems;
  if (tile.BM % tile.TM !== 0) problems.push(`TM (${tile.TM}) must divide BM (${tile.BM})`);
  if (tile.BN % tile.TN !== 0) problems.push(`TN (${tile.TN}) must divide BN (${tile.BN})`);
  return problems;
}

/** Threads per workgroup: one per TM x TN sub-block. */
export function threadsPerWorkgroup(tile: GemmTile): number {
  return (tile.BM / tile.TM) * (tile.BN / tile.TN);
}
