import {
  type CodeWriter,
  ModuleBuilder,
  op,
  simdOp,
  valueType as t,
  type ValueType,
} from "../wasm/wasm-emitter.ts";
import * as event from "./fast-path-events.ts";
import type { FastLevelShape, FastPathShape } from "./fast-path-shape.ts";
import * as counter from "./level-counters.ts";
import { regionOffsets } from "./level-state.ts";
import { type WasmLayout, wasmPages } from "./lru-wasm-layout.ts";

/**
 * The LRU fast path as a WebAssembly module for one hierarchy shape: the same rules and the same
 * structure as the generated JavaScript (lru-fast-path-source.ts, whose comments explain them),
 * with two differences that make it faster:
 *
 * - a set's tags are compared four ways at a time: `i32x4.eq` of the low tag words against the
 *   line's, OR-ed over the set and tested once (`v128.any_true`), so a miss in a 16-way set costs
 *   four vector compares instead of sixteen scalar ones; only a match looks at the high words;
 * - line numbers are i64 values, so the line of the level below is one shift, and there are no
 *   bounds checks (the memory's guard pages stand in for them).
 *
 * The module imports `env.memory` (at least the layout's pages) holding everything at the
 * layout's offsets: the levels' LevelState memories (shared with the general path, so the two can
 * take turns), per-level counters for the helpers, the main loop's events, and a chunk of the
 * trace (addresses as f64, sizes as u32, store flags as u8, exactly 1 for a store). It exports
 * `run(from, to, size) -> next`: simulates the chunk's accesses from index `from` to `to`
 * (exclusive), each of `size` bytes unless the shape has a size per access, and returns the index
 * of the first one it did not simulate: `to`, or an access that spans first-level lines.
 *
 * Functions: `loadAt<k>(line)` and `storeAt<k>(line, bytes)` for each level k >= 1 (requests
 * from above outside the main chain, counted into the level's counters), then `run`, whose loop
 * inlines a first-level access and the fetch of each level that misses.
 */
export function lruWasmKernel(shape: FastPathShape, layout: WasmLayout): Uint8Array<ArrayBuffer> {
  return new KernelEmitter(shape, layout).encode();
}

/** Where one level's things are, in bytes, and its geometry as the code needs it. */
interface LevelPlan extends FastLevelShape {
  tagLo: number;
  tagHi: number;
  dirty: number;
  setWords: number;
  counts: number;
  /** log2 of lineBytes. */
  shift: number;
  /** Line number shift from this level to the next (0 at the last level). */
  down: number;
  /** Vector compares per lookup. */
  groups: number;
}

/** Locals by name within one function: the first use of a name declares it. */
class Locals {
  private readonly byName = new Map<string, { index: number; type: ValueType }>();

  constructor(private readonly code: CodeWriter) {}

  of(name: string, type: ValueType = t.i32): number {
    let local = this.byName.get(name);
    if (local === undefined) {
      local = { index: this.code.local(type), type };
      this.byName.set(name, local);
    }
    if (local.type !== type) throw new Error(`local ${name} is used with two types`);
    return local.index;
  }
}

/** One function being written: its code and its locals. */
interface Fn {
  c: CodeWriter;
  v: Locals;
}

/**
 * Which code is being written: the main loop (counts events in locals, fetches inline) or a
 * helper (adds to the level's counters in memory, fetches through loadAt).
 */
type Counting = "main" | "helper";

const NIBBLES_LOW = 0x77777777;
const NIBBLES_HIGH = 0x88888888 | 0;
const REPEAT_NIBBLE = 0x11111111;

class KernelEmitter {
  private readonly module = new ModuleBuilder();
  private readonly levels: LevelPlan[];
  private readonly last: number;
  private readonly hardware: boolean;
  private readonly loadAt: number[] = [];
  private readonly storeAt: number[] = [];

  constructor(
    private readonly shape: FastPathShape,
    private readonly layout: WasmLayout,
  ) {
    this.last = shape.levels.length - 1;
    this.hardware = shape.semantics === "hardware";
    this.levels = shape.levels.map((level, k) => {
      const regions = regionOffsets(level.sets * level.ways);
      const base = layout.states[k]!;
      const shift = Math.log2(level.lineBytes);
      const below = shape.levels[k + 1];
      return {
        ...level,
        tagLo: base + 4 * regions.tagLo,
        tagHi: base + 4 * regions.tagHi,
        dirty: base + 4 * regions.dirty,
        setWords: base + 4 * regions.setWords,
        counts: layout.counts[k]!,
        shift,
        down: below === undefined ? 0 : Math.log2(below.lineBytes) - shift,
        groups: Math.ceil(level.ways / 4),
      };
    });
  }

  encode(): Uint8Array<ArrayBuffer> {
    this.module.importMemory("env", "memory", wasmPages(this.layout.bytes));
    // Declare every function first: their indices are needed for calls.
    const helpers: Array<() => void> = [];
    for (let k = 1; k <= this.last; k++) {
      const load = this.module.addFunction([t.i64], []);
      const store = this.module.addFunction([t.i64, t.i32], []);
      this.loadAt[k] = load.index;
      this.storeAt[k] = store.index;
      helpers.push(() => this.loadAtFunction(k, { c: load.code, v: new Locals(load.code) }));
      helpers.push(() => this.storeAtFunction(k, { c: store.code, v: new Locals(store.code) }));
    }
    const run = this.module.addFunction([t.i32, t.i32, t.i32], [t.i32], "run");
    for (const write of helpers) write();
    this.runFunction({ c: run.code, v: new Locals(run.code) });
    return this.module.encode();
  }

  // Small pieces of code.

  /** local += 1 (an i32 event counter). */
  private increment({ c }: Fn, local: number): void {
    c.get(local).i32Const(1).op(op["i32.add"]).set(local);
  }

  /** local64 += bytes (an i64 byte sum; `bytes` an i32 local, unsigned). */
  private addBytes({ c }: Fn, local64: number, bytes: number): void {
    c.get(local64).get(bytes).op(op["i64.extend_i32_u"], op["i64.add"]).set(local64);
  }

  /** counts<k>[index] += amount: a constant, or an i32 local read as unsigned. */
  private count({ c }: Fn, k: number, index: number, amount: number | { local: number }): void {
    const offset = this.levels[k]!.counts + 8 * index;
    c.i32Const(0).i32Const(0).memory("f64.load", offset);
    if (typeof amount === "number") c.f64Const(amount);
    else c.get(amount.local).op(op["f64.convert_i32_u"]);
    c.op(op["f64.add"]).memory("f64.store", offset);
  }

  /** Pushes the zero-nibble mask of the i32 on the stack (see PackedRecency); uses local `x`. */
  private zeroNibble({ c, v }: Fn): void {
    const x = v.of("x");
    c.tee(x).i32Const(NIBBLES_LOW).op(op["i32.and"]).i32Const(NIBBLES_LOW).op(op["i32.add"]);
    c.get(x).op(op["i32.or"]).i32Const(NIBBLES_HIGH).op(op["i32.and"]);
    c.i32Const(NIBBLES_HIGH).op(op["i32.xor"]);
  }

  /** Pops a zero-nibble mask; sets `p4` to 4 x the position of its nibble and pushes it. */
  private nibblePosition({ c, v }: Fn): void {
    const mask = v.of("mask");
    c.set(mask).i32Const(31).get(mask).op(op["i32.clz"], op["i32.sub"]);
    c.i32Const(-4).op(op["i32.and"]).tee(v.of("p4"));
  }

  /**
   * Pushes `value` with its nibble at position p4/4 removed, the nibbles below shifted up by one
   * and `pushNibble()` at position 0.
   */
  private shiftIn(fn: Fn, value: number, pushNibble: () => void): void {
    const { c, v } = fn;
    const below = v.of("below");
    c.i32Const(1).get(v.of("p4")).op(op["i32.shl"]).i32Const(1).op(op["i32.sub"]).set(below);
    c.get(value).get(below).i32Const(4).op(op["i32.shl"]).i32Const(15).op(op["i32.or"]);
    c.i32Const(-1).op(op["i32.xor"], op["i32.and"]);
    c.get(value).get(below).op(op["i32.and"]).i32Const(4).op(op["i32.shl"], op["i32.or"]);
    pushNibble();
    c.op(op["i32.or"]);
  }

  /** Sets `setRow<k>`: the byte offset of the set's words within the setWords region. */
  private setRow({ c, v }: Fn, k: number): number {
    const row = v.of(`setRow${k}`);
    c.get(v.of(`set${k}`))
      .i32Const(4 * this.levels[k]!.setStride)
      .op(op["i32.mul"])
      .set(row);
    return row;
  }

  // The pieces of a level's work, as in lru-fast-path-source.ts.

  /**
   * Looks up `line<k>` (i64): sets `lo<k>`, `hi<k>` (its words), `set<k>`, `row<k>` (byte offset
   * of the set's ways within a region) and `way<k>` (-1 when absent).
   */
  private lookup(fn: Fn, k: number): void {
    const { c, v } = fn;
    const level = this.levels[k]!;
    const [line, lo, hi] = [v.of(`line${k}`, t.i64), v.of(`lo${k}`), v.of(`hi${k}`)];
    const [set, row, way] = [v.of(`set${k}`), v.of(`row${k}`), v.of(`way${k}`)];
    c.get(line).op(op["i32.wrap_i64"]).tee(lo);
    c.get(line).i64Const(32).op(op["i64.shr_u"], op["i32.wrap_i64"]).set(hi);
    c.i32Const(level.sets - 1)
      .op(op["i32.and"])
      .tee(set);
    if (Number.isInteger(Math.log2(level.ways))) {
      c.i32Const(Math.log2(level.ways) + 2).op(op["i32.shl"]);
    } else {
      c.i32Const(4 * level.ways).op(op["i32.mul"]);
    }
    c.set(row);
    if (level.ways === 1) {
      // way = tagLo[row] == lo && tagHi[row] == hi ? 0 : -1
      c.i32Const(0).i32Const(-1);
      c.get(row).memory("i32.load", level.tagLo).get(lo).op(op["i32.eq"]);
      c.get(row).memory("i32.load", level.tagHi).get(hi).op(op["i32.eq"]);
      c.op(op["i32.and"], op.select).set(way);
      return;
    }
    // Compare the low words of the set's ways with the line's, four at a time; lanes past the
    // last way (the next set's) are masked off.
    const key = v.of(`key${k}`, t.v128);
    c.get(lo).simd(simdOp["i32x4.splat"]).set(key);
    const equal: number[] = [];
    for (let g = 0; g < level.groups; g++) {
      equal.push(v.of(`equal${k}_${g}`, t.v128));
      c.get(row)
        .v128Load(level.tagLo + 16 * g)
        .get(key)
        .simd(simdOp["i32x4.eq"]);
      const lanes = level.ways - 4 * g;
      if (lanes < 4) {
        c.v128Const([0, 1, 2, 3].map((lane) => (lane < lanes ? -1 : 0)));
        c.simd(simdOp["v128.and"]);
      }
      c.set(equal[g]!);
    }
    const found = `lookup${k}`;
    c.block(found, () => {
      c.i32Const(-1).set(way);
      c.get(equal[0]!);
      for (let g = 1; g < level.groups; g++) c.get(equal[g]!).simd(simdOp["v128.or"]);
      c.simd(simdOp["v128.any_true"]).op(op["i32.eqz"]).brIf(found);
      // Some low words match: the one whose high word matches too is the line (usually the only
      // candidate; lines differing only above bit 32 of the line number can share low words).
      const candidates = v.of(`candidates${k}`);
      for (let g = 0; g < level.groups; g++) {
        c.get(equal[g]!).simd(simdOp["i32x4.bitmask"]);
        if (g > 0) c.i32Const(4 * g).op(op["i32.shl"], op["i32.or"]);
      }
      c.set(candidates);
      c.loop(`candidate${k}`, () => {
        c.get(candidates).op(op["i32.ctz"]).tee(way);
        c.i32Const(2).op(op["i32.shl"]).get(row).op(op["i32.add"]);
        c.memory("i32.load", level.tagHi).get(hi).op(op["i32.eq"]).brIf(found);
        c.get(candidates).get(candidates).i32Const(1).op(op["i32.sub"], op["i32.and"]);
        c.tee(candidates).brIf(`candidate${k}`);
      });
      c.i32Const(-1).set(way);
    });
  }

  /** Moves `way<k>` to the front of its set's packed recency order. */
  private touch(fn: Fn, k: number): void {
    const { c, v } = fn;
    const level = this.levels[k]!;
    const way = v.of(`way${k}`);
    const setRow = this.setRow(fn, k);
    const low = v.of("low");
    const pattern = v.of("pattern");
    c.get(way).i32Const(REPEAT_NIBBLE).op(op["i32.mul"]).set(pattern);
    c.get(setRow)
      .memory("i32.load", level.setWords + 4)
      .tee(low);
    c.get(pattern).op(op["i32.xor"]);
    this.zeroNibble(fn);
    const storeLow = () => {
      this.nibblePosition(fn);
      c.if(() => {
        c.get(setRow);
        this.shiftIn(fn, low, () => c.get(way));
        c.memory("i32.store", level.setWords + 4);
      });
    };
    if (level.ways <= 8) {
      storeLow();
      return;
    }
    const inLow = v.of("inLow");
    c.tee(inLow).if(
      () => {
        c.get(inLow);
        storeLow();
      },
      () => {
        // In the second word: it moves up, and the first word's last nibble moves into it.
        const high = v.of("high");
        c.get(setRow)
          .memory("i32.load", level.setWords + 8)
          .tee(high);
        c.get(pattern).op(op["i32.xor"]);
        this.zeroNibble(fn);
        this.nibblePosition(fn);
        c.op(op.drop);
        c.get(setRow);
        this.shiftIn(fn, high, () => c.get(low).i32Const(28).op(op["i32.shr_u"]));
        c.memory("i32.store", level.setWords + 8);
        c.get(setRow).get(low).i32Const(4).op(op["i32.shl"]).get(way).op(op["i32.or"]);
        c.memory("i32.store", level.setWords + 4);
      },
    );
  }

  /**
   * Sets `victim<k>`: the least recently used way of the set (while it fills, the next empty
   * way), and moves it to the front of the order.
   */
  private takeVictim(fn: Fn, k: number): void {
    const { c, v } = fn;
    const level = this.levels[k]!;
    const victim = v.of(`victim${k}`);
    const setRow = this.setRow(fn, k);
    // Positions 0 .. n-1 of a word shift up by one nibble; the unused ones above keep their 15s.
    const moved = (n: number) => (n >= 8 ? -1 : (1 << (4 * n)) - 1);
    const shiftUp = (word: number, n: number, pushNibble: () => void) => {
      const mask = moved(n);
      c.get(word).i32Const(~mask).op(op["i32.and"]);
      c.get(word).i32Const(4).op(op["i32.shl"]).i32Const(mask).op(op["i32.and"], op["i32.or"]);
      pushNibble();
      c.op(op["i32.or"]);
    };
    const low = v.of("low");
    c.get(setRow)
      .memory("i32.load", level.setWords + 4)
      .set(low);
    if (level.ways <= 8) {
      c.get(low)
        .i32Const(4 * (level.ways - 1))
        .op(op["i32.shr_u"]);
      c.i32Const(15).op(op["i32.and"]).set(victim);
      c.get(setRow);
      shiftUp(low, level.ways, () => c.get(victim));
      c.memory("i32.store", level.setWords + 4);
      return;
    }
    const high = v.of("high");
    c.get(setRow)
      .memory("i32.load", level.setWords + 8)
      .tee(high);
    c.i32Const(4 * (level.ways - 9))
      .op(op["i32.shr_u"])
      .i32Const(15)
      .op(op["i32.and"]);
    c.set(victim);
    c.get(setRow);
    shiftUp(high, level.ways - 8, () => c.get(low).i32Const(28).op(op["i32.shr_u"]));
    c.memory("i32.store", level.setWords + 8);
    c.get(setRow).get(low).i32Const(4).op(op["i32.shl"]).get(victim).op(op["i32.or"]);
    c.memory("i32.store", level.setWords + 4);
  }

  /**
   * Places `line<k>`, absent, in the victim way: fetch it from below first, then write a dirty
   * victim back (CacheLevel.fill's order). Sets `slot<k>` (byte offset within a region).
   */
  private fill(fn: Fn, k: number, counting: Counting): void {
    const { c, v } = fn;
    const level = this.levels[k]!;
    const slot = v.of(`slot${k}`);
    this.takeVictim(fn, k);
    c.get(v.of(`row${k}`))
      .get(v.of(`victim${k}`))
      .i32Const(2)
      .op(op["i32.shl"], op["i32.add"]);
    c.set(slot);
    const below = k < this.last;
    if (below) {
      this.pushLineBelow(fn, k, () => c.get(v.of(`line${k}`, t.i64)));
      if (counting === "main") {
        c.set(v.of(`line${k + 1}`, t.i64));
        this.fetch(fn, k + 1);
      } else {
        c.call(this.loadAt[k + 1]!);
      }
    }
    c.get(slot)
      .memory("i32.load", level.dirty)
      .if(() => {
        c.get(slot).i32Const(0).memory("i32.store", level.dirty);
        if (counting === "main") this.increment(fn, v.of(`evicts${k}`));
        else {
          this.count(fn, k, counter.EVICT_COUNT, 1);
          this.count(fn, k, counter.EVICT_BYTE, level.lineBytes);
        }
        if (below) {
          // The victim's line number from its tag words, in the level below's lines.
          this.pushLineBelow(fn, k, () => {
            c.get(slot).memory("i32.load", level.tagHi).op(op["i64.extend_i32_u"]);
            c.i64Const(32).op(op["i64.shl"]);
            c.get(slot).memory("i32.load", level.tagLo).op(op["i64.extend_i32_u"], op["i64.or"]);
          });
          c.i32Const(level.lineBytes).call(this.storeAt[k + 1]!);
        }
      });
    c.get(slot)
      .get(v.of(`lo${k}`))
      .memory("i32.store", level.tagLo);
    c.get(slot)
      .get(v.of(`hi${k}`))
      .memory("i32.store", level.tagHi);
  }

  /** Pushes the line of level k+1 that holds the line of level k that `pushLine()` pushes. */
  private pushLineBelow({ c }: Fn, k: number, pushLine: () => void): void {
    pushLine();
    const down = this.levels[k]!.down;
    if (down > 0) c.i64Const(down).op(op["i64.shr_u"]);
  }

  /** Looks up `line<k>` (see lookup), then runs `present` or `absent`. */
  private ifPresent(fn: Fn, k: number, present: () => void, absent: () => void): void {
    this.lookup(fn, k);
    fn.c
      .get(fn.v.of(`way${k}`))
      .i32Const(0)
      .op(op["i32.ge_s"]);
    fn.c.if(present, absent);
  }

  /** The main loop's fetch of `line<k>` at level k >= 1, inline; it counts only its misses. */
  private fetch(fn: Fn, k: number): void {
    const { v } = fn;
    this.ifPresent(
      fn,
      k,
      () => this.touch(fn, k),
      () => {
        this.increment(fn, v.of(`misses${k}`));
        this.fill(fn, k, "main");
      },
    );
  }

  /**
   * Looks up `line<k>` for a request of `bytes` (a constant or a local) outside the main chain:
   * a hit counts and refreshes the line, a miss counts and then runs `onMiss`.
   */
  private countedLookup(
    fn: Fn,
    k: number,
    bytes: number | { local: number },
    onMiss: () => void,
  ): void {
    this.ifPresent(
      fn,
      k,
      () => {
        this.count(fn, k, counter.HIT_COUNT, 1);
        this.count(fn, k, counter.HIT_BYTE, bytes);
        this.touch(fn, k);
      },
      () => {
        this.count(fn, k, counter.MISS_COUNT, 1);
        this.count(fn, k, counter.MISS_BYTE, bytes);
        onMiss();
      },
    );
  }

  /** loadAt<k>(line): a fetch of a whole line of level k-1 arriving outside the main chain. */
  private loadAtFunction(k: number, fn: Fn): void {
    const { c, v } = fn;
    const bytes = this.levels[k - 1]!.lineBytes;
    c.get(0).set(v.of(`line${k}`, t.i64));
    this.count(fn, k, counter.LOAD_COUNT, 1);
    this.count(fn, k, counter.LOAD_BYTE, bytes);
    this.countedLookup(fn, k, bytes, () => this.fill(fn, k, "helper"));
  }

  /** storeAt<k>(line, bytes): a write-back or a forwarded store of `bytes` within the line. */
  private storeAtFunction(k: number, fn: Fn): void {
    const { c, v } = fn;
    const level = this.levels[k]!;
    const bytes = { local: 1 };
    const way = v.of(`way${k}`);
    c.get(0).set(v.of(`line${k}`, t.i64));
    this.count(fn, k, counter.STORE_COUNT, 1);
    this.count(fn, k, counter.STORE_BYTE, bytes);
    if (!level.writeBack) {
      // Hardware semantics look the line up (nothing is allocated on a miss); pycachesim's don't.
      if (this.hardware) {
        this.countedLookup(fn, k, bytes, () => {
          this.count(fn, k, counter.UNFILLED_MISS_COUNT, 1);
          this.count(fn, k, counter.UNFILLED_MISS_BYTE, bytes);
        });
      }
      this.count(fn, k, counter.EVICT_COUNT, 1);
      this.count(fn, k, counter.EVICT_BYTE, bytes);
      this.forward(fn, k, bytes.local);
      return;
    }
    this.ifPresent(
      fn,
      k,
      () => {
        // pycachesim: a store hit is neither counted nor refreshes recency.
        if (this.hardware) {
          this.count(fn, k, counter.HIT_COUNT, 1);
          this.count(fn, k, counter.HIT_BYTE, bytes);
          this.touch(fn, k);
        }
        this.markDirty(fn, k, () => {
          c.get(v.of(`row${k}`))
            .get(way)
            .i32Const(2)
            .op(op["i32.shl"], op["i32.add"]);
        });
      },
      () => {
        this.count(fn, k, counter.LOAD_COUNT, 1);
        this.count(fn, k, counter.LOAD_BYTE, level.lineBytes);
        this.count(fn, k, counter.MISS_COUNT, 1);
        this.count(fn, k, counter.MISS_BYTE, level.lineBytes);
        this.fill(fn, k, "helper");
        this.markDirty(fn, k, () => c.get(v.of(`slot${k}`)));
      },
    );
  }

  /** dirty[slot] = 1 for the slot's byte offset that `pushSlot()` pushes. */
  private markDirty({ c }: Fn, k: number, pushSlot: () => void): void {
    pushSlot();
    c.i32Const(1).memory("i32.store", this.levels[k]!.dirty);
  }

  /** A write-through level passes a store's bytes in `line<k>` on to the level below. */
  private forward(fn: Fn, k: number, bytes: number): void {
    if (k === this.last) return;
    this.pushLineBelow(fn, k, () => fn.c.get(fn.v.of(`line${k}`, t.i64)));
    fn.c.get(bytes).call(this.storeAt[k + 1]!);
  }

  // The main loop.

  /** Remembers the first-level line just touched and its slot (see `repeated`). */
  private remember({ c, v }: Fn, pushSlot: () => void): void {
    pushSlot();
    c.set(v.of("lastSlot"));
    c.get(v.of("line0", t.i64)).set(v.of("lastLine", t.i64));
  }

  /** A first-level load (not of the line touched last). */
  private firstLoad(fn: Fn): void {
    const { c, v } = fn;
    this.ifPresent(
      fn,
      0,
      () => {
        this.touch(fn, 0);
        this.remember(fn, () => this.pushWaySlot(fn));
      },
      () => {
        this.increment(fn, v.of("loadMisses"));
        if (this.shape.sizePerAccess)
          this.addBytes(fn, v.of("loadMissBytes", t.i64), v.of("bytes"));
        this.fill(fn, 0, "main");
        this.remember(fn, () => c.get(v.of("slot0")));
      },
    );
  }

  /** Pushes the byte offset of `way0`'s slot. */
  private pushWaySlot({ c, v }: Fn): void {
    c.get(v.of("row0")).get(v.of("way0")).i32Const(2).op(op["i32.shl"], op["i32.add"]);
  }

  /** A first-level store (not of the line touched last, or at a write-through level). */
  private firstStore(fn: Fn): void {
    const { c, v } = fn;
    const first = this.levels[0]!;
    const sized = this.shape.sizePerAccess;
    const bytes = v.of("bytes");
    this.increment(fn, v.of("storesSeen"));
    if (sized) this.addBytes(fn, v.of("storeBytes", t.i64), bytes);
    const hit = () => {
      this.increment(fn, v.of("storeHits"));
      if (sized) this.addBytes(fn, v.of("storeHitBytes", t.i64), bytes);
      this.touch(fn, 0);
      this.remember(fn, () => this.pushWaySlot(fn));
    };
    if (!first.writeBack) {
      if (this.hardware) {
        this.ifPresent(fn, 0, hit, () => {
          this.increment(fn, v.of("storeMisses"));
          if (sized) this.addBytes(fn, v.of("storeMissBytes", t.i64), bytes);
        });
      }
      this.forward(fn, 0, bytes);
      return;
    }
    this.ifPresent(
      fn,
      0,
      () => {
        // pycachesim: a store hit is neither counted nor refreshes recency.
        if (this.hardware) hit();
        this.markDirty(fn, 0, () => this.pushWaySlot(fn));
      },
      () => {
        this.increment(fn, v.of("storeMisses"));
        this.fill(fn, 0, "main");
        this.markDirty(fn, 0, () => c.get(v.of("slot0")));
        this.remember(fn, () => c.get(v.of("slot0")));
      },
    );
  }

  /**
   * An access within the first-level line touched last: a load is a hit that changes nothing, a
   * store at a write-back level only marks the line dirty; both continue with the next access.
   * A store at a write-through level falls through to the full path (it always goes below).
   */
  private repeated(fn: Fn, next: string): void {
    const { c, v } = fn;
    if (!this.shape.hasStores) {
      c.br(next);
      return;
    }
    const isStore = v.of("isStore");
    if (!this.levels[0]!.writeBack) {
      c.get(isStore).op(op["i32.eqz"]).brIf(next);
      return;
    }
    c.get(isStore).if(() => {
      const bytes = v.of("bytes");
      this.increment(fn, v.of("storesSeen"));
      if (this.shape.sizePerAccess) this.addBytes(fn, v.of("storeBytes", t.i64), bytes);
      if (this.hardware) {
        this.increment(fn, v.of("storeHits"));
        if (this.shape.sizePerAccess) this.addBytes(fn, v.of("storeHitBytes", t.i64), bytes);
      }
      this.markDirty(fn, 0, () => c.get(v.of("lastSlot")));
    });
    c.br(next);
  }

  /** Stores the main loop's event counters as f64 at the layout's `events`. */
  private storeEvents(fn: Fn): void {
    const { c, v } = fn;
    const stored: Array<[number, string, ValueType]> = [
      [event.ACCESSES, "accesses", t.i32],
      [event.STORES, "storesSeen", t.i32],
      [event.STORE_HITS, "storeHits", t.i32],
      [event.STORE_MISSES, "storeMisses", t.i32],
      [event.LOAD_MISSES, "loadMisses", t.i32],
      ...this.levels.flatMap(
        (_, k): Array<[number, string, ValueType]> => [
          [event.missesAt(k), `misses${k}`, t.i32],
          [event.evictsAt(k), `evicts${k}`, t.i32],
        ],
      ),
    ];
    if (this.shape.sizePerAccess) {
      stored.push(
        [event.ACCESS_BYTES, "totalBytes", t.i64],
        [event.STORE_BYTES, "storeBytes", t.i64],
        [event.STORE_HIT_BYTES, "storeHitBytes", t.i64],
        [event.STORE_MISS_BYTES, "storeMissBytes", t.i64],
        [event.LOAD_MISS_BYTES, "loadMissBytes", t.i64],
      );
    }
    for (const [at, name, type] of stored) {
      c.i32Const(0).get(v.of(name, type));
      c.op(type === t.i64 ? op["f64.convert_i64_u"] : op["f64.convert_i32_u"]);
      c.memory("f64.store", this.layout.events + 8 * at);
    }
  }

  /** run(from, to, size) -> next: the loop over a chunk of the trace. */
  private runFunction(fn: Fn): void {
    const { c, v } = fn;
    const { hasStores, sizePerAccess } = this.shape;
    const line0 = this.levels[0]!.lineBytes;
    const [from, to, size] = [0, 1, 2];
    const i = v.of("i");
    const bytes = v.of("bytes");
    const fit = v.of("fit");
    const address = v.of("address", t.i64);
    const line = v.of("line0", t.i64);
    const lastLine = v.of("lastLine", t.i64);
    // No line touched yet: line numbers are below 2^53, never 2^64-1.
    c.i64Const(-1).set(lastLine);
    c.get(from).set(i);
    if (!sizePerAccess) {
      // One size for all; larger than a line, every access spans lines: the general path's.
      c.get(size).set(bytes);
      c.get(size)
        .i32Const(line0)
        .op(op["i32.gt_u"])
        .if(() => c.get(from).return());
      c.i32Const(line0).get(size).op(op["i32.sub"]).set(fit);
    }
    c.block("exit", () => {
      c.loop("loop", () => {
        c.get(i).get(to).op(op["i32.ge_u"]).brIf("exit");
        c.block("next", () => {
          c.get(i).i32Const(3).op(op["i32.shl"]).memory("f64.load", this.layout.addresses);
          c.op(op["i64.trunc_f64_u"]).set(address);
          if (sizePerAccess) {
            c.get(i).i32Const(2).op(op["i32.shl"]).memory("i32.load", this.layout.sizes).tee(bytes);
            c.i32Const(line0).op(op["i32.gt_u"]).brIf("exit");
            c.i32Const(line0).get(bytes).op(op["i32.sub"]).set(fit);
          }
          if (hasStores) {
            c.get(i).memory("i32.load8_u", this.layout.stores).i32Const(1).op(op["i32.eq"]);
            c.set(v.of("isStore"));
          }
          // Spans two first-level lines: the general path's (the caller's) to simulate.
          c.get(address)
            .op(op["i32.wrap_i64"])
            .i32Const(line0 - 1)
            .op(op["i32.and"]);
          c.get(fit).op(op["i32.gt_u"]).brIf("exit");
          if (sizePerAccess) this.addBytes(fn, v.of("totalBytes", t.i64), bytes);
          c.get(address).i64Const(this.levels[0]!.shift).op(op["i64.shr_u"]).tee(line);
          c.get(lastLine)
            .op(op["i64.eq"])
            .if(() => this.repeated(fn, "next"));
          if (hasStores) {
            c.get(v.of("isStore")).if(
              () => this.firstStore(fn),
              () => this.firstLoad(fn),
            );
          } else {
            this.firstLoad(fn);
          }
        });
        c.get(i).i32Const(1).op(op["i32.add"]).set(i);
        c.br("loop");
      });
    });
    c.get(i).get(from).op(op["i32.sub"]).set(v.of("accesses"));
    this.storeEvents(fn);
    c.get(i);
  }
}
