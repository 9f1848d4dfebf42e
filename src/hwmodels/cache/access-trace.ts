import { isValidAccessSize, runsPast64Bits, splitAddress } from "./address.ts";

/**
 * In-process traces: what code that generates addresses hands the simulator, with no text.
 *
 * `addresses` as a Float64Array (or number array) holds integer byte addresses below 2^53, the
 * fast path; a BigUint64Array holds any 64-bit address.
 */
export interface AccessTrace {
  /** Byte addresses, in program order. */
  addresses: ArrayLike<number> | BigUint64Array;
  /** Per access, 1 for a store and 0 for a load; omitted: every access is a load. */
  stores?: ArrayLike<number>;
  /** Bytes per access: one size for all, or one per access. Defaults to 1. */
  bytes?: number | ArrayLike<number>;
}

/** Kinds of records in an AccessBatch. */
export const ACCESS_LOAD = 0;
export const ACCESS_STORE = 1;
/** Write every dirty line back (Dinero's copy-back record); no address. */
export const ACCESS_FLUSH = 2;

/**
 * A block of trace records in columnar typed arrays: kind, start address as two unsigned 32-bit
 * words (`hi`, `lo`: address = hi * 2^32 + lo), size in bytes. Parsers fill one and hand it on
 * when it reaches its chunk size, so a trace of any length streams through bounded memory; the
 * simulator also uses them to pass requests from one level to the next. Grows when pushed past
 * its capacity.
 */
export class AccessBatch {
  kinds: Uint8Array;
  hi: Uint32Array;
  lo: Uint32Array;
  bytes: Uint32Array;
  length = 0;

  constructor(capacity = 4096) {
    this.kinds = new Uint8Array(capacity);
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.bytes = new Uint32Array(capacity);
  }

  get capacity(): number {
    return this.kinds.length;
  }

  pushLoad(hi: number, lo: number, bytes: number): void {
    this.push(ACCESS_LOAD, hi, lo, bytes);
  }

  pushStore(hi: number, lo: number, bytes: number): void {
    this.push(ACCESS_STORE, hi, lo, bytes);
  }

  pushFlush(): void {
    this.push(ACCESS_FLUSH, 0, 0, 0);
  }

  push(kind: number, hi: number, lo: number, bytes: number): void {
    const i = this.length;
    if (i === this.kinds.length) this.grow();
    this.kinds[i] = kind;
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.bytes[i] = bytes;
    this.length = i + 1;
  }

  clear(): void {
    this.length = 0;
  }

  private grow(): void {
    const capacity = 2 * this.kinds.length;
    this.kinds = copyInto(new Uint8Array(capacity), this.kinds);
    this.hi = copyInto(new Uint32Array(capacity), this.hi);
    this.lo = copyInto(new Uint32Array(capacity), this.lo);
    this.bytes = copyInto(new Uint32Array(capacity), this.bytes);
  }
}

function copyInto<T extends Uint8Array | Uint32Array>(target: T, source: T): T {
  target.set(source);
  return target;
}

/**
 * Checks an in-process trace: every address an integer in 0 .. 2^53-1 (Float64Array, number[])
 * or 0 .. 2^64-1 (BigUint64Array), every size 1 .. 2^32-1, no access running past 2^64, and
 * `stores`/`bytes` arrays as long as `addresses`. Throws a RangeError naming the first bad access.
 */
export function validateTrace(trace: AccessTrace): void {
  const { addresses, stores } = trace;
  const bytes = trace.bytes ?? 1;
  const count = addresses.length;
  if (stores !== undefined && stores.length !== count) {
    throw new RangeError(`stores has ${stores.length} entries for ${count} addresses`);
  }
  if (typeof bytes === "number") {
    if (!isValidAccessSize(bytes)) throw new RangeError(`access size ${bytes} is not 1 .. 2^32-1`);
  } else if (bytes.length !== count) {
    throw new RangeError(`bytes has ${bytes.length} entries for ${count} addresses`);
  }
  const sizeAt = (i: number) => (typeof bytes === "number" ? bytes : bytes[i]!);
  if (addresses instanceof BigUint64Array) {
    for (let i = 0; i < count; i++) {
      const size = sizeAt(i);
      if (!isValidAccessSize(size))
        throw new RangeError(`access ${i}: size ${size} is not 1 .. 2^32-1`);
      const [hi, lo] = splitAddress(addresses[i]!);
      if (runsPast64Bits(hi, lo, size)) {
        throw new RangeError(
          `access ${i}: ${size} bytes at 0x${addresses[i]!.toString(16)} run past the 64-bit address space`,
        );
      }
    }
    return;
  }
  // With one size for all, the addresses alone: a loop that does nothing else runs at memory
  // speed, and this pass precedes every simulation of an in-process trace.
  const checkedUpTo = typeof bytes === "number" ? firstBadAddress(addresses) : 0;
  for (let i = checkedUpTo; i < count; i++) {
    if (!isValidAddress(addresses[i]!)) throw badAddress(i, addresses[i]!);
    if (typeof bytes !== "number" && !isValidAccessSize(bytes[i]!)) {
      throw new RangeError(`access ${i}: size ${bytes[i]} is not 1 .. 2^32-1`);
    }
  }
}

/** Index of the first address that is not an integer in 0 .. 2^53-1, or the length. */
function firstBadAddress(addresses: ArrayLike<number>): number {
  const count = addresses.length;
  for (let i = 0; i < count; i++) if (!isValidAddress(addresses[i]!)) return i;
  return count;
}

function isValidAddress(address: number): boolean {
  // Math.floor, not `% 1`: a floating-point remainder is a library call per access.
  return address >= 0 && address <= Number.MAX_SAFE_INTEGER && Math.floor(address) === address;
}

function badAddress(index: number, address: number): RangeError {
  return new RangeError(
    `access ${index}: address ${address} is not an integer in 0 .. 2^53-1 (use a BigUint64Array beyond 2^53)`,
  );
}
