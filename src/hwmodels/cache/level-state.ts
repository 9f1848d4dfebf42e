import type { CacheLevelConfig } from "./cache-config.ts";
import { policyWordsPerSet } from "./create-policy.ts";

/**
 * The state of one cache level: one Int32Array, `memory`, owned by its CacheLevel and shared
 * with the LRU fast path, which reads and writes it directly, so the two can take turns on one
 * state. One array per level rather than one per field: the fast path then keeps one base
 * pointer per level in a register instead of four (measured: about a fifth faster).
 *
 * Regions of `memory`, for `lines = sets * ways` and line `slot = set * ways + way`:
 * - `tagLo` at 0 and `tagHi` at `lines`: the line number in two int32 words (line = hi * 2^32 +
 *   lo, unsigned). A set's ways are contiguous, so a lookup scans one short run of `tagLo`.
 * - `dirty` at `2 lines`: 1 when the line must be written back.
 * - `setWords` at `3 lines`, `setStride` words per set: the number of ways filled so far, then
 *   the replacement policy's words (see SetWords).
 *
 * A way that holds no line holds its set's `invalidTag`: a line number that cannot live in that
 * set, so a lookup matches valid ways only, with no validity check.
 */
export interface LevelState {
  readonly memory: Int32Array;
  readonly lines: number;
  readonly setStride: number;
  /** Views of the regions of `memory`. */
  readonly tagLo: Int32Array;
  readonly tagHi: Int32Array;
  readonly dirty: Int32Array;
  readonly setWords: Int32Array;
}

/** Where each region of LevelState.memory starts. */
export function regionOffsets(lines: number) {
  return { tagLo: 0, tagHi: lines, dirty: 2 * lines, setWords: 3 * lines };
}

type Geometry = Pick<CacheLevelConfig, "sets" | "ways" | "lineBytes" | "policy" | "seed">;

/** The length of a level's LevelState.memory, in int32 words. */
export function levelStateWords(config: Geometry): number {
  const { sets, ways } = config;
  return 3 * sets * ways + sets * (1 + policyWordsPerSet(config));
}

/**
 * An empty level: every way holds its set's invalid tag, clean. `memory`, when given, is where
 * the state lives (levelStateWords long, all zero, as a new WebAssembly memory is: the
 * WebAssembly fast path places every level in its module's memory), else a new array.
 */
export function createLevelState(
  config: Geometry,
  memory = new Int32Array(levelStateWords(config)),
): LevelState {
  const { sets, ways } = config;
  const lines = sets * ways;
  const setStride = 1 + policyWordsPerSet(config);
  if (memory.length !== levelStateWords(config)) {
    throw new RangeError(
      `a level state needs ${levelStateWords(config)} words, not ${memory.length}`,
    );
  }
  const at = regionOffsets(lines);
  const state = {
    memory,
    lines,
    setStride,
    tagLo: memory.subarray(at.tagLo, at.tagHi),
    tagHi: memory.subarray(at.tagHi, at.dirty),
    dirty: memory.subarray(at.dirty, at.setWords),
    setWords: memory.subarray(at.setWords),
  };
  for (let set = 0; set < sets; set++) {
    const [hi, lo] = invalidTag(set, sets);
    state.tagLo.fill(lo, set * ways, (set + 1) * ways);
    state.tagHi.fill(hi, set * ways, (set + 1) * ways);
  }
  return state;
}

/**
 * The tag of an empty way of `set` as [hi, lo] int32 words. With several sets: the line number
 * `(set + 1) mod sets`, which lives in another set. With one set: line 2^64-1, which only a
 * 1-byte line can be (line numbers stay below 2^64 / lineBytes); see invalidTagIsReal.
 */
export function invalidTag(set: number, sets: number): [hi: number, lo: number] {
  return sets > 1 ? [0, (set + 1) % sets] : [-1, -1];
}

/** True when a lookup could match an empty way's tag: one set of 1-byte lines. */
export function invalidTagIsReal({ sets, lineBytes }: Pick<Geometry, "sets" | "lineBytes">) {
  return sets === 1 && lineBytes === 1;
}
