import { RecencyPolicy } from "./recency-policy.ts";
import type { ReplacementPolicy } from "./replacement-policy.ts";

/** Least recently used: hits and fills refresh a line; the victim is the line unused longest. */
export class LruPolicy extends RecencyPolicy implements ReplacementPolicy {
  /** The way placed is always the least recently used one: the victim, or (while the set fills)
   * the next invalid way, which the recency order keeps at its end. */
  insert(set: number, _way: number): void {
    this.recency.moveLeastRecentToFront(set);
  }

  victim(set: number): number {
    return this.recency.leastRecent(set);
  }
}
