import {
  type CacheHierarchyConfig,
  type CacheHierarchyInput,
  parseCacheConfig,
} from "./cache-config.ts";
import type { CacheLevel } from "./cache-level.ts";
import type { FastPath } from "./fast-path.ts";
import { addMainLoopCounts, eventCount } from "./fast-path-events.ts";
import {
  type FastLevelShape,
  type FastPathShape,
  fastLevelShapes,
  fastPathHandles,
} from "./fast-path-shape.ts";
import { LEVEL_COUNTERS } from "./level-counters.ts";
import { lruFastPathSource } from "./lru-fast-path-source.ts";

/** `run` of the generated code; see lruFastPathSource. */
type FastRun = (
  addresses: ArrayLike<number>,
  stores: ArrayLike<number> | undefined,
  sizes: ArrayLike<number> | undefined,
  size: number,
  start: number,
) => number;
type FastRunFactory = (levels: readonly FastLevelArrays[], events: Float64Array) => FastRun;

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
 * 16 ways and a power-of-two number of sets, addresses as numbers (below 2^53), in generated
 * JavaScript. It runs on the levels' own arrays (LevelState), so it and the general path can take
 * turns within one trace: it stops at an access that spans first-level lines, and the caller runs
 * that one through the general path. Counts are exactly the general path's (tested on random
 * configurations and traces); see lru-fast-path-source.ts for how it is built.
 */
export class LruFastPath implements FastPath {
  readonly kind = "javascript";
  private readonly shape: FastLevelShape[];
  private readonly arrays: FastLevelArrays[];
  private readonly counts: Float64Array[];
  private readonly events: Float64Array;
  private readonly runs = new Map<string, FastRun | null>();

  /** The fast path over `levels`, or null when the hierarchy is not of the shape it handles. */
  static create(config: CacheHierarchyConfig, levels: readonly CacheLevel[]): LruFastPath | null {
    return fastPathHandles(config) ? new LruFastPath(config, levels) : null;
  }

  private constructor(
    private readonly config: CacheHierarchyConfig,
    private readonly levels: readonly CacheLevel[],
  ) {
    this.shape = fastLevelShapes(
      config,
      levels.map((level) => level.state.setStride),
    );
    this.counts = levels.map(() => new Float64Array(LEVEL_COUNTERS));
    this.arrays = levels.map((level, k) => ({
      memory: level.state.memory,
      counts: this.counts[k]!,
    }));
    this.events = new Float64Array(eventCount(levels.length));
  }

  available(stores: ArrayLike<number> | undefined, bytes: number | ArrayLike<number>): boolean {
    return this.compiled(stores !== undefined, typeof bytes !== "number") !== null;
  }

  run(
    addresses: ArrayLike<number>,
    stores: ArrayLike<number> | undefined,
    bytes: number | ArrayLike<number>,
    start: number,
  ): number {
    const fixedSize = typeof bytes === "number" ? bytes : undefined;
    const run = this.compiled(stores !== undefined, fixedSize === undefined);
    if (run === null) throw new Error("the LRU fast path is not available here");
    const end =
      fixedSize === undefined
        ? run(addresses, stores, bytes as ArrayLike<number>, 0, start)
        : run(addresses, stores, undefined, fixedSize, start);
    addMainLoopCounts(this.shape, this.config.semantics, this.events, fixedSize, this.counts);
    this.levels.forEach((level, k) => {
      const counts = this.counts[k]!;
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
      run = factory === null ? null : factory(this.arrays, this.events);
      this.runs.set(variant, run);
    }
    return run;
  }
}

/**
 * Whether CacheHierarchy.run takes a fast path for this hierarchy (with number addresses): every
 * level LRU with at most 16 ways and a power-of-two number of sets (and not one set of 1-byte
 * lines, see invalidTagIsReal). Throws a ValidationError for a bad config.
 */
export function lruFastPathHandles(config: CacheHierarchyInput): boolean {
  return fastPathHandles(parseCacheConfig(config));
}

function compileFactory(shape: FastPathShape): FastRunFactory | null {
  const key = JSON.stringify(shape);
  let factory = factories.get(key);
  if (factory === undefined) {
    try {
      factory = new Function("levels", "events", lruFastPathSource(shape)) as FastRunFactory;
    } catch {
      // Code generation forbidden (EvalError under a content security policy): general path.
      factory = null;
    }
    factories.set(key, factory);
  }
  return factory;
}
