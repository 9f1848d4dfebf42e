import { RecencyPolicy } from "./recency-policy.ts";
import type { ReplacementPolicy } from "./replacement-policy.ts";

/**
 * Most recently used: hits and fills refresh a line; the victim is the line used last. Suits
 * cyclic sweeps larger than the cache, where LRU always evicts the line needed next.
 * (pycachesim's MRU does something else, see docs/cache-models.md; this one is the textbook rule.)
 */
export class MruPolicy extends RecencyPolicy implements ReplacementPolicy {
  /** The victim is already the most recent; a way filled while the set fills is the least recent. */
  insert(set: number, way: number): void {
    if (this.recency.mostRecent(set) !== way) this.recency.moveLeastRecentToFront(set);
  }

  victim(set: number): number {
    return this.recency.mostRecent(set);
  }
}
