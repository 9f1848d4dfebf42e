import {
  type CacheHierarchyConfig,
  type CacheHierarchyInput,
  parseCacheConfig,
} from "./cache-config.ts";
import type { CacheLevel } from "./cache-level.ts";
import { LEVEL_COUNTERS } from "./level-counters.ts";
import { invalidTagIsReal } from "./level-state.ts";
import {
  type FastLevelShape,
  type FastPathShape,
  lruFastPathSource,
} from "./lru-fast-path-source.ts";
import { MAX_PACKED_WAYS } from "./packed-recency.ts";

/** `run` of the generated code; see lruFastPathSource. */
type FastRun = (
  addresses: ArrayLike<number>,
  stores: ArrayLike<number> | undefined,
  sizes: ArrayLike<number> | undefined,
  size: number,
  start: number,
) => number;
type FastRunFactory = (levels: readonly FastLevelArrays[]) => FastRun;

interface FastLevelArrays {
  /** The level's LevelState.memory. */
  memory: Int32Array;
  /** What a run counted, indexed as in level-counters.ts; added to the level and zeroed after. */
  counts: Float64Array;
}

/**
 * Compiled factories by shape: every hierarchy of one shape shares one function, so V8 optimizes
 * it once (a fresh function per simulator would start cold, and small simulations, such as one
 * per point of a miss-ratio curve, would never get fast).
 */
const factories = new Map<string, FastRunFactory | null>();

/**
 * The specialized path of CacheHierarchy.run for the common case: every level LRU with at most
 * 16 ways and a power-of-two number of sets, addresses as numbers (below 2^53). It runs on the
 * levels' own arrays (LevelState), so it and the general path can take turns within one trace:
 * it stops at an access that spans first-level lines, and the caller runs that one through the
 * general path. Counts are exactly the general path's (tested on random configurations and
 * traces); see lru-fast-path-source.ts for how it is built.
 */
export class LruFastPath {
  private readonly shape: FastLevelShape[];
  private readonly arrays: FastLevelArrays[];
  private readonly runs = new Map<string, FastRun | null>();

  /** The fast path over `levels`, or null when the hierarchy is not of the shape it handles. */
  static create(config: CacheHierarchyConfig, levels: readonly CacheLevel[]): LruFastPath | null {
    return handlesLevels(config) ? new LruFastPath(config, levels) : null;
  }

  private constructor(
    private readonly config: CacheHierarchyConfig,
    private readonly levels: readonly CacheLevel[],
  ) {
    this.shape = config.levels.map((level, k) => ({
      sets: level.sets,
      ways: level.ways,
      lineBytes: level.lineBytes,
      writeBack: level.writePolicy === "write-back",
      setStride: levels[k]!.state.setStride,
    }));
    this.arrays = levels.map((level) => ({
      memory: level.state.memory,
      counts: new Float64Array(LEVEL_COUNTERS),
    }));
  }

  /**
   * Whether it can run a trace with these `stores` and `bytes`: false only where code generation
   * is forbidden (a page whose content security policy disallows `new Function`).
   */
  available(stores: ArrayLike<number> | undefined, bytes: number | ArrayLike<number>): boolean {
    return this.compiled(stores !== undefined, typeof bytes !== "number") !== null;
  }

  /**
   * Simulates accesses from `start` on and returns the index of the first one it did not: the end
   * of the trace, or an access that spans first-level lines. Call `available` first.
   */
  run(
    addresses: ArrayLike<number>,
    stores: ArrayLike<number> | undefined,
    bytes: number | ArrayLike<number>,
    start: number,
  ): number {
    const sizePerAccess = typeof bytes !== "number";
    const run = this.compiled(stores !== undefined, sizePerAccess);
    if (run === null) throw new Error("the LRU fast path is not available here");
    const end = sizePerAccess
      ? run(addresses, stores, bytes, 0, start)
      : run(addresses, stores, undefined, bytes, start);
    this.levels.forEach((level, k) => {
      const counts = this.arrays[k]!.counts;
      level.addCounts(counts);
      counts.fill(0);
      // The recency orders changed behind the levels' backs.
      level.forgetLastLine();
    });
    return end;
  }

  private compiled(hasStores: boolean, sizePerAccess: boolean): FastRun | null {
    const variant = `${hasStores} ${sizePerAccess}`;
    let run = this.runs.get(variant);
    if (run === undefined) {
      const factory = compileFactory({
        levels: this.shape,
        semantics: this.config.semantics,
        hasStores,
        sizePerAccess,
      });
      run = factory === null ? null : factory(this.arrays);
      this.runs.set(variant, run);
    }
    return run;
  }
}

/**
 * Whether CacheHierarchy.run takes the LRU fast path for this hierarchy (with number addresses):
 * every level LRU with at most 16 ways and a power-of-two number of sets (and not one set of
 * 1-byte lines, see invalidTagIsReal). Throws a ValidationError for a bad config.
 */
export function lruFastPathHandles(config: CacheHierarchyInput): boolean {
  return handlesLevels(parseCacheConfig(config));
}

function handlesLevels(config: CacheHierarchyConfig): boolean {
  return config.levels.every(
    (level) =>
      level.policy === "LRU" &&
      level.ways <= MAX_PACKED_WAYS &&
      (level.sets & (level.sets - 1)) === 0 &&
      !invalidTagIsReal(level),
  );
}

function compileFactory(shape: FastPathShape): FastRunFactory | null {
  const key = JSON.stringify(shape);
  let factory = factories.get(key);
  if (factory === undefined) {
    try {
      factory = new Function("levels", lruFastPathSource(shape)) as FastRunFactory;
    } catch {
      // Code generation forbidden (EvalError under a content security policy): general path.
      factory = null;
    }
    factories.set(key, factory);
  }
  return factory;
}
