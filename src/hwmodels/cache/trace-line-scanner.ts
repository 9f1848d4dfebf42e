import type { AccessBatch } from "./access-trace.ts";

/**
 * Character-level helpers shared by the trace formats, over bytes (ASCII), so that parsing a
 * multi-gigabyte trace never builds a string per line.
 */

/** Value of each byte as a hex digit, or -1. */
export const HEX_VALUE = (() => {
  const table = new Int8Array(256).fill(-1);
  for (let digit = 0; digit < 16; digit++) {
    table["0123456789abcdef".charCodeAt(digit)] = digit;
    table["0123456789ABCDEF".charCodeAt(digit)] = digit;
  }
  return table;
})();

export const SPACE = 0x20;
export const TAB = 0x09;
const HASH = 0x23;
const DIGIT_0 = 0x30;
const LOWER_X = 0x78;

/**
 * A trace format's line reader: appends the line's record (if any) to `batch` and returns null,
 * or returns what is wrong with the line. `hex` is scratch space reused across lines.
 */
export type TraceLineParser = (
  bytes: Uint8Array,
  start: number,
  end: number,
  batch: AccessBatch,
  hex: HexField,
) => string | null;

/** Index of a line's first field, or -1 for a blank line or a `#` comment. */
export function firstField(bytes: Uint8Array, start: number, end: number): number {
  const at = skipBlanks(bytes, start, end);
  return at === end || bytes[at] === HASH ? -1 : at;
}

/** Whether the field at `at` starts with `0x` or `0X` followed by at least one character. */
export function hasHexPrefix(bytes: Uint8Array, at: number, end: number): boolean {
  return end - at > 2 && bytes[at] === DIGIT_0 && (bytes[at + 1]! | 0x20) === LOWER_X;
}

export function isBlank(byte: number): boolean {
  return byte === SPACE || byte === TAB;
}

/** Index of the first non-blank byte at or after `at` (or `end`). */
export function skipBlanks(bytes: Uint8Array, at: number, end: number): number {
  while (at < end && isBlank(bytes[at]!)) at++;
  return at;
}

/** Index of the first blank byte at or after `at` (or `end`): the end of a field. */
export function fieldEnd(bytes: Uint8Array, at: number, end: number): number {
  while (at < end && !isBlank(bytes[at]!)) at++;
  return at;
}

/**
 * A parsed hexadecimal field as two unsigned 32-bit words. `digits` counts significant digits
 * (after leading zeros): more than 16 means the value does not fit in 64 bits. `bad` is the index
 * of the first byte that is not a hex digit, or -1.
 */
export interface HexField {
  hi: number;
  lo: number;
  digits: number;
  bad: number;
}

/** Reads hex digits in [start, end) into `out` (reused to avoid an allocation per line). */
export function readHex(bytes: Uint8Array, start: number, end: number, out: HexField): HexField {
  let hi = 0;
  let lo = 0;
  let digits = 0;
  out.bad = -1;
  for (let at = start; at < end; at++) {
    const value = HEX_VALUE[bytes[at]!]!;
    if (value < 0) {
      out.bad = at;
      break;
    }
    if (digits === 0 && value === 0) continue;
    digits++;
    hi = ((hi << 4) | (lo >>> 28)) >>> 0;
    lo = ((lo << 4) | value) >>> 0;
  }
  out.hi = hi;
  out.lo = lo;
  out.digits = digits;
  return out;
}

/** Decodes a line for an error message. */
export function lineText(bytes: Uint8Array, start: number, end: number): string {
  return new TextDecoder().decode(bytes.subarray(start, end));
}
