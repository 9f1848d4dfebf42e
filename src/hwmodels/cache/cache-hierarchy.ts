import {
  ACCESS_FLUSH,
  ACCESS_LOAD,
  ACCESS_STORE,
  AccessBatch,
  type AccessTrace,
  validateTrace,
} from "./access-trace.ts";
import { isValidAccessSize, runsPast64Bits, splitAddress, TWO_POW_32 } from "./address.ts";
import type { CacheHierarchyConfig, CacheHierarchyInput } from "./cache-config.ts";
import { parseCacheConfig } from "./cache-config.ts";
import { CacheLevel } from "./cache-level.ts";
import { FAST_PATHS, type FastPath, type FastPathKind, type RunPath } from "./fast-path.ts";
import type { CacheLevelStats, CacheStats } from "./level-stats.ts";
import { MEMORY_LEVEL_NAME } from "./level-stats.ts";
import { LruFastPath } from "./lru-fast-path.ts";
import { LruWasmPath, placeLevelStates } from "./lru-wasm-path.ts";

/** Options of a CacheHierarchy. */
export interface CacheHierarchyOptions {
  /**
   * The fast paths `run` may take for number addresses, where they handle the hierarchy and run
   * here; `run` prefers `wasm`, then `javascript`, and always has the general path. Default: both.
   * They count exactly alike: leave some out to compare paths or to measure one.
   */
  fastPaths?: readonly FastPathKind[];
}

/**
 * An exact, multi-level cache simulator. Levels never invalidate each other (a non-inclusive,
 * non-exclusive hierarchy): a miss fetches the line from the level below, a dirty victim is
 * written back below, a write-through level forwards stores below. Main memory (`MEM`) is
 * implicit under the last level.
 *
 * ```ts
 * const sim = new CacheHierarchy({ levels: [{ name: "L1", sets: 64, ways: 8, lineBytes: 64 }] });
 * sim.run({ addresses: new Float64Array([0, 8, 4096]), bytes: 8 });
 * sim.flush().stats(); // { L1: {...}, MEM: {...} }
 * ```
 */
/** Accesses per batch: large enough to amortize the per-level loops, small enough to stay cached. */
const CHUNK = 4096;

export class CacheHierarchy {
  readonly config: CacheHierarchyConfig;
  private levels: CacheLevel[] = [];
  private readonly allowedFastPaths: readonly FastPathKind[];
  /** The specialized paths of `run` for this hierarchy, in order of preference; maybe none. */
  private fastPaths: FastPath[] = [];
  private lastPath: RunPath | null = null;
  /** Accesses not yet simulated; drained when full and before any result is read. */
  private readonly pending = new AccessBatch(CHUNK);

  /**
   * Validates `config` (throws a ValidationError naming every bad field) and starts empty. See
   * CacheHierarchyOptions for `options`.
   */
  constructor(config: CacheHierarchyInput, options: CacheHierarchyOptions = {}) {
    this.config = parseCacheConfig(config);
    this.allowedFastPaths = options.fastPaths ?? FAST_PATHS;
    this.reset();
  }

  /**
   * How the last `run` simulated its trace (`wasm`, `javascript` or `general`; accesses that span
   * first-level lines always take the general path), or null before the first.
   */
  get lastRunPath(): RunPath | null {
    return this.lastPath;
  }

  /** Empties every level and zeroes the counters. */
  reset(): this {
    this.pending.clear();
    const { levels, semantics } = this.config;
    // The WebAssembly path needs the levels' state in its memory from the start.
    const placed = this.allowedFastPaths.includes("wasm") ? placeLevelStates(this.config) : null;
    this.levels = levels.map((level, k) => new CacheLevel(level, semantics, placed?.states[k]));
    this.levels.forEach((level, i) => {
      level.output = i + 1 < this.levels.length ? new AccessBatch(CHUNK) : null;
    });
    const javascript = this.allowedFastPaths.includes("javascript")
      ? LruFastPath.create(this.config, this.levels)
      : null;
    this.fastPaths = [
      ...(placed === null ? [] : [new LruWasmPath(this.config, this.levels, placed)]),
      ...(javascript === null ? [] : [javascript]),
    ];
    return this;
  }

  /** A load of `bytes` (default 1) bytes at a byte address (a number below 2^53, or a bigint). */
  load(address: number | bigint, bytes = 1): this {
    const [hi, lo] = checkedAccess(address, bytes);
    this.enqueue(ACCESS_LOAD, hi, lo, bytes);
    return this;
  }

  /** A store of `bytes` (default 1) bytes at a byte address (a number below 2^53, or a bigint). */
  store(address: number | bigint, bytes = 1): this {
    const [hi, lo] = checkedAccess(address, bytes);
    this.enqueue(ACCESS_STORE, hi, lo, bytes);
    return this;
  }

  /**
   * Runs an in-process trace. Throws a RangeError naming the index of the first bad address or
   * size, before simulating anything of the trace.
   */
  run(trace: AccessTrace): this {
    const { addresses, stores } = trace;
    const bytes = trace.bytes ?? 1;
    const count = addresses.length;
    if (stores !== undefined && stores.length !== count) {
      throw new RangeError(`stores has ${stores.length} entries for ${count} addresses`);
    }
    if (typeof bytes !== "number" && bytes.length !== count) {
      throw new RangeError(`bytes has ${bytes.length} entries for ${count} addresses`);
    }
    validateTrace(trace);
    this.drain();
    if (addresses instanceof BigUint64Array) {
      this.runBigAddresses(addresses, stores, bytes);
      this.lastPath = "general";
      return this;
    }
    const fastPath = this.fastPaths.find((path) => path.available(stores, bytes));
    if (fastPath === undefined) {
      this.runAddresses(addresses, stores, bytes);
      this.lastPath = "general";
    } else {
      this.runFast(fastPath, addresses, stores, bytes);
      this.lastPath = fastPath.kind;
    }
    return this;
  }

  /**
   * The LRU fast path, handing each access it cannot take (one spanning first-level lines) to the
   * general path; both work on the same level state.
   */
  private runFast(
    fastPath: FastPath,
    addresses: ArrayLike<number>,
    stores: ArrayLike<number> | undefined,
    bytes: number | ArrayLike<number>,
  ): void {
    const lineBytes = this.levels[0]!.lineBytes;
    let i = 0;
    while (i < addresses.length) {
      const stopped = fastPath.run(addresses, stores, bytes, i, i > 0);
      // The access it stopped at, and any right after it that also span first-level lines, go
      // through the general path; the next one that fits goes back to the fast path.
      for (i = stopped; i < addresses.length; i++) {
        const address = addresses[i]!;
        const size = typeof bytes === "number" ? bytes : bytes[i]!;
        if (stopped !== i && (address % lineBytes) + size <= lineBytes) break;
        this.enqueue(
          stores !== undefined && stores[i] === 1 ? ACCESS_STORE : ACCESS_LOAD,
          ...splitAddress(address),
          size,
        );
      }
      this.drain();
    }
  }

  /**
   * Number addresses through the general path (hierarchies the LRU fast path does not handle). A
   * load within one first-level line, right after a load within that same line, is a hit that
   * changes no state: such runs (sequential sweeps are mostly that) are counted in bulk without
   * passing through the levels.
   */
  private runAddresses(
    addresses: ArrayLike<number>,
    stores: ArrayLike<number> | undefined,
    bytes: number | ArrayLike<number>,
  ): void {
    // The first level takes the accesses straight from the arrays; the levels below run over
    // its requests every CHUNK accesses.
    const first = this.levels[0]!;
    const lineBytes = first.lineBytes;
    const perLine = 1 / lineBytes;
    // Imported bindings are not constants to the JIT: read them once, not per access.
    const twoPow32 = TWO_POW_32;
    const chunk = CHUNK;
    let previousLine = -1;
    let repeats = 0;
    let repeatBytes = 0;
    let sinceRun = 0;
    for (let i = 0; i < addresses.length; i++) {
      const address = addresses[i]!;
      const size = typeof bytes === "number" ? bytes : bytes[i]!;
      const isStore = stores !== undefined && stores[i] === 1;
      // Exact: scaling by a power of two loses nothing below 2^53.
      const line = Math.floor(address * perLine);
      const withinLine = address - line * lineBytes + size <= lineBytes;
      if (line === previousLine && withinLine && !isStore) {
        repeats += 1;
        repeatBytes += size;
        continue;
      }
      previousLine = withinLine && !isStore ? line : -1;
      const hi = address < twoPow32 ? 0 : Math.floor(address / twoPow32);
      if (isStore) first.store(hi, address >>> 0, size);
      else first.load(hi, address >>> 0, size);
      if (++sinceRun === chunk) {
        this.runBelow();
        sinceRun = 0;
      }
    }
    this.runBelow();
    first.addRepeatHits(repeats, repeatBytes);
  }

  private runBigAddresses(
    addresses: BigUint64Array,
    stores: ArrayLike<number> | undefined,
    bytes: number | ArrayLike<number>,
  ): void {
    for (let i = 0; i < addresses.length; i++) {
      const address = addresses[i]!;
      this.enqueue(
        stores !== undefined && stores[i] === 1 ? ACCESS_STORE : ACCESS_LOAD,
        Number(address >> 32n),
        Number(address & 0xffffffffn),
        typeof bytes === "number" ? bytes : bytes[i]!,
      );
    }
    this.drain();
  }

  /** Runs a batch of parsed trace records (see AccessBatch); parsers validate what they emit. */
  runBatch(batch: AccessBatch): this {
    this.drain();
    this.runThroughLevels(batch);
    return this;
  }

  /**
   * Writes every dirty line back, level by level from the first, so each level receives the
   * write-backs from above before it is flushed itself. Lines stay cached, clean.
   */
  flush(): this {
    this.enqueue(ACCESS_FLUSH, 0, 0, 0);
    this.drain();
    return this;
  }

  /** Counters per level, keyed by level name, first level first, then `MEM`. */
  stats(): CacheStats {
    this.drain();
    const stats: CacheStats = {};
    for (const level of this.levels) stats[level.name] = level.stats();
    stats[MEMORY_LEVEL_NAME] = this.memoryStats();
    return stats;
  }

  private enqueue(kind: number, hi: number, lo: number, bytes: number): void {
    this.pending.push(kind, hi, lo, bytes);
    if (this.pending.length === CHUNK) this.drain();
  }

  private drain(): void {
    if (this.pending.length === 0) return;
    this.runThroughLevels(this.pending);
    this.pending.clear();
  }

  /** Each level takes the whole batch from above, then hands its own requests to the next. */
  private runThroughLevels(batch: AccessBatch): void {
    this.levels[0]!.process(batch);
    this.runBelow();
  }

  /** Runs the levels below the first over the requests the first has sent since. */
  private runBelow(): void {
    const levels = this.levels;
    for (let i = 1; i < levels.length; i++) {
      const input = levels[i - 1]!.output!;
      levels[i]!.process(input);
      input.clear();
    }
  }

  /**
   * Memory keeps no state; its counters come from the last level: it serves that level's line
   * fetches (counted with the bytes the missing requests asked for, as pycachesim does) and
   * receives its write-backs and forwarded stores.
   */
  private memoryStats(): CacheLevelStats {
    const last = this.levels[this.levels.length - 1]!;
    const fills = last.fills();
    const { EVICT_count, EVICT_byte } = last.stats();
    return {
      LOAD_count: fills.count,
      LOAD_byte: fills.bytes,
      STORE_count: EVICT_count,
      STORE_byte: EVICT_byte,
      HIT_count: fills.count,
      HIT_byte: fills.bytes,
      MISS_count: 0,
      MISS_byte: 0,
      EVICT_count: 0,
      EVICT_byte: 0,
    };
  }
}

function checkedAccess(address: number | bigint, bytes: number, index?: number): [number, number] {
  const where = index === undefined ? "" : `access ${index}: `;
  if (!isValidAccessSize(bytes)) throw new RangeError(`${where}size ${bytes} is not 1 .. 2^32-1`);
  const [hi, lo] = splitAddress(address);
  if (runsPast64Bits(hi, lo, bytes)) {
    throw new RangeError(`${where}${bytes} bytes at ${address} run past the 64-bit address space`);
  }
  return [hi, lo];
}
