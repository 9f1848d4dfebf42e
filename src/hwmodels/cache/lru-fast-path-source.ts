import * as event from "./fast-path-events.ts";
import type { FastLevelShape, FastPathShape } from "./fast-path-shape.ts";
import * as counter from "./level-counters.ts";
import { regionOffsets } from "./level-state.ts";

/**
 * JavaScript source of the LRU fast path for one hierarchy shape: the body of a function of
 * `levels` (per level: `memory`, the Int32Array of its LevelState, and `counts`, a Float64Array
 * indexed as in level-counters.ts) and `events` (a Float64Array, see fast-path-events.ts) that
 * returns `run(addresses, stores, sizes, size, start)`. `run` simulates accesses from `start` on,
 * leaves what its main loop counted in `events` (the helpers add to `counts`), and returns the
 * index of the first access it did not simulate: the end, or an access that does not fit in one
 * first-level line (the caller runs that one through the general path and calls again).
 *
 * Why generate code: with the geometry as literals, the way scan unrolls into a chain of compares
 * against constant offsets, set indices become masks and shifts, region offsets fold into the
 * indices, and every branch on policy, write policy and semantics disappears. V8 compiles that
 * into code about twice as fast as the same loop over runtime values. The rules are those of
 * CacheLevel, which stays the reference: tests hold the two to identical counts.
 *
 * Requests between levels are line numbers of the receiving level as two int32 words, `hi` and
 * `lo` (line n of level k lies in line n >> (log2 lineBytes of k+1 - log2 lineBytes of k) of
 * level k+1). The main loop inlines the common chain (a first-level access, then the fetch of
 * each level that misses). Rarer requests (dirty write-backs, forwarded stores, and the fetches
 * they cause) go through one function per level, `loadAt<k>` and `storeAt<k>`.
 *
 * Counting: the main loop counts only events it cannot derive (misses, stores, evictions) in
 * locals and stores them in `events` when it returns; the caller derives the rest
 * (addMainLoopCounts). A hit costs no counter at all. The helpers add to `counts` directly.
 */
export function lruFastPathSource(shape: FastPathShape): string {
  return new Emitter(shape).source();
}

/**
 * How a piece of emitted code counts: the main loop's event counters (and its fetch chain
 * inline), or the helpers' direct adds to `counts<k>` (and fetches through `loadAt<k>`).
 */
type Counting = "main" | "helper";

class Emitter {
  private readonly levels: FastLevelShape[];
  private readonly hardware: boolean;
  private readonly last: number;

  constructor(private readonly shape: FastPathShape) {
    this.levels = shape.levels;
    this.hardware = shape.semantics === "hardware";
    this.last = shape.levels.length - 1;
  }

  source(): string {
    const parts = ['"use strict";', this.arrays()];
    for (let k = 1; k < this.levels.length; k++) {
      parts.push(this.loadAtFunction(k), this.storeAtFunction(k));
    }
    parts.push(this.runFunction(), "return run;");
    return parts.join("\n");
  }

  /**
   * Declares the levels' arrays for the helpers; `run` reads them into its own locals once per
   * call, so its loop never goes through the closure's context.
   */
  private arrays(): string {
    return this.levels
      .map((_, k) => `const memory${k} = levels[${k}].memory, counts${k} = levels[${k}].counts;`)
      .join("\n");
  }

  /** An element of a region of level k's memory: the offset folds into the index. */
  private at(k: number, region: "tagLo" | "tagHi" | "dirty" | "setWords", index: string): string {
    const { sets, ways } = this.levels[k]!;
    const offset = regionOffsets(sets * ways)[region];
    return `memory${k}[${offset === 0 ? index : `${offset} + ${index}`}]`;
  }

  private shift(k: number): number {
    return Math.log2(this.levels[k]!.lineBytes);
  }

  /** Adds to a counter of `counts<k>` (index from level-counters.ts). */
  private add(k: number, index: number, amount: string): string {
    return `counts${k}[${index}] += ${amount};`;
  }

  /**
   * Declares `lineHi<t>`, `lineLo<t>`: the line of level k+1 that holds line `hi`:`lo` of level k
   * (a 64-bit shift right by the difference of the line-size exponents).
   */
  private lineBelow(k: number, hi: string, lo: string, t: string): string {
    const d = this.shift(k + 1) - this.shift(k);
    if (d === 0) return `const lineHi${t} = ${hi}, lineLo${t} = ${lo};`;
    return `const lineHi${t} = ${hi} >>> ${d}, lineLo${t} = (${lo} >>> ${d}) | (${hi} << ${32 - d});`;
  }

  /** Declares `set<s>`, `base<s>` and `way<s>` (-1 when absent) for line hi:lo of level k. */
  private lookup(k: number, hi: string, lo: string, s: string): string {
    const { sets, ways } = this.levels[k]!;
    const base =
      ways > 1 && Number.isInteger(Math.log2(ways))
        ? `set${s} << ${Math.log2(ways)}`
        : `set${s} * ${ways}`;
    // An unrolled chain: each way is one compare against a constant offset, and the chain stops
    // at the first match. Empty ways hold a line of another set, so they never match.
    const scan = Array.from(
      { length: ways },
      (_, w) =>
        `if (${this.at(k, "tagLo", `base${s} + ${w}`)} === ${lo} && ${this.at(k, "tagHi", `base${s} + ${w}`)} === ${hi}) way${s} = ${w};`,
    ).join("\n    else ");
    return `const set${s} = ${lo} & ${sets - 1};
    const base${s} = ${base};
    let way${s} = -1;
    ${scan}`;
  }

  /**
   * Moves way `way<s>` to the front of its set's packed recency order (see PackedRecency): find
   * its nibble with a branch-free zero-nibble test, shift the nibbles before it up by one.
   */
  private touch(k: number, s: string): string {
    const { ways, setStride } = this.levels[k]!;
    const word = (plus: string) => this.at(k, "setWords", `set${s} * ${setStride} + ${plus}`);
    const shiftIn = (value: string, position: string, nibble: string) =>
      `(${value} & ~((((1 << (${position} << 2)) - 1) << 4) | 15)) | ((${value} & ((1 << (${position} << 2)) - 1)) << 4) | ${nibble}`;
    const zeroNibble = (value: string) =>
      `~((((${value} & 0x77777777) + 0x77777777) | ${value})) & 0x88888888`;
    if (ways <= 8) {
      return `{
      const order = ${word("1")};
      const position = (31 - Math.clz32(${zeroNibble(`(order ^ Math.imul(way${s}, 0x11111111))`)})) >>> 2;
      if (position !== 0) ${word("1")} = ${shiftIn("order", "position", `way${s}`)};
    }`;
    }
    return `{
      const orderLow = ${word("1")};
      const pattern = Math.imul(way${s}, 0x11111111);
      const inLow = ${zeroNibble("(orderLow ^ pattern)")};
      if (inLow !== 0) {
        const position = (31 - Math.clz32(inLow)) >>> 2;
        if (position !== 0) ${word("1")} = ${shiftIn("orderLow", "position", `way${s}`)};
      } else {
        const orderHigh = ${word("2")};
        const position = (31 - Math.clz32(${zeroNibble("(orderHigh ^ pattern)")})) >>> 2;
        ${word("2")} = ${shiftIn("orderHigh", "position", "(orderLow >>> 28)")};
        ${word("1")} = (orderLow << 4) | way${s};
      }
    }`;
  }

  /**
   * Declares `victim<s>`: the least recently used way of the set (while the set fills, the next
   * empty way: the order starts as ways-1, ..., 0), moved to the front of the order.
   */
  private takeVictim(k: number, s: string): string {
    const { ways, setStride } = this.levels[k]!;
    const word = (plus: string) => this.at(k, "setWords", `set${s} * ${setStride} + ${plus}`);
    // Positions 0 .. ways-1 shift up by one nibble; unused positions above keep their 15s.
    const moved = (count: number) => (count >= 8 ? -1 : (1 << (4 * count)) - 1);
    if (ways <= 8) {
      const mask = moved(ways);
      return `const order${s} = ${word("1")};
    const victim${s} = (order${s} >>> ${4 * (ways - 1)}) & 15;
    ${word("1")} = (order${s} & ${~mask}) | ((order${s} << 4) & ${mask}) | victim${s};`;
    }
    const mask = moved(ways - 8);
    return `const low${s} = ${word("1")}, high${s} = ${word("2")};
    const victim${s} = (high${s} >>> ${4 * (ways - 9)}) & 15;
    ${word("2")} = (high${s} & ${~mask}) | ((high${s} << 4) & ${mask}) | (low${s} >>> 28);
    ${word("1")} = (low${s} << 4) | victim${s};`;
  }

  /**
   * Places line hi:lo, absent from level k, in the victim way: fetch it from below first, then
   * write a dirty victim back (CacheLevel.fill's order). Declares `slot<s>`.
   */
  private fill(k: number, hi: string, lo: string, s: string, counting: Counting): string {
    const { lineBytes } = this.levels[k]!;
    const parts = [this.takeVictim(k, s), `const slot${s} = base${s} + victim${s};`];
    const below = k < this.last;
    if (below) {
      const t = `${s}f`;
      parts.push(this.lineBelow(k, hi, lo, t));
      parts.push(
        counting === "main"
          ? this.fetch(k + 1, `lineHi${t}`, `lineLo${t}`, t)
          : `loadAt${k + 1}(lineHi${t}, lineLo${t});`,
      );
    }
    const counted =
      counting === "main"
        ? `evicts${k}++;`
        : `${this.add(k, counter.EVICT_COUNT, "1")} ${this.add(k, counter.EVICT_BYTE, String(lineBytes))}`;
    const writeBack = below
      ? `${this.lineBelow(k, this.at(k, "tagHi", `slot${s}`), this.at(k, "tagLo", `slot${s}`), `${s}v`)}
      storeAt${k + 1}(lineHi${s}v, lineLo${s}v, ${lineBytes});`
      : "";
    parts.push(`if (${this.at(k, "dirty", `slot${s}`)} !== 0) {
      ${this.at(k, "dirty", `slot${s}`)} = 0;
      ${counted}
      ${writeBack}
    }
    ${this.at(k, "tagLo", `slot${s}`)} = ${lo};
    ${this.at(k, "tagHi", `slot${s}`)} = ${hi};`);
    return parts.join("\n    ");
  }

  /** The main loop's fetch at level k >= 1, inline; it counts only its misses. */
  private fetch(k: number, hi: string, lo: string, s: string): string {
    return `{
    ${this.lookup(k, hi, lo, s)}
    if (way${s} >= 0) {
      ${this.touch(k, s)}
    } else {
      misses${k}++;
      ${this.fill(k, hi, lo, s, "main")}
    }
  }`;
  }

  /** A fetch arriving at level k >= 1 from a helper: a load of the whole line of level k-1. */
  private loadAtFunction(k: number): string {
    const bytes = String(this.levels[k - 1]!.lineBytes);
    return `function loadAt${k}(hi, lo) {
    ${this.add(k, counter.LOAD_COUNT, "1")}
    ${this.add(k, counter.LOAD_BYTE, bytes)}
    ${this.lookup(k, "hi", "lo", "")}
    if (way >= 0) {
      ${this.add(k, counter.HIT_COUNT, "1")}
      ${this.add(k, counter.HIT_BYTE, bytes)}
      ${this.touch(k, "")}
    } else {
      ${this.add(k, counter.MISS_COUNT, "1")}
      ${this.add(k, counter.MISS_BYTE, bytes)}
      ${this.fill(k, "hi", "lo", "", "helper")}
    }
  }`;
  }

  /** A store request of `bytes` within line hi:lo of level k >= 1 (a write-back or forward). */
  private storeAtFunction(k: number): string {
    const { writeBack, lineBytes } = this.levels[k]!;
    const head = `${this.add(k, counter.STORE_COUNT, "1")} ${this.add(k, counter.STORE_BYTE, "bytes")}`;
    if (!writeBack) {
      const lookup = this.hardware
        ? `${this.lookup(k, "hi", "lo", "")}
    if (way >= 0) {
      ${this.add(k, counter.HIT_COUNT, "1")} ${this.add(k, counter.HIT_BYTE, "bytes")}
      ${this.touch(k, "")}
    } else {
      ${this.add(k, counter.MISS_COUNT, "1")} ${this.add(k, counter.MISS_BYTE, "bytes")}
      ${this.add(k, counter.UNFILLED_MISS_COUNT, "1")} ${this.add(k, counter.UNFILLED_MISS_BYTE, "bytes")}
    }`
        : "";
      return `function storeAt${k}(hi, lo, bytes) {
    ${head}
    ${lookup}
    ${this.add(k, counter.EVICT_COUNT, "1")} ${this.add(k, counter.EVICT_BYTE, "bytes")}
    ${this.forward(k, "hi", "lo", "", "bytes")}
  }`;
    }
    const line = String(lineBytes);
    return `function storeAt${k}(hi, lo, bytes) {
    ${head}
    ${this.lookup(k, "hi", "lo", "")}
    if (way >= 0) {
      ${this.hardware ? `${this.add(k, counter.HIT_COUNT, "1")} ${this.add(k, counter.HIT_BYTE, "bytes")} ${this.touch(k, "")}` : PYCACHESIM_STORE_HIT}
      ${this.at(k, "dirty", "base + way")} = 1;
    } else {
      ${this.add(k, counter.LOAD_COUNT, "1")} ${this.add(k, counter.LOAD_BYTE, line)}
      ${this.add(k, counter.MISS_COUNT, "1")} ${this.add(k, counter.MISS_BYTE, line)}
      ${this.fill(k, "hi", "lo", "", "helper")}
      ${this.at(k, "dirty", "slot")} = 1;
    }
  }`;
  }

  /** A write-through level passes a store's bytes in line hi:lo on to the level below. */
  private forward(k: number, hi: string, lo: string, s: string, bytes: string): string {
    if (k === this.last) return "";
    return `${this.lineBelow(k, hi, lo, `${s}w`)}
    storeAt${k + 1}(lineHi${s}w, lineLo${s}w, ${bytes});`;
  }

  /** `total += bytes` where sizes vary per access; with one size the sum is derived. */
  private bytesOf(total: string): string {
    return this.shape.sizePerAccess ? `${total} += bytes;` : "";
  }

  /** A first-level load (not of the line touched last). */
  private firstLoad(): string {
    return `${this.lookup(0, "hi", "lo", "")}
      if (way >= 0) {
        ${this.touch(0, "")}
        lastSlot = base + way;
      } else {
        loadMisses++;
        ${this.bytesOf("loadMissBytes")}
        ${this.fill(0, "hi", "lo", "", "main")}
        lastSlot = slot;
      }
      lastStart = line * ${this.levels[0]!.lineBytes};`;
  }

  /** A first-level store (not of the line touched last, or at a write-through level). */
  private firstStore(): string {
    const first = this.levels[0]!;
    const remember = `lastStart = line * ${first.lineBytes};`;
    const counted = `storesSeen++; ${this.bytesOf("storeBytes")}`;
    if (!first.writeBack) {
      const lookup = this.hardware
        ? `${this.lookup(0, "hi", "lo", "")}
      if (way >= 0) {
        storeHits++; ${this.bytesOf("storeHitBytes")}
        ${this.touch(0, "")}
        lastSlot = base + way;
        ${remember}
      } else {
        storeMisses++; ${this.bytesOf("storeMissBytes")}
      }`
        : "";
      return `${counted}
      ${lookup}
      ${this.forward(0, "hi", "lo", "", "bytes")}`;
    }
    const hit = this.hardware
      ? `storeHits++; ${this.bytesOf("storeHitBytes")}
        ${this.touch(0, "")}
        lastSlot = base + way;
        ${remember}`
      : PYCACHESIM_STORE_HIT;
    return `${counted}
      ${this.lookup(0, "hi", "lo", "")}
      if (way >= 0) {
        ${hit}
        ${this.at(0, "dirty", "base + way")} = 1;
      } else {
        storeMisses++;
        ${this.fill(0, "hi", "lo", "", "main")}
        ${this.at(0, "dirty", "slot")} = 1;
        lastSlot = slot;
        ${remember}
      }`;
  }

  /**
   * An access within the first-level line touched last: that line is the most recently used of
   * its set, so a load is a hit that changes nothing (counted as one of the accesses) and a store
   * at a write-back level only marks it dirty. A store at a write-through level always goes
   * below: it takes the full path.
   */
  private repeated(): string {
    const { hasStores } = this.shape;
    if (!hasStores) return "continue;";
    if (!this.levels[0]!.writeBack) return "if (!isStore) continue;";
    return `if (isStore) {
          storesSeen++; ${this.bytesOf("storeBytes")}
          ${this.hardware ? `storeHits++; ${this.bytesOf("storeHitBytes")}` : ""}
          ${this.at(0, "dirty", "lastSlot")} = 1;
        }
        continue;`;
  }

  /** Stores the main loop's event counters in `events` (see fast-path-events.ts). */
  private storeEvents(): string {
    const { sizePerAccess } = this.shape;
    const stored: Array<[number, string]> = [
      [event.ACCESSES, "i - start"],
      [event.STORES, "storesSeen"],
      [event.STORE_HITS, "storeHits"],
      [event.STORE_MISSES, "storeMisses"],
      [event.LOAD_MISSES, "loadMisses"],
      ...this.levels.flatMap(
        (_, k): Array<[number, string]> => [
          [event.missesAt(k), `misses${k}`],
          [event.evictsAt(k), `evicts${k}`],
        ],
      ),
    ];
    if (sizePerAccess) {
      stored.push(
        [event.ACCESS_BYTES, "totalBytes"],
        [event.STORE_BYTES, "storeBytes"],
        [event.STORE_HIT_BYTES, "storeHitBytes"],
        [event.STORE_MISS_BYTES, "storeMissBytes"],
        [event.LOAD_MISS_BYTES, "loadMissBytes"],
      );
    }
    return stored.map(([at, value]) => `events[${at}] = ${value};`).join("\n  ");
  }

  /** The main loop over the trace; the first level's accesses never leave one of its lines. */
  private runFunction(): string {
    const first = this.levels[0]!;
    const { hasStores, sizePerAccess } = this.shape;
    const line = first.lineBytes;
    const counters = [
      "storesSeen = 0, storeBytes = 0, storeHits = 0, storeHitBytes = 0",
      "storeMisses = 0, storeMissBytes = 0, loadMisses = 0, loadMissBytes = 0, totalBytes = 0",
      ...this.levels.map((_, k) => `misses${k} = 0, evicts${k} = 0`),
    ].join(",\n    ");
    const access = hasStores
      ? `if (isStore) {
      ${this.firstStore()}
    } else {
      ${this.firstLoad()}
    }`
      : this.firstLoad();
    return `function run(addresses, stores, sizes, size, start) {
  ${this.levels.map((_, k) => `const memory${k} = levels[${k}].memory;`).join(" ")}
  let ${counters};
  // Where the first-level line touched last starts (far below 0: none yet), and its slot.
  let lastStart = ${-2 * line}, lastSlot = 0;
  // The bytes an access may start past the start of its line; never negative (the line test
  // below needs that): a larger access spans lines, the general path's.
  ${
    sizePerAccess
      ? ""
      : `const fit = ${line} - size;
  if (fit < 0) return start;`
  }
  const count = addresses.length;
  let i = start;
  for (; i < count; i++) {
    const address = addresses[i];
    ${
      sizePerAccess
        ? `const bytes = sizes[i];
    if (bytes > ${line}) break;
    totalBytes += bytes;
    const fit = ${line} - bytes;`
        : "const bytes = size;"
    }
    ${hasStores ? "const isStore = stores[i] === 1;" : ""}
    // Within the line touched last (0 <= offset <= fit) without a division, and with one branch:
    // testing the two bounds apart is a coin flip on random traces, and mispredicts half the
    // time. The product's sign is exact, as both factors are integers below 2^53.
    const offset = address - lastStart;
    if (offset * (offset - fit) <= 0) {
      ${this.repeated()}
    }
    // Exact: addresses are integers below 2^53 and the line size is a power of two.
    const line = Math.floor(address * ${1 / line});
    // Spans two lines: the general path's (the caller's) to simulate.
    if (address - line * ${line} > fit) {
      ${sizePerAccess ? "totalBytes -= bytes;" : ""}
      break;
    }
    const lo = line | 0;
    const hi = line < 4294967296 ? 0 : Math.floor(line / 4294967296);
    ${access}
  }
  ${this.storeEvents()}
  return i;
}`;
  }
}

const PYCACHESIM_STORE_HIT = "// pycachesim: a store hit is neither counted nor refreshes recency.";
