/**
 * Per set, a doubly linked list of its ways from most to least recently used: the recency state
 * of LRU and MRU for sets of more than 16 ways (PackedRecency holds smaller ones). Every
 * operation is O(1), whatever the associativity.
 *
 * Links are slots (`set * ways + way`), -1 ends a list. Each list starts as ways-1, ..., 1, 0, so
 * its tail always names the next invalid way in the order a level fills them, 0, 1, ..., and the
 * first `filled` entries are the valid ways.
 */
export class RecencyList {
  private readonly previous: Int32Array;
  private readonly following: Int32Array;
  private readonly head: Int32Array;
  private readonly tail: Int32Array;

  constructor(
    sets: number,
    private readonly ways: number,
  ) {
    this.previous = new Int32Array(sets * ways);
    this.following = new Int32Array(sets * ways);
    this.head = new Int32Array(sets);
    this.tail = new Int32Array(sets);
    for (let set = 0; set < sets; set++) {
      const base = set * ways;
      for (let way = 0; way < ways; way++) {
        // Way w sits at position ways-1-w: its predecessor is way w+1, its successor way w-1.
        this.previous[base + way] = way + 1 < ways ? base + way + 1 : -1;
        this.following[base + way] = way > 0 ? base + way - 1 : -1;
      }
      this.head[set] = base + ways - 1;
      this.tail[set] = base;
    }
  }

  /** Way of the most recently used line. */
  mostRecent(set: number): number {
    return this.head[set]! - set * this.ways;
  }

  /** Way of the least recently used line (or, while the set fills, the next invalid way). */
  leastRecent(set: number): number {
    return this.tail[set]! - set * this.ways;
  }

  /** Makes `way` the most recently used line of `set`. */
  moveToFront(set: number, way: number): void {
    const slot = set * this.ways + way;
    const head = this.head[set]!;
    if (head === slot) return;
    const previous = this.previous;
    const following = this.following;
    // Unlink; `before` is a slot, as only the head has none.
    const before = previous[slot]!;
    const after = following[slot]!;
    following[before] = after;
    if (after >= 0) previous[after] = before;
    else this.tail[set] = before;
    previous[slot] = -1;
    following[slot] = head;
    previous[head] = slot;
    this.head[set] = slot;
  }

  moveLeastRecentToFront(set: number): void {
    this.moveToFront(set, this.leastRecent(set));
  }

  /** Ways of `set`, most recently used first (`filled` of them). */
  newestFirst(set: number, filled: number, out: Int32Array): void {
    const base = set * this.ways;
    let slot = this.head[set]!;
    for (let i = 0; i < filled; i++) {
      out[i] = slot - base;
      slot = this.following[slot]!;
    }
  }
}
