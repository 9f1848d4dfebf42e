import type { CacheLevelConfig } from "./cache-config.ts";

/** The shape of one cache: what both the simulator and the analytic curves answer for. */
export type CacheGeometry = Pick<CacheLevelConfig, "sets" | "ways" | "lineBytes">;

/** How an answer was obtained. */
export type MissRatioMethod = "simulation" | "stack distance" | "set-associative estimate";

/** A miss ratio with its units spelled out and the reason for it. */
export interface MissRatioEstimate {
  geometry: CacheGeometry;
  /** sets x ways x lineBytes. */
  capacityBytes: number;
  /** Line references: every line each access touches (loads and stores alike). */
  references: number;
  /** Line references that miss (cold misses included); a fraction for an estimate. */
  misses: number;
  /** misses / references (0 for an empty trace). */
  missRatio: number;
  method: MissRatioMethod;
  /** True where the number is exact for an LRU cache of this geometry, false for an estimate. */
  exact: boolean;
  /** One sentence on where the number comes from. */
  reason: string;
}

/**
 * Anything that answers "what fraction of line references miss in an LRU cache of this shape":
 * the simulator (exact, one run per question) and a stack-distance profile (one pass over the
 * trace, then instant answers: exact when fully associative, estimated otherwise). Notebooks can
 * switch between them, and tests hold them against each other.
 */
export interface MissRatioModel {
  missRatio(geometry: CacheGeometry): MissRatioEstimate;
}
