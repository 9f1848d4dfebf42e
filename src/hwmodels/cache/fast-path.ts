/**
 * How CacheHierarchy.run simulated a trace: the WebAssembly kernel (lru-wasm-path.ts), the
 * generated JavaScript (lru-fast-path.ts), or the general path (CacheLevel), which handles every
 * hierarchy and address.
 */
export type RunPath = "wasm" | "javascript" | "general";

/** The fast paths, in the order `run` prefers them. */
export const FAST_PATHS = ["wasm", "javascript"] as const;
export type FastPathKind = (typeof FAST_PATHS)[number];

/**
 * A specialized simulation of number addresses that works on the levels' own state, so that it
 * and the general path can take turns within one trace.
 */
export interface FastPath {
  readonly kind: FastPathKind;
  /**
   * Whether it can run a trace with these `stores` and `bytes` here: false where its code cannot
   * be compiled (a content security policy that forbids it).
   */
  available(stores: ArrayLike<number> | undefined, bytes: number | ArrayLike<number>): boolean;
  /**
   * Simulates accesses from `start` on, adds what it counted to the levels, and returns the index
   * of the first access it did not simulate: the end of the trace, or an access that spans
   * first-level lines (for the general path). `resume`: the arrays are those of the previous call
   * and unchanged since (the same `run`), so copies of them it kept are still good.
   */
  run(
    addresses: ArrayLike<number>,
    stores: ArrayLike<number> | undefined,
    bytes: number | ArrayLike<number>,
    start: number,
    resume: boolean,
  ): number;
}
