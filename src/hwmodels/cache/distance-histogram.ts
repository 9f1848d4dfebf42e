/** Distances counted per batch, and the histogram entries per group (see `countQueued`). */
const QUEUE = 1 << 16;
const GROUP_SHIFT = 12;
const GROUP = 1 << GROUP_SHIFT;
/** Counts stay in int32 while fewer than this many have been added since they were spilled. */
const SPILL_AFTER = 2 ** 31 - 1;

/**
 * A histogram of stack distances, filled one distance at a time. On a large footprint distances
 * spread over megabytes of histogram and incrementing them in trace order missed the cache every
 * time, so distances are queued and counted a batch at a time, grouped by which 4096 entries they
 * fall in. Counts are int32 (half the memory of float64, about a tenth faster on 1 M random
 * lines), spilled into float64 totals before any could overflow.
 */
export class DistanceHistogram {
  /** The largest distance added, -1 before any. */
  longest = -1;
  private counts = new Int32Array(1024);
  private spilled = new Float64Array(0);
  private sinceSpill = 0;
  private readonly queued = new Int32Array(QUEUE);
  private queuedCount = 0;
  private readonly grouped = new Int32Array(QUEUE);
  private groupStarts = new Int32Array(0);

  /** @param spillAfter counts added before int32 counts move to float64 (a test sets it low) */
  constructor(private readonly spillAfter = SPILL_AFTER) {}

  add(distance: number): void {
    this.queued[this.queuedCount++] = distance;
    if (distance > this.longest) this.longest = distance;
    if (this.queuedCount === QUEUE) this.countQueued();
  }

  /** Counts per distance, 0 .. longest. */
  toArray(): Float64Array {
    this.countQueued();
    const histogram = new Float64Array(this.longest + 1);
    for (let d = 0; d < histogram.length; d++) {
      histogram[d] = (this.counts[d] ?? 0) + (this.spilled[d] ?? 0);
    }
    return histogram;
  }

  private countQueued(): void {
    const count = this.queuedCount;
    this.queuedCount = 0;
    if (this.sinceSpill + count > this.spillAfter) this.spill();
    this.sinceSpill += count;
    if (this.longest >= this.counts.length) {
      const grown = new Int32Array(Math.max(2 * this.counts.length, this.longest + 1));
      grown.set(this.counts);
      this.counts = grown;
    }
    const counts = this.counts;
    const queued = this.queued;
    if (counts.length <= GROUP) {
      for (let i = 0; i < count; i++) counts[queued[i]!]! += 1;
      return;
    }
    // A counting sort by group, then the increments group by group.
    const groups = (this.longest >>> GROUP_SHIFT) + 1;
    if (this.groupStarts.length < groups + 1) this.groupStarts = new Int32Array(2 * groups + 1);
    const starts = this.groupStarts;
    starts.fill(0, 0, groups + 1);
    for (let i = 0; i < count; i++) starts[(queued[i]! >>> GROUP_SHIFT) + 1]! += 1;
    for (let group = 1; group <= groups; group++) starts[group]! += starts[group - 1]!;
    const grouped = this.grouped;
    for (let i = 0; i < count; i++) grouped[starts[queued[i]! >>> GROUP_SHIFT]!++] = queued[i]!;
    for (let i = 0; i < count; i++) counts[grouped[i]!]! += 1;
  }

  private spill(): void {
    if (this.spilled.length < this.counts.length) {
      const grown = new Float64Array(this.counts.length);
      grown.set(this.spilled);
      this.spilled = grown;
    }
    for (let d = 0; d < this.counts.length; d++) this.spilled[d]! += this.counts[d]!;
    this.counts.fill(0);
    this.sinceSpill = 0;
  }
}
