import type { AccessTrace } from "./access-trace.ts";

/** Accesses per chunk that generators yield by default (about 9 MB of arrays). */
export const DEFAULT_CHUNK_ACCESSES = 1 << 20;

/**
 * Collects the accesses of a loop nest into chunks of about `capacity` accesses, so a generator
 * can describe a kernel of billions of accesses while only one chunk is in memory. Generators
 * check `full` between steps of their loop nest and yield `take()`; a step may run past the
 * capacity (the buffers grow), so no access is ever lost. Every access has the element size.
 */
export class TraceChunker {
  private addresses: Float64Array;
  private stores: Uint8Array;
  length = 0;

  constructor(
    readonly elementBytes: number,
    readonly capacity = DEFAULT_CHUNK_ACCESSES,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`chunk size must be a positive integer, not ${capacity}`);
    }
    this.addresses = new Float64Array(capacity);
    this.stores = new Uint8Array(capacity);
  }

  get full(): boolean {
    return this.length >= this.capacity;
  }

  load(address: number): void {
    if (this.length === this.addresses.length) this.grow();
    this.addresses[this.length] = address;
    this.stores[this.length++] = 0;
  }

  store(address: number): void {
    if (this.length === this.addresses.length) this.grow();
    this.addresses[this.length] = address;
    this.stores[this.length++] = 1;
  }

  private grow(): void {
    const addresses = new Float64Array(2 * this.addresses.length);
    addresses.set(this.addresses);
    this.addresses = addresses;
    const stores = new Uint8Array(2 * this.stores.length);
    stores.set(this.stores);
    this.stores = stores;
  }

  /** The accesses so far as a trace (copied), emptying the chunker. */
  take(): AccessTrace {
    const trace = {
      addresses: this.addresses.slice(0, this.length),
      stores: this.stores.slice(0, this.length),
      bytes: this.elementBytes,
    };
    this.length = 0;
    return trace;
  }
}

/**
 * Joins the chunks of a generated trace into one (for small kernels and tests; large ones should
 * be consumed chunk by chunk). All chunks must share one access size.
 */
export function collectTrace(chunks: Iterable<AccessTrace>): AccessTrace & {
  addresses: Float64Array;
  stores: Uint8Array;
} {
  const parts = [...chunks];
  const length = parts.reduce((sum, part) => sum + part.addresses.length, 0);
  const addresses = new Float64Array(length);
  const stores = new Uint8Array(length);
  let at = 0;
  let bytes: number | undefined;
  for (const part of parts) {
    if (typeof part.bytes !== "number" || (bytes !== undefined && part.bytes !== bytes)) {
      throw new RangeError("collectTrace joins chunks that share one access size");
    }
    bytes = part.bytes;
    addresses.set(part.addresses as ArrayLike<number>, at);
    if (part.stores) stores.set(part.stores, at);
    at += part.addresses.length;
  }
  return { addresses, stores, bytes: bytes ?? 1 };
}

/** Throws a RangeError unless `value` is a positive safe integer. */
export function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, not ${value}`);
  }
}
