import { ACCESS_FLUSH, ACCESS_LOAD, ACCESS_STORE } from "./access-trace.ts";
import {
  fieldEnd,
  firstField,
  HEX_VALUE,
  hasHexPrefix,
  readHex,
  skipBlanks,
  type TraceLineParser,
} from "./trace-line-scanner.ts";

/**
 * Dinero's traditional `din` format, as Dinero IV reads it (`-informat d`, dinfmt.c): one record
 * per line, `<label> <address>`, both hexadecimal (an optional 0x prefix is allowed), the rest of
 * the line ignored. Labels: 0 read, 1 write, 2 instruction fetch, 3 miscellaneous read, 4 copy
 * back (write every dirty line back, lines stay cached; our flush). Dinero treats din as
 * word-oriented: every reference is 4 bytes at the address rounded down to a multiple of 4; so do
 * we, to give Dinero's answers. Label 5 (invalidate) is not supported: this simulator never
 * invalidates lines.
 * Source: https://github.com/atos-tools/dineroIV (dinfmt.c, d4.h: D4XREAD=0 .. D4XINVAL=5).
 *
 * Returns null for a line it appended to `batch` or skipped, else what is wrong with it.
 */
export const parseDinLine: TraceLineParser = (bytes, start, end, batch, hex) => {
  let at = firstField(bytes, start, end);
  if (at < 0) return null;
  const labelEnd = fieldEnd(bytes, at, end);
  readHex(bytes, skipHexPrefix(bytes, at, labelEnd), labelEnd, hex);
  if (hex.bad >= 0 || labelEnd === at) return "din label must be a hex number (0-4)";
  const label = hex.hi === 0 ? hex.lo : -1;
  if (label === 4) {
    batch.push(ACCESS_FLUSH, 0, 0, 0);
    return null;
  }
  if (label === 5) return "din label 5 (invalidate) is not supported";
  if (label < 0 || label > 5)
    return `unknown din label ${JSON.stringify(text(bytes, at, labelEnd))} (expected 0-4)`;
  at = skipBlanks(bytes, labelEnd, end);
  if (at === end) return "missing address";
  const addressEnd = fieldEnd(bytes, at, end);
  const digitsStart = skipHexPrefix(bytes, at, addressEnd);
  readHex(bytes, digitsStart, addressEnd, hex);
  if (hex.bad >= 0 || digitsStart === addressEnd) return "address must be hexadecimal";
  if (hex.digits > 16) return "address is beyond 64 bits";
  batch.push(label === 1 ? ACCESS_STORE : ACCESS_LOAD, hex.hi, (hex.lo & ~3) >>> 0, 4);
  return null;
};

/** Whether a (non-blank, non-comment) line looks like din: it starts with a hex digit. */
export function looksLikeDinLine(bytes: Uint8Array, at: number): boolean {
  return HEX_VALUE[bytes[at]!]! >= 0;
}

function skipHexPrefix(bytes: Uint8Array, at: number, end: number): number {
  return hasHexPrefix(bytes, at, end) ? at + 2 : at;
}

function text(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}
