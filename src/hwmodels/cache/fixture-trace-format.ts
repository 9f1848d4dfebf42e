import { ACCESS_LOAD, ACCESS_STORE } from "./access-trace.ts";
import { runsPast64Bits } from "./address.ts";
import {
  fieldEnd,
  firstField,
  hasHexPrefix,
  isBlank,
  readHex,
  skipBlanks,
  type TraceLineParser,
} from "./trace-line-scanner.ts";

// Bytes, as constants declared before use (the JIT can fold them).
const DIGIT_0 = 0x30;
const LOWER_R = 0x72;
const LOWER_W = 0x77;

/**
 * The fixture trace format (the pycachesim reference traces): one access per line,
 * `<op> <address> [<bytes>]` with op `r` (load) or `w` (store), the byte address in hex with a
 * `0x` prefix, and the size in decimal bytes (default 1). Lines starting with `#` are comments;
 * blank lines are skipped. Fields may be separated by any run of spaces or tabs.
 *
 * Returns null for a line it appended to `batch` or skipped, else what is wrong with it.
 */
export const parseFixtureLine: TraceLineParser = (bytes, start, end, batch, hex) => {
  let at = firstField(bytes, start, end);
  if (at < 0) return null;
  const op = bytes[at]!;
  const opEnd = fieldEnd(bytes, at, end);
  if (opEnd !== at + 1 || (op !== LOWER_R && op !== LOWER_W)) {
    return `unknown op "${String.fromCharCode(...bytes.subarray(at, opEnd))}" (expected r or w)`;
  }
  at = skipBlanks(bytes, opEnd, end);
  if (at === end) return "missing address";
  const addressEnd = fieldEnd(bytes, at, end);
  if (!hasHexPrefix(bytes, at, addressEnd)) return "address must be hexadecimal with a 0x prefix";
  readHex(bytes, at + 2, addressEnd, hex);
  if (hex.bad >= 0) return "address must be hexadecimal with a 0x prefix";
  if (hex.digits > 16) return "address is beyond 64 bits";
  at = skipBlanks(bytes, addressEnd, end);
  let size = 1;
  if (at < end) {
    const sizeEnd = fieldEnd(bytes, at, end);
    size = 0;
    for (let digit = at; digit < sizeEnd; digit++) {
      const value = bytes[digit]! - DIGIT_0;
      if (value < 0 || value > 9) return "size must be a decimal number of bytes";
      size = size * 10 + value;
      if (size >= 2 ** 32) return "size must be below 2^32 bytes";
    }
    if (size === 0) return "size must be at least 1 byte";
    if (skipBlanks(bytes, sizeEnd, end) !== end) return "unexpected text after the size";
  }
  if (runsPast64Bits(hex.hi, hex.lo, size)) return "access runs past the 64-bit address space";
  batch.push(op === LOWER_W ? ACCESS_STORE : ACCESS_LOAD, hex.hi, hex.lo, size);
  return null;
};

/** Whether a (non-blank, non-comment) line looks like this format: it starts with `r` or `w`. */
export function looksLikeFixtureLine(bytes: Uint8Array, at: number, end: number): boolean {
  const op = bytes[at];
  return (op === LOWER_R || op === LOWER_W) && (at + 1 === end || isBlank(bytes[at + 1]!));
}
