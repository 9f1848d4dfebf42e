import type { CacheHierarchyConfig, CacheSemantics } from "./cache-config.ts";
import { invalidTagIsReal } from "./level-state.ts";
import { MAX_PACKED_WAYS } from "./packed-recency.ts";

/**
 * What the generated fast paths (JavaScript, lru-fast-path-source.ts, and WebAssembly,
 * lru-wasm-kernel.ts) are specialized on, per level.
 */
export interface FastLevelShape {
  /** A power of two. */
  sets: number;
  /** 1 .. 16: the recency order is packed 4-bit way numbers in two words (PackedRecency). */
  ways: number;
  lineBytes: number;
  writeBack: boolean;
  /** Words per set in the level's setWords: the filled count, then the two recency words. */
  setStride: number;
}

export interface FastPathShape {
  levels: FastLevelShape[];
  semantics: CacheSemantics;
  /** The trace has a `stores` array (else every access is a load). */
  hasStores: boolean;
  /** The trace gives a size per access (else one size for all). */
  sizePerAccess: boolean;
}

/**
 * Whether the fast paths handle this hierarchy (with number addresses): every level LRU with at
 * most 16 ways and a power-of-two number of sets, and not one set of 1-byte lines (see
 * invalidTagIsReal).
 */
export function fastPathHandles(config: CacheHierarchyConfig): boolean {
  return config.levels.every(
    (level) =>
      level.policy === "LRU" &&
      level.ways <= MAX_PACKED_WAYS &&
      (level.sets & (level.sets - 1)) === 0 &&
      !invalidTagIsReal(level),
  );
}

/** The per-level shape of a hierarchy the fast paths handle; `setStrides` from its LevelStates. */
export function fastLevelShapes(
  config: CacheHierarchyConfig,
  setStrides: readonly number[],
): FastLevelShape[] {
  return config.levels.map((level, k) => ({
    sets: level.sets,
    ways: level.ways,
    lineBytes: level.lineBytes,
    writeBack: level.writePolicy === "write-back",
    setStride: setStrides[k]!,
  }));
}
