import type { CacheLevelConfig } from "./cache-config.ts";
import { policyWordsPerSet } from "./create-policy.ts";

/**
 * The arrays that hold one cache level's lines, owned by its CacheLevel and shared with the LRU
 * fast path, which reads and writes them directly, so the two can take turns on one state.
 *
 * Line `slot = set * ways + way`: its line number in two int32 words `tagLo[slot]`,
 * `tagHi[slot]` (line = hi * 2^32 + lo, unsigned), and `dirty[slot]` 1 when it must be written
 * back. A set's ways are contiguous, so a lookup scans one short run of `tagLo`. Per set,
 * `setWords[set * setStride]` is the number of ways filled so far, followed by the replacement
 * policy's words (see SetWords).
 *
 * A way that holds no line holds its set's `invalidTag`: a line number that cannot live in that
 * set, so a lookup matches valid ways only, with no validity check.
 */
export interface LevelState {
  readonly tagLo: Int32Array;
  readonly tagHi: Int32Array;
  readonly dirty: Uint8Array;
  readonly setWords: Int32Array;
  readonly setStride: number;
}

type Geometry = Pick<CacheLevelConfig, "sets" | "ways" | "lineBytes" | "policy" | "seed">;

/** An empty level: every way holds its set's invalid tag, clean. */
export function createLevelState(config: Geometry): LevelState {
  const { sets, ways } = config;
  const tagLo = new Int32Array(sets * ways);
  const tagHi = new Int32Array(sets * ways);
  for (let set = 0; set < sets; set++) {
    const [hi, lo] = invalidTag(set, sets);
    tagLo.fill(lo, set * ways, (set + 1) * ways);
    tagHi.fill(hi, set * ways, (set + 1) * ways);
  }
  const setStride = 1 + policyWordsPerSet(config);
  return {
    tagLo,
    tagHi,
    dirty: new Uint8Array(sets * ways),
    setWords: new Int32Array(sets * setStride),
    setStride,
  };
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
