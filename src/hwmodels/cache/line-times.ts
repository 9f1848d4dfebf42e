import { LineTable } from "./line-table.ts";

/** The direct array stays within this many entries per line it holds (a quarter full at least). */
const DENSITY = 4;
/** Entries the direct array may always take, however few lines it holds (1 MiB). */
const SMALL = 1 << 18;
/** At most 2^26 entries (256 MiB) in the direct array. */
const MAX_DIRECT = 1 << 26;

/**
 * The time of each line's last reference, for a stack-distance pass: int32 values >= 0 keyed by
 * 64-bit line numbers (two int32 words).
 *
 * Line numbers below `limit` index an Int32Array directly (-1: no time yet); the others go to a
 * hash table. On a large footprint every lookup misses the CPU caches, and the array is a sixth
 * of the table's size (4 bytes per line number against 12 per slot at most half full), so more
 * of it stays cached: about a fifth faster on 1 M random lines. Traces made by code (arrays from
 * address 0) and most program traces are dense in line numbers; the array grows by doubling to
 * cover a new line as long as it stays at least a quarter full, else that line takes the table.
 */
export class LineTimes {
  /** Distinct lines held. */
  size = 0;
  private direct = new Int32Array(0).fill(-1);
  /** Lines below it (hi word 0) are in `direct`; the rest are in `table`. */
  private limit = 0;
  private table = new LineTable();

  /** @param small entries the direct array may always take (a test sets it low) */
  constructor(private readonly small = SMALL) {}

  /** Sets the line's time to `now`; returns its previous time, or -1 for a new line. */
  exchange(lineHi: number, lineLo: number, now: number): number {
    const line = lineLo >>> 0;
    if (lineHi === 0 && (line < this.limit || this.growTo(line))) {
      const previous = this.direct[line]!;
      this.direct[line] = now;
      if (previous < 0) this.size++;
      return previous;
    }
    const table = this.table;
    const slot = table.slotOf(lineHi, lineLo);
    const previous = table.valueAt(slot);
    if (previous < 0) {
      table.insertAt(slot, lineHi, lineLo, now);
      this.size++;
    } else {
      table.setValueAt(slot, now);
    }
    return previous;
  }

  /**
   * Reads where the line's time lives and returns it: touching the lines of several references
   * before looking them up lets their cache misses overlap.
   */
  touch(lineHi: number, lineLo: number): number {
    const line = lineLo >>> 0;
    if (lineHi === 0 && line < this.limit) return this.direct[line]!;
    return this.table.touch(lineHi, lineLo);
  }

  /** Replaces every time by `update(time)`. */
  updateAll(update: (time: number) => number): void {
    const direct = this.direct;
    for (let line = 0; line < direct.length; line++) {
      if (direct[line]! >= 0) direct[line] = update(direct[line]!);
    }
    this.table.updateAll(update);
  }

  /**
   * Grows the direct array to cover `line` if it stays dense enough, moving the table's lines it
   * now covers into it. Returns whether it did.
   */
  private growTo(line: number): boolean {
    if (line >= MAX_DIRECT) return false;
    // The smallest power of two above `line` (a cheap test: lines the table takes come here).
    const entries = 1 << (32 - Math.clz32(line));
    if (entries > Math.max(this.small, DENSITY * (this.size + 1))) return false;
    const direct = new Int32Array(entries).fill(-1);
    direct.set(this.direct);
    const table = new LineTable();
    this.table.forEach((hi, lo, time) => {
      if (hi === 0 && lo >>> 0 < entries) direct[lo >>> 0] = time;
      else table.insertAt(table.slotOf(hi, lo), hi, lo, time);
    });
    this.direct = direct;
    this.limit = entries;
    this.table = table;
    return true;
  }
}
