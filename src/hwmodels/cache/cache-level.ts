import type { AccessBatch } from "./access-trace.ts";
import { ACCESS_LOAD, ACCESS_STORE } from "./access-trace.ts";
import type { CacheLevelConfig, CacheSemantics } from "./cache-config.ts";
import { createReplacementPolicy } from "./create-policy.ts";
import * as counter from "./level-counters.ts";
import { createLevelState, invalidTagIsReal, type LevelState } from "./level-state.ts";
import type { CacheLevelStats } from "./level-stats.ts";
import type { ReplacementPolicy } from "./replacement-policy.ts";

const TWO_POW_32 = 2 ** 32;

/**
 * One set-associative cache level. It consumes a batch of requests (loads, stores, flushes of
 * byte ranges; see AccessBatch) and appends the requests it sends below — line fetches, dirty
 * write-backs, forwarded stores, flush markers — to `output` (null for the last level: memory
 * keeps no state). Levels never look at each other's state, so a hierarchy can run each level
 * over a whole batch before the next, in tight per-level loops, with exactly the results of
 * passing every request down at once.
 *
 * Layout (see LevelState; the LRU fast path works on the same arrays): line `slot = set * ways +
 * way` keeps its line number as two int32 words, `tagLo[slot]` and `tagHi[slot]` (exact for every
 * 64-bit address), and its dirty flag in `dirty[slot]`. A set's ways are contiguous, so a lookup
 * reads one short run of `tagLo`. A way that holds no line holds the set's `invalidTag`, a line
 * number that cannot live in that set, so a lookup needs no validity check. Per set, `setWords`
 * holds the number of ways filled so far (ways fill in order and are never invalidated), then the
 * policy's state.
 *
 * See docs/cache-models.md for the counting rules of both semantics.
 */
export class CacheLevel {
  readonly name: string;
  readonly sets: number;
  readonly ways: number;
  readonly lineBytes: number;
  readonly writeBack: boolean;
  /** Requests for the level below; null when this is the last level. */
  output: AccessBatch | null = null;

  private readonly pycachesim: boolean;
  /** The arrays that hold the level's lines; shared with the LRU fast path. */
  readonly state: LevelState;
  private readonly shift: number;
  private readonly offsetMask: number;
  /** `sets - 1` when sets is a power of two, else -1 (set index by modulo). */
  private readonly setMask: number;
  private readonly tagLo: Int32Array;
  private readonly tagHi: Int32Array;
  private readonly dirty: Int32Array;
  /** Per set: ways filled so far, then the policy's words (see SetWords). */
  private readonly setWords: Int32Array;
  private readonly setStride: number;
  private readonly policy: ReplacementPolicy;
  /**
   * LRU's recency order names the next invalid way as its victim, so the victim is always the way
   * to fill. Then the filled count is only bookkeeping, and stays right even if the fast path
   * (which does not keep it) ran in between.
   */
  private readonly victimNamesInvalidWays: boolean;
  /**
   * True only for one set of 1-byte lines, where every 64-bit line number is a real line and
   * `invalidTag` (line 2^64-1) could be looked up: there validity falls back to the filled count.
   */
  private readonly invalidTagIsReal: boolean;
  // Counters (see CacheLevelStats), plus the misses that fetched nothing (write-through store misses
  // under hardware semantics), so that line fetches = misses - those.
  private loadCount = 0;
  private loadBytes = 0;
  private storeCount = 0;
  private storeBytes = 0;
  private hitCount = 0;
  private hitBytes = 0;
  private missCount = 0;
  private missBytes = 0;
  private evictCount = 0;
  private evictBytes = 0;
  private unfilledMissCount = 0;
  private unfilledMissBytes = 0;
  private readonly flushOrder: Int32Array;
  // The line touched last (hit or filled). Touching it again changes no replacement state, so a
  // run of accesses to one line skips the set lookup.
  private lastHi = 0;
  private lastLo = 0;
  private lastSet = 0;
  private lastWay = -1;

  /** `state`: where the level's lines live (an empty createLevelState); a new one by default. */
  constructor(
    config: CacheLevelConfig,
    semantics: CacheSemantics,
    state: LevelState = createLevelState(config),
  ) {
    this.name = config.name;
    this.sets = config.sets;
    this.ways = config.ways;
    this.lineBytes = config.lineBytes;
    this.writeBack = config.writePolicy === "write-back";
    this.pycachesim = semantics === "pycachesim";
    this.shift = Math.log2(config.lineBytes);
    this.offsetMask = config.lineBytes - 1;
    this.setMask = (config.sets & (config.sets - 1)) === 0 ? config.sets - 1 : -1;
    this.state = state;
    this.tagLo = this.state.tagLo;
    this.tagHi = this.state.tagHi;
    this.dirty = this.state.dirty;
    this.setWords = this.state.setWords;
    this.setStride = this.state.setStride;
    this.policy = createReplacementPolicy(config, {
      words: this.setWords,
      stride: this.setStride,
      offset: 1,
    });
    this.victimNamesInvalidWays = config.policy === "LRU";
    this.invalidTagIsReal = invalidTagIsReal(config);
    this.flushOrder = new Int32Array(config.ways);
  }

  /** Runs every request of `input` through this level, in order. */
  process(input: AccessBatch): void {
    const { kinds, hi, lo, bytes, length } = input;
    // Imported bindings are not constants to the JIT: read them once, not per request.
    const load = ACCESS_LOAD;
    const store = ACCESS_STORE;
    for (let i = 0; i < length; i++) {
      const kind = kinds[i]!;
      if (kind === load) this.load(hi[i]!, lo[i]!, bytes[i]!);
      else if (kind === store) this.store(hi[i]!, lo[i]!, bytes[i]!);
      else this.flush();
    }
  }

  /** A load of `bytes` bytes at hi:lo (unsigned 32-bit words). */
  load(hi: number, lo: number, bytes: number): void {
    this.loadCount += 1;
    this.loadBytes += bytes;
    if ((lo & this.offsetMask) + bytes <= this.lineBytes) this.loadLine(hi, lo, bytes);
    else this.loadLines(hi, lo, bytes);
  }

  /**
   * Counts `count` loads of `bytes` bytes in all that hit the line touched last (they change no
   * state); lets a caller that sees such a run skip the per-access machinery.
   */
  addRepeatHits(count: number, bytes: number): void {
    this.loadCount += count;
    this.loadBytes += bytes;
    this.hitCount += count;
    this.hitBytes += bytes;
  }

  /** Adds counters gathered elsewhere (the fast path), indexed as in LEVEL_COUNTERS. */
  addCounts(counts: Float64Array): void {
    this.loadCount += counts[counter.LOAD_COUNT]!;
    this.loadBytes += counts[counter.LOAD_BYTE]!;
    this.storeCount += counts[counter.STORE_COUNT]!;
    this.storeBytes += counts[counter.STORE_BYTE]!;
    this.hitCount += counts[counter.HIT_COUNT]!;
    this.hitBytes += counts[counter.HIT_BYTE]!;
    this.missCount += counts[counter.MISS_COUNT]!;
    this.missBytes += counts[counter.MISS_BYTE]!;
    this.evictCount += counts[counter.EVICT_COUNT]!;
    this.evictBytes += counts[counter.EVICT_BYTE]!;
    this.unfilledMissCount += counts[counter.UNFILLED_MISS_COUNT]!;
    this.unfilledMissBytes += counts[counter.UNFILLED_MISS_BYTE]!;
  }

  /**
   * Drops the memory of the line touched last: needed after anything else (the fast path) has
   * changed this level's recency order.
   */
  forgetLastLine(): void {
    this.lastWay = -1;
  }

  /**
   * Writes every dirty line back below (sets in order; within a set the most recently used or
   * newest line first); the lines stay cached, clean. Then passes the flush on, so the level
   * below flushes after receiving these write-backs.
   */
  flush(): void {
    const order = this.flushOrder;
    const words = this.setWords;
    const dirty = this.dirty;
    for (let set = 0; set < this.sets; set++) {
      // LRU's order lists every way, valid ones first (the filled count may lag, see
      // victimNamesInvalidWays); an invalid way is never dirty.
      const listed = this.victimNamesInvalidWays ? this.ways : words[set * this.setStride]!;
      if (listed === 0) continue;
      this.policy.newestFirst(set, listed, order);
      const base = set * this.ways;
      for (let i = 0; i < listed; i++) {
        const slot = base + order[i]!;
        if (dirty[slot] !== 0) {
          dirty[slot] = 0;
          this.writeBackLine(slot);
        }
      }
    }
    this.output?.pushFlush();
  }

  stats(): CacheLevelStats {
    return {
      LOAD_count: this.loadCount,
      LOAD_byte: this.loadBytes,
      STORE_count: this.storeCount,
      STORE_byte: this.storeBytes,
      HIT_count: this.hitCount,
      HIT_byte: this.hitBytes,
      MISS_count: this.missCount,
      MISS_byte: this.missBytes,
      EVICT_count: this.evictCount,
      EVICT_byte: this.evictBytes,
    };
  }

  /**
   * Line fetches sent below, and the bytes the missing requests asked for (the requests' bytes in
   * the line, or the whole line for a store-allocation miss): what memory serves when this level
   * is the last.
   */
  fills(): { count: number; bytes: number } {
    return {
      count: this.missCount - this.unfilledMissCount,
      bytes: this.missBytes - this.unfilledMissBytes,
    };
  }

  /** A load spanning several lines: one lookup per line, in increasing address order. */
  private loadLines(hi: number, lo: number, bytes: number): void {
    // pycachesim counts min(lineBytes, request) for every line; hardware counts the bytes in it.
    const perLine = Math.min(this.lineBytes, bytes);
    this.eachLinePart(hi, lo, bytes, (partHi, partLo, part) =>
      this.loadLine(partHi, partLo, this.pycachesim ? perLine : part),
    );
  }

  /**
   * Calls `visit` with the start and length of each line's part of an access, in increasing
   * address order (the uncommon path: most accesses stay within a line).
   */
  private eachLinePart(
    hi: number,
    lo: number,
    bytes: number,
    visit: (hi: number, lo: number, bytes: number) => void,
  ): void {
    let remaining = bytes;
    let part = this.lineBytes - (lo & this.offsetMask);
    while (remaining > 0) {
      if (part > remaining) part = remaining;
      visit(hi, lo, part);
      remaining -= part;
      lo += part;
      if (lo >= TWO_POW_32) {
        lo -= TWO_POW_32;
        hi = (hi + 1) >>> 0;
      }
      part = this.lineBytes;
    }
  }

  /** Looks up the line holding hi:lo for a load, counting `counted` bytes as hit or missed. */
  private loadLine(hi: number, lo: number, counted: number): void {
    const shift = this.shift;
    const lineLo = (lo >>> shift) | ((hi << (31 - shift)) << 1);
    const lineHi = (hi >>> shift) | 0;
    if (lineLo === this.lastLo && lineHi === this.lastHi && this.lastWay >= 0) {
      this.hitCount += 1;
      this.hitBytes += counted;
      return;
    }
    this.loadLookup(hi, lo, lineHi, lineLo, counted);
  }

  /** A load of a line other than the one touched last: look it up, fetch it on a miss. */
  private loadLookup(
    hi: number,
    lo: number,
    lineHi: number,
    lineLo: number,
    counted: number,
  ): void {
    const set = this.setOf(lineHi, lineLo);
    const base = set * this.ways;
    const slot = this.find(set, base, lineHi, lineLo);
    if (slot >= 0) {
      this.hitCount += 1;
      this.hitBytes += counted;
      this.policy.touch(set, slot - base);
      this.remember(lineHi, lineLo, set, slot - base);
      return;
    }
    this.missCount += 1;
    this.missBytes += counted;
    this.fill(hi, lo, lineHi, lineLo, set, base);
  }

  /** A store of `bytes` bytes at hi:lo (unsigned 32-bit words). */
  store(hi: number, lo: number, bytes: number): void {
    this.storeCount += 1;
    this.storeBytes += bytes;
    const offset = lo & this.offsetMask;
    if (offset + bytes <= this.lineBytes) {
      if (this.writeBack) this.storeLineWriteBack(hi, lo, bytes);
      else this.storeLineWriteThrough(hi, lo, bytes);
      return;
    }
    this.eachLinePart(hi, lo, bytes, (partHi, partLo, part) => {
      if (this.writeBack) this.storeLineWriteBack(partHi, partLo, part);
      else this.storeLineWriteThrough(partHi, partLo, part);
    });
  }

  /** Write-back, write-allocate: a store miss fetches the line like a load miss of the whole line. */
  private storeLineWriteBack(hi: number, lo: number, bytes: number): void {
    const shift = this.shift;
    const lineLo = (lo >>> shift) | ((hi << (31 - shift)) << 1);
    const lineHi = (hi >>> shift) | 0;
    if (lineLo === this.lastLo && lineHi === this.lastHi && this.lastWay >= 0) {
      if (!this.pycachesim) {
        this.hitCount += 1;
        this.hitBytes += bytes;
      }
      this.dirty[this.lastSet * this.ways + this.lastWay] = 1;
      return;
    }
    const set = this.setOf(lineHi, lineLo);
    const base = set * this.ways;
    let slot = this.find(set, base, lineHi, lineLo);
    if (slot >= 0) {
      // pycachesim neither counts a store hit nor refreshes the line's recency.
      if (!this.pycachesim) {
        this.hitCount += 1;
        this.hitBytes += bytes;
        this.policy.touch(set, slot - base);
        this.remember(lineHi, lineLo, set, slot - base);
      }
    } else {
      const lineBytes = this.lineBytes;
      this.loadCount += 1;
      this.loadBytes += lineBytes;
      this.missCount += 1;
      this.missBytes += lineBytes;
      slot = this.fill(hi, lo, lineHi, lineLo, set, base);
    }
    this.dirty[slot] = 1;
  }

  /**
   * Write-through, no-write-allocate: the store passes to the level below, counted as an
   * eviction of its bytes. Under hardware semantics a present line counts a hit (and is
   * refreshed), an absent one a miss; pycachesim counts neither.
   */
  private storeLineWriteThrough(hi: number, lo: number, bytes: number): void {
    if (!this.pycachesim) {
      const shift = this.shift;
      const lineLo = (lo >>> shift) | ((hi << (31 - shift)) << 1);
      const lineHi = (hi >>> shift) | 0;
      const set = this.setOf(lineHi, lineLo);
      const base = set * this.ways;
      const slot = this.find(set, base, lineHi, lineLo);
      if (slot >= 0) {
        this.hitCount += 1;
        this.hitBytes += bytes;
        this.policy.touch(set, slot - base);
        this.remember(lineHi, lineLo, set, slot - base);
      } else {
        this.missCount += 1;
        this.missBytes += bytes;
        this.unfilledMissCount += 1;
        this.unfilledMissBytes += bytes;
      }
    }
    this.evictCount += 1;
    this.evictBytes += bytes;
    this.output?.pushStore(hi, lo, bytes);
  }

  /**
   * Fetches the line holding hi:lo from below, then places it, clean, in the next invalid way of
   * its set or in the policy's victim, writing a dirty victim back after the fetch. Returns the
   * line's slot.
   */
  private fill(
    hi: number,
    lo: number,
    lineHi: number,
    lineLo: number,
    set: number,
    base: number,
  ): number {
    this.output?.pushLoad(hi, (lo & ~this.offsetMask) >>> 0, this.lineBytes);
    const words = this.setWords;
    const first = set * this.setStride;
    const filled = words[first]!;
    let way: number;
    if (filled < this.ways) {
      words[first] = filled + 1;
      way = this.victimNamesInvalidWays ? this.policy.victim(set) : filled;
    } else {
      way = this.policy.victim(set);
    }
    const slot = base + way;
    // An invalid way is never dirty.
    if (this.dirty[slot] !== 0) {
      this.dirty[slot] = 0;
      this.writeBackLine(slot);
    }
    this.tagLo[slot] = lineLo;
    this.tagHi[slot] = lineHi;
    this.policy.insert(set, way);
    this.remember(lineHi, lineLo, set, way);
    return slot;
  }

  /** Counts an eviction of the line in `slot` and stores the whole line below. */
  private writeBackLine(slot: number): void {
    this.evictCount += 1;
    this.evictBytes += this.lineBytes;
    const output = this.output;
    if (output === null) return;
    const shift = this.shift;
    const lineLo = this.tagLo[slot]!;
    const lineHi = this.tagHi[slot]!;
    // Line number -> address: shift the 64-bit pair left (the `>>> 1 >>> (31 - shift)` form is
    // also right for shift 0, where a shift by 32 would be a shift by 0 in JS).
    const lo = (lineLo << shift) >>> 0;
    const hi = ((lineHi << shift) | ((lineLo >>> 1) >>> (31 - shift))) >>> 0;
    output.pushStore(hi, lo, this.lineBytes);
  }

  /**
   * The slot holding the line, or -1: a scan of the set's low tag words (contiguous; an invalid
   * way holds a line of another set, so it never matches), four ways per step so that large sets
   * (fully associative caches) cost about one compare per way.
   */
  private find(set: number, base: number, lineHi: number, lineLo: number): number {
    const tagLo = this.tagLo;
    const end = base + this.ways;
    let slot = base;
    for (; slot + 4 <= end; slot += 4) {
      if (
        tagLo[slot] === lineLo ||
        tagLo[slot + 1] === lineLo ||
        tagLo[slot + 2] === lineLo ||
        tagLo[slot + 3] === lineLo
      ) {
        break;
      }
    }
    for (; slot < end; slot++) {
      if (tagLo[slot] === lineLo && this.tagHi[slot] === lineHi && this.isValid(set, slot - base)) {
        return slot;
      }
    }
    return -1;
  }

  /** Whether a way whose tag matched holds a line (see invalidTagIsReal). */
  private isValid(set: number, way: number): boolean {
    return !this.invalidTagIsReal || way < this.setWords[set * this.setStride]!;
  }

  private setOf(lineHi: number, lineLo: number): number {
    if (this.setMask >= 0) return lineLo & this.setMask;
    const sets = this.sets;
    if (lineHi === 0) return (lineLo >>> 0) % sets;
    // (lineHi * 2^32 + lineLo) mod sets in 16-bit steps, every product below 2^53.
    let rest = (lineHi >>> 0) % sets;
    rest = (rest * 65536 + (lineLo >>> 16)) % sets;
    return (rest * 65536 + (lineLo & 0xffff)) % sets;
  }

  private remember(lineHi: number, lineLo: number, set: number, way: number): void {
    this.lastHi = lineHi;
    this.lastLo = lineLo;
    this.lastSet = set;
    this.lastWay = way;
  }
}
