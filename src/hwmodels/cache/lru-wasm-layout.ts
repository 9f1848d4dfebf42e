import { eventCount } from "./fast-path-events.ts";
import { LEVEL_COUNTERS } from "./level-counters.ts";

/**
 * Accesses the WebAssembly kernel takes per call: the trace is copied into its memory this many
 * at a time (8192 x 13 bytes stay in a core's L2 cache next to the levels' state).
 */
export const WASM_CHUNK = 8192;

/** 64 KiB: the unit of WebAssembly memory. */
export const WASM_PAGE_BYTES = 65536;

/** The most pages a 32-bit WebAssembly memory can have (4 GiB; the JS API rejects more). */
export const MAX_WASM_PAGES = 65536;

/**
 * Where everything lives in the memory of one hierarchy's WebAssembly fast path, in bytes. The
 * kernel has these offsets compiled in, so the layout depends only on the hierarchy's shape.
 */
export interface WasmLayout {
  /** The main loop's event counters, f64 (see fast-path-events.ts). */
  events: number;
  /** Per level, its counters as f64, indexed as in level-counters.ts. */
  counts: number[];
  /** A chunk of the trace: addresses as f64, sizes as u32, store flags as u8. */
  addresses: number;
  sizes: number;
  stores: number;
  /** Per level, its LevelState.memory (int32 words), 16-byte aligned for vector loads. */
  states: number[];
  /** Total bytes, with 16 spare at the end so that a vector load past the last word is in bounds. */
  bytes: number;
}

/** The layout for levels whose LevelState.memory are `stateWords` int32 words long. */
export function wasmLayout(stateWords: readonly number[]): WasmLayout {
  let at = 0;
  const take = (bytes: number) => {
    const start = at;
    at = Math.ceil((at + bytes) / 16) * 16;
    return start;
  };
  const events = take(8 * eventCount(stateWords.length));
  const counts = stateWords.map(() => take(8 * LEVEL_COUNTERS));
  const addresses = take(8 * WASM_CHUNK);
  const sizes = take(4 * WASM_CHUNK);
  const stores = take(WASM_CHUNK);
  const states = stateWords.map((words) => take(4 * words));
  return { events, counts, addresses, sizes, stores, states, bytes: take(16) + 16 };
}

/** Whole pages holding `bytes`. */
export function wasmPages(bytes: number): number {
  return Math.ceil(bytes / WASM_PAGE_BYTES);
}
