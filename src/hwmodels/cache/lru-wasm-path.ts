import { wasmSimdSupported } from "../wasm/wasm-simd-support.ts";
import type { CacheHierarchyConfig } from "./cache-config.ts";
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
import { createLevelState, type LevelState, levelStateWords } from "./level-state.ts";
import { lruWasmKernel } from "./lru-wasm-kernel.ts";
import {
  MAX_WASM_PAGES,
  WASM_CHUNK,
  type WasmLayout,
  wasmLayout,
  wasmPages,
} from "./lru-wasm-layout.ts";

/** `run` of a kernel instance; see lruWasmKernel. */
type Kernel = (from: number, to: number, size: number) => number;

/**
 * Compiled modules by shape and layout: one compile per shape, shared by every hierarchy of it;
 * null where compiling failed (a content security policy without 'wasm-unsafe-eval', or an old
 * browser's limit on compiling on the main thread), so the next fast path takes over.
 */
const modules = new Map<string, WebAssembly.Module | null>();

/**
 * How many hierarchies after a refused memory skip WebAssembly without asking. V8 reserves about
 * 10 GiB of address space per memory, so some 13,000 live hierarchies exhaust a 47-bit address
 * space, and each refusal then costs the engine's last-resort garbage collections (0.38 s each,
 * measured with 12,900 live ones): asking again for every new hierarchy would make each take that
 * long. Dead hierarchies do not count: their memories are collected as usual.
 */
const SKIPPED_AFTER_REFUSAL = 1000;
let placementsToSkip = 0;

/** A hierarchy's level states, placed in one WebAssembly memory for LruWasmPath. */
export interface WasmLevelStates {
  memory: WebAssembly.Memory;
  layout: WasmLayout;
  /** Per level, an empty LevelState in `memory`: hand each to its CacheLevel. */
  states: LevelState[];
}

/**
 * New, empty level states for `config` in a WebAssembly memory of their own, or null where the
 * WebAssembly fast path cannot run: no WebAssembly SIMD here, a hierarchy the fast paths do not
 * handle, or a memory larger than the engine gives.
 *
 * Why the state lives in WebAssembly memory for good (rather than being copied in and out per
 * run): the general path takes over at every access that spans lines, between runs, for
 * single loads and stores and for flushes; with one copy of the state, handing over costs
 * nothing, where copying a large level (an 8 MiB L3 is 1.5 MB of state) would cost more than the
 * accesses in between. The general path and the JavaScript fast path work on these views
 * exactly as on their own arrays.
 */
export function placeLevelStates(config: CacheHierarchyConfig): WasmLevelStates | null {
  if (!fastPathHandles(config) || !wasmSimdSupported()) return null;
  if (placementsToSkip > 0) {
    placementsToSkip--;
    return null;
  }
  const words = config.levels.map((level) => levelStateWords(level));
  const layout = wasmLayout(words);
  const pages = wasmPages(layout.bytes);
  // Beyond a 32-bit memory (a few very large levels): the JavaScript path, without asking.
  if (pages > MAX_WASM_PAGES) return null;
  let memory: WebAssembly.Memory;
  try {
    // Never grown: growing would detach every view of the buffer.
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  } catch {
    // RangeError: no memory or address space left for another.
    placementsToSkip = SKIPPED_AFTER_REFUSAL;
    return null;
  }
  const states = config.levels.map((level, k) =>
    createLevelState(level, new Int32Array(memory.buffer, layout.states[k]!, words[k]!)),
  );
  return { memory, layout, states };
}

/**
 * The fastest path of CacheHierarchy.run: the LRU fast path compiled to WebAssembly with SIMD
 * tag compares (lru-wasm-kernel.ts), for the hierarchies the JavaScript fast path handles. The
 * trace is copied into the module's memory WASM_CHUNK accesses at a time; the levels' state lives
 * there all along (placeLevelStates). Counts are exactly the general path's (tested on the same
 * traces and configurations as the JavaScript fast path).
 */
export class LruWasmPath implements FastPath {
  readonly kind = "wasm";
  private readonly shape: FastLevelShape[];
  private readonly memory: WebAssembly.Memory;
  private readonly layout: WasmLayout;
  private readonly events: Float64Array;
  private readonly counts: Float64Array[];
  private readonly addressChunk: Float64Array;
  private readonly sizeChunk: Uint32Array;
  private readonly storeChunk: Uint8Array;
  /** The accesses of the trace now in the chunk buffers: indices from .. to (exclusive). */
  private chunkFrom = 0;
  private chunkTo = 0;
  private readonly kernels = new Map<string, Kernel | null>();

  constructor(
    private readonly config: CacheHierarchyConfig,
    private readonly levels: readonly CacheLevel[],
    placed: WasmLevelStates,
  ) {
    this.shape = fastLevelShapes(
      config,
      placed.states.map((state) => state.setStride),
    );
    this.memory = placed.memory;
    this.layout = placed.layout;
    const { buffer } = placed.memory;
    this.events = new Float64Array(buffer, this.layout.events, eventCount(levels.length));
    this.counts = this.layout.counts.map((at) => new Float64Array(buffer, at, LEVEL_COUNTERS));
    this.addressChunk = new Float64Array(buffer, this.layout.addresses, WASM_CHUNK);
    this.sizeChunk = new Uint32Array(buffer, this.layout.sizes, WASM_CHUNK);
    this.storeChunk = new Uint8Array(buffer, this.layout.stores, WASM_CHUNK);
  }

  available(stores: ArrayLike<number> | undefined, bytes: number | ArrayLike<number>): boolean {
    return this.kernel(stores !== undefined, typeof bytes !== "number") !== null;
  }

  run(
    addresses: ArrayLike<number>,
    stores: ArrayLike<number> | undefined,
    bytes: number | ArrayLike<number>,
    start: number,
    resume: boolean,
  ): number {
    const fixedSize = typeof bytes === "number" ? bytes : undefined;
    const kernel = this.kernel(stores !== undefined, fixedSize === undefined);
    if (kernel === null) throw new Error("the WebAssembly fast path is not available here");
    if (!resume) this.chunkTo = this.chunkFrom = 0;
    const count = addresses.length;
    let i = start;
    while (i < count) {
      if (i < this.chunkFrom || i >= this.chunkTo) this.copyChunk(addresses, stores, bytes, i);
      const from = this.chunkFrom;
      // A size beyond 2^31 arrives as a negative i32; the kernel compares it unsigned.
      i = from + kernel(i - from, this.chunkTo - from, fixedSize ?? 0);
      addMainLoopCounts(this.shape, this.config.semantics, this.events, fixedSize, this.counts);
      if (i < this.chunkTo) break; // an access that spans first-level lines
    }
    this.levels.forEach((level, k) => {
      const counts = this.counts[k]!;
      level.addCounts(counts);
      counts.fill(0);
      // The recency orders changed behind the levels' backs.
      level.forgetLastLine();
    });
    return i;
  }

  /** Copies accesses from `from` on (a chunk at most) into the module's memory. */
  private copyChunk(
    addresses: ArrayLike<number>,
    stores: ArrayLike<number> | undefined,
    bytes: number | ArrayLike<number>,
    from: number,
  ): void {
    const to = Math.min(addresses.length, from + WASM_CHUNK);
    copyRange(this.addressChunk, addresses, from, to);
    if (typeof bytes !== "number") copyRange(this.sizeChunk, bytes, from, to);
    if (stores instanceof Uint8Array) {
      // The kernel takes exactly 1 as a store, as the other paths do.
      this.storeChunk.set(stores.subarray(from, to));
    } else if (stores !== undefined) {
      const chunk = this.storeChunk;
      for (let i = from; i < to; i++) chunk[i - from] = stores[i] === 1 ? 1 : 0;
    }
    this.chunkFrom = from;
    this.chunkTo = to;
  }

  private kernel(hasStores: boolean, sizePerAccess: boolean): Kernel | null {
    const variant = `${hasStores} ${sizePerAccess}`;
    let kernel = this.kernels.get(variant);
    if (kernel === undefined) {
      const module = compiledModule(
        { levels: this.shape, semantics: this.config.semantics, hasStores, sizePerAccess },
        this.layout,
      );
      kernel = module === null ? null : instantiate(module, this.memory);
      this.kernels.set(variant, kernel);
    }
    return kernel;
  }
}

function compiledModule(shape: FastPathShape, layout: WasmLayout): WebAssembly.Module | null {
  const key = JSON.stringify([shape, layout]);
  let module = modules.get(key);
  if (module === undefined) {
    try {
      module = new WebAssembly.Module(lruWasmKernel(shape, layout));
    } catch {
      // A CompileError under a content security policy without 'wasm-unsafe-eval', or a
      // RangeError from Chromium before 114, which compiled at most 4 KiB synchronously on the
      // main thread (these modules are 3-8 KiB; blink-dev, "Intent to Ship: Deprecate module
      // size limit for WebAssembly.Module()", April 2023): the next path takes over.
      module = null;
    }
    modules.set(key, module);
  }
  return module;
}

function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): Kernel | null {
  try {
    return new WebAssembly.Instance(module, { env: { memory } }).exports.run as Kernel;
  } catch {
    return null;
  }
}

/** target[0 ..] = source[from .. to): one memory copy from a typed array, else element by element. */
function copyRange(
  target: Float64Array | Uint32Array,
  source: ArrayLike<number>,
  from: number,
  to: number,
): void {
  if (ArrayBuffer.isView(source) && !(source instanceof DataView)) {
    target.set((source as Float64Array).subarray(from, to));
    return;
  }
  for (let i = from; i < to; i++) target[i - from] = source[i]!;
}
