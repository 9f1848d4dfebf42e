/**
 * A hash map from 64-bit line numbers (two int32 words) to int32 values >= 0, by open addressing
 * with linear probing in one typed array (low word, high word, value per slot, so a probe reads
 * one cache line): no allocation per entry and no Map on the hot path. It only grows, keeping its
 * load at most one half; entries are never removed.
 */
export class LineTable {
  size = 0;
  /** Three int32 per slot: line low word, line high word, value (-1: empty). */
  private slots: Int32Array;
  private mask: number;

  constructor(initialCapacity = 1 << 16) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(initialCapacity, 16)));
    this.slots = emptySlots(capacity);
    this.mask = capacity - 1;
  }

  /** Index of a line's slot: where it is, or (if absent) where it would go. */
  slotOf(lineHi: number, lineLo: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let slot = Math.imul(lineLo ^ Math.imul(lineHi, 0x27d4eb2d), -1640531535) & mask;
    for (;;) {
      const at = 3 * slot;
      const value = slots[at + 2]!;
      if (value === -1 || (slots[at] === lineLo && slots[at + 1] === lineHi)) return slot;
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Reads the slot a line's probe starts at and returns its value: touching the slots of several
   * lines before looking them up lets their cache misses overlap.
   */
  touch(lineHi: number, lineLo: number): number {
    const slot = Math.imul(lineLo ^ Math.imul(lineHi, 0x27d4eb2d), -1640531535) & this.mask;
    return this.slots[3 * slot + 2]!;
  }

  /** Value in a slot from `slotOf`, or -1 if the line is absent. */
  valueAt(slot: number): number {
    return this.slots[3 * slot + 2]!;
  }

  /** Sets the value of a line present in `slot`. */
  setValueAt(slot: number, value: number): void {
    this.slots[3 * slot + 2] = value;
  }

  /** Adds a line absent from the table at `slot` (from `slotOf`); may grow the table. */
  insertAt(slot: number, lineHi: number, lineLo: number, value: number): void {
    const at = 3 * slot;
    this.slots[at] = lineLo;
    this.slots[at + 1] = lineHi;
    this.slots[at + 2] = value;
    if (++this.size * 2 > this.mask + 1) this.grow();
  }

  /** Calls `visit` with every entry. */
  forEach(visit: (lineHi: number, lineLo: number, value: number) => void): void {
    const slots = this.slots;
    for (let at = 0; at < slots.length; at += 3) {
      if (slots[at + 2] !== -1) visit(slots[at + 1]!, slots[at]!, slots[at + 2]!);
    }
  }

  /** Replaces the value of every entry by `update(value)`. */
  updateAll(update: (value: number) => number): void {
    const slots = this.slots;
    for (let at = 2; at < slots.length; at += 3) {
      if (slots[at] !== -1) slots[at] = update(slots[at]!);
    }
  }

  private grow(): void {
    const old = this.slots;
    const capacity = 2 * (this.mask + 1);
    this.slots = emptySlots(capacity);
    this.mask = capacity - 1;
    for (let at = 0; at < old.length; at += 3) {
      if (old[at + 2] === -1) continue;
      const target = 3 * this.slotOf(old[at + 1]!, old[at]!);
      this.slots[target] = old[at]!;
      this.slots[target + 1] = old[at + 1]!;
      this.slots[target + 2] = old[at + 2]!;
    }
  }
}

function emptySlots(capacity: number): Int32Array {
  const slots = new Int32Array(3 * capacity);
  for (let at = 2; at < slots.length; at += 3) slots[at] = -1;
  return slots;
}
