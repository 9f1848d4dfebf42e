import { ACCESS_FLUSH, type AccessBatch, type AccessTrace, validateTrace } from "./access-trace.ts";
import { isPowerOfTwo } from "./cache-config.ts";
import { LineTable } from "./line-table.ts";
import { MarkedTimes } from "./marked-times.ts";
import { StackDistanceProfile } from "./stack-distance-profile.ts";

/** Accesses whose table slots are touched ahead of their lookups. */
const TOUCH_AHEAD = 16;
/** Distances counted per batch, and the histogram entries per group (see `count`). */
const QUEUE = 1 << 16;
const GROUP_SHIFT = 12;
const GROUP = 1 << GROUP_SHIFT;

/**
 * Computes stack distances in one pass, O(log N) per reference (Bennett and Kruskal, "LRU stack
 * processing", IBM J. Res. Dev. 19(4), 1975): every distinct line keeps one mark at the time of
 * its last reference (MarkedTimes: a bitmap and a Fenwick tree), so the distance of a reference is
 * the number of marks after that time. A hash table maps lines to those times. When the times run out the marks are
 * renumbered 0 .. distinctLines-1 (keeping their order), so memory follows the number of distinct
 * lines, not the trace length, and a trace can stream through in batches.
 *
 * Every line an access touches is one reference; loads and stores count alike.
 */
export class StackDistanceProfiler {
  readonly lineBytes: number;
  private readonly shift: number;
  private readonly lines = new LineTable();
  private marks: MarkedTimes;
  /** The time the next new reference gets. */
  private now = 0;
  private histogram = new Float64Array(1024);
  private longest = -1;
  private readonly queued = new Int32Array(QUEUE);
  private queuedCount = 0;
  private readonly grouped = new Int32Array(QUEUE);
  private groupStarts = new Int32Array(0);
  private references = 0;
  /** A sum of touched values, kept so the touching reads are not optimized away. */
  private touched = 0;
  /** References to the line referenced just before (distance 0), counted apart: the common case. */
  private repeats = 0;
  private coldMisses = 0;
  // The line referenced last: referencing it again is distance 0 and changes nothing else.
  private lastHi = 0;
  private lastLo = 0;
  private hasLast = false;

  /** @param lineBytes line size in bytes, a power of two; defaults to 64. */
  constructor(lineBytes = 64, initialTimes = 1 << 20) {
    if (!isPowerOfTwo(lineBytes) || lineBytes > 2 ** 30) {
      throw new RangeError(`lineBytes must be a power of two up to 2^30, not ${lineBytes}`);
    }
    this.lineBytes = lineBytes;
    this.shift = Math.log2(lineBytes);
    this.marks = new MarkedTimes(initialTimes);
  }

  /**
   * Adds an in-process trace (see AccessTrace; stores count like loads). Throws a RangeError
   * naming the first bad access, before adding any.
   */
  addTrace(trace: AccessTrace): this {
    validateTrace(trace);
    const { addresses } = trace;
    const bytes = trace.bytes ?? 1;
    if (addresses instanceof BigUint64Array) {
      for (let i = 0; i < addresses.length; i++) {
        const address = addresses[i]!;
        const size = typeof bytes === "number" ? bytes : bytes[i]!;
        this.addAccess(Number(address >> 32n), Number(address & 0xffffffffn), size);
      }
      return this;
    }
    const twoPow32 = 2 ** 32;
    for (let group = 0; group < addresses.length; group += TOUCH_AHEAD) {
      const groupEnd = Math.min(group + TOUCH_AHEAD, addresses.length);
      for (let i = group; i < groupEnd; i++) {
        const address = addresses[i]!;
        this.touchLine(address < twoPow32 ? 0 : Math.floor(address / twoPow32), address >>> 0);
      }
      for (let i = group; i < groupEnd; i++) {
        const address = addresses[i]!;
        const size = typeof bytes === "number" ? bytes : bytes[i]!;
        this.addAccess(
          address < twoPow32 ? 0 : Math.floor(address / twoPow32),
          address >>> 0,
          size,
        );
      }
    }
    return this;
  }

  /** Adds a batch of parsed records; flush records are ignored. */
  addBatch(batch: AccessBatch): this {
    const { kinds, hi, lo, bytes } = batch;
    for (let group = 0; group < batch.length; group += TOUCH_AHEAD) {
      const groupEnd = Math.min(group + TOUCH_AHEAD, batch.length);
      for (let i = group; i < groupEnd; i++) this.touchLine(hi[i]!, lo[i]!);
      for (let i = group; i < groupEnd; i++) {
        if (kinds[i] !== ACCESS_FLUSH) this.addAccess(hi[i]!, lo[i]!, bytes[i]!);
      }
    }
    return this;
  }

  /** One access of `bytes` bytes at hi:lo (unsigned 32-bit words): a reference per line touched. */
  addAccess(hi: number, lo: number, bytes: number): void {
    const shift = this.shift;
    const offset = lo & (this.lineBytes - 1);
    // Exact: dividing by a power of two.
    let lines = Math.floor((offset + bytes - 1) / this.lineBytes) + 1;
    let lineLo = (lo >>> shift) | ((hi << (31 - shift)) << 1);
    let lineHi = (hi >>> shift) | 0;
    while (lines-- > 0) {
      this.reference(lineHi, lineLo);
      lineLo = (lineLo + 1) | 0;
      if (lineLo === 0) lineHi = (lineHi + 1) | 0;
    }
  }

  /** The histogram so far. */
  profile(): StackDistanceProfile {
    this.countQueued();
    const histogram = this.histogram.slice(0, Math.max(this.longest + 1, this.repeats > 0 ? 1 : 0));
    if (this.repeats > 0) histogram[0]! += this.repeats;
    return new StackDistanceProfile(this.lineBytes, this.references, this.coldMisses, histogram);
  }

  /**
   * Touches the hash-table slot of the first line of an access at hi:lo, ahead of its lookup. On
   * a large footprint every lookup misses the cache; touching a group of lines first lets those
   * misses overlap (about a quarter faster on 1 M random lines).
   */
  private touchLine(hi: number, lo: number): void {
    const shift = this.shift;
    this.touched += this.lines.touch(
      (hi >>> shift) | 0,
      (lo >>> shift) | ((hi << (31 - shift)) << 1),
    );
  }

  private reference(lineHi: number, lineLo: number): void {
    this.references++;
    if (lineLo === this.lastLo && lineHi === this.lastHi && this.hasLast) {
      this.repeats++;
      return;
    }
    this.lastHi = lineHi;
    this.lastLo = lineLo;
    this.hasLast = true;
    if (this.now === this.marks.size) this.renumber();
    const lines = this.lines;
    const slot = lines.slotOf(lineHi, lineLo);
    const previous = lines.valueAt(slot);
    const now = this.now++;
    if (previous < 0) {
      this.coldMisses++;
      lines.insertAt(slot, lineHi, lineLo, now);
    } else {
      // Marks after `previous`: the distinct lines referenced since.
      this.count(this.marks.countAfter(previous));
      this.marks.unmark(previous);
      lines.setValueAt(slot, now);
    }
    this.marks.mark(now);
  }

  /**
   * Counts a distance. Distances are queued and counted a batch at a time, grouped by which 4096
   * entries of the histogram they fall in: on a large footprint the distances are spread over
   * megabytes of histogram, and incrementing them in trace order missed the cache every time.
   */
  private count(distance: number): void {
    this.queued[this.queuedCount++] = distance;
    if (distance > this.longest) this.longest = distance;
    if (this.queuedCount === this.queued.length) this.countQueued();
  }

  private countQueued(): void {
    const count = this.queuedCount;
    this.queuedCount = 0;
    if (this.longest >= this.histogram.length) {
      const grown = new Float64Array(Math.max(2 * this.histogram.length, this.longest + 1));
      grown.set(this.histogram);
      this.histogram = grown;
    }
    const histogram = this.histogram;
    const queued = this.queued;
    if (histogram.length <= GROUP) {
      for (let i = 0; i < count; i++) histogram[queued[i]!]! += 1;
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
    for (let i = 0; i < count; i++) histogram[grouped[i]!]! += 1;
  }

  /**
   * Renumbers the marks 0 .. distinctLines-1 in time order. Times are cheap (a bit each, and a
   * Fenwick node per 32), so they grow to 8 per distinct line: renumbering, a pass over the whole
   * hash table, then comes only every 7 distinct lines' worth of references.
   */
  private renumber(): void {
    const size = this.marks.size;
    const newTime = new Int32Array(size).fill(-1);
    this.lines.updateAll((time) => {
      newTime[time] = 0;
      return time;
    });
    let next = 0;
    for (let time = 0; time < size; time++) if (newTime[time] === 0) newTime[time] = next++;
    this.lines.updateAll((time) => newTime[time]!);
    if (8 * next > size) this.marks = new MarkedTimes(2 ** Math.ceil(Math.log2(8 * next)));
    this.marks.resetToFirst(next);
    this.now = next;
  }
}

/** Profiles an in-process trace at one line size (default 64 bytes). */
export function stackDistanceProfile(trace: AccessTrace, lineBytes = 64): StackDistanceProfile {
  return new StackDistanceProfiler(lineBytes).addTrace(trace).profile();
}
