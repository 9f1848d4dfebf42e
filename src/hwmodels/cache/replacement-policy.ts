/**
 * The replacement state of one cache level. The level owns tags, validity and dirtiness; a policy
 * only tracks the order it needs to pick a victim. A line is addressed by its set and way.
 *
 * A level fills the ways of a set in order 0, 1, ... and never invalidates a line, so `victim` is
 * only asked of full sets, and `insert` follows either the fill of the next invalid way or the
 * replacement of the way `victim` returned.
 */
export interface ReplacementPolicy {
  /** The line in `way` of `set` was hit. */
  touch(set: number, way: number): void;
  /** A line was just placed in `way` of `set`. */
  insert(set: number, way: number): void;
  /** The way to replace in the full set `set`. */
  victim(set: number): number;
  /**
   * Writes the ways `0 .. filled-1` of `set` into `out`, most recently used (or newest) first:
   * the order in which a flush writes dirty lines back.
   */
  newestFirst(set: number, filled: number, out: Int32Array): void;
}

/**
 * Words a level lends a policy inside its own per-set block, so a set's valid count, replacement
 * state and tag hashes sit together (one array per level instead of one per concern): word k of
 * set s is `words[s * stride + offset + k]`.
 */
export interface SetWords {
  words: Int32Array;
  stride: number;
  offset: number;
}
