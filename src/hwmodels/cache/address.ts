/**
 * 64-bit byte addresses without BigInt on the hot path: an address is a pair of unsigned 32-bit
 * words `hi`, `lo` (address = hi * 2^32 + lo). JS numbers are exact only below 2^53, so the
 * simulator splits every address at the edge (typed-array input, trace parsing) and never
 * rebuilds it as one number.
 */

export const TWO_POW_32 = 2 ** 32;
const TWO_POW_64 = 2n ** 64n;

/** Splits a byte address into its words. Throws a RangeError for anything but 0 <= a < 2^64. */
export function splitAddress(address: number | bigint): [hi: number, lo: number] {
  if (typeof address === "bigint") {
    if (address < 0n || address >= TWO_POW_64) {
      throw new RangeError(`address ${formatBigAddress(address)} is outside 0 .. 2^64-1`);
    }
    return [Number(address >> 32n), Number(address & 0xffffffffn)];
  }
  if (!Number.isSafeInteger(address) || address < 0) {
    throw new RangeError(
      `address ${address} is not an integer in 0 .. 2^53-1; pass a bigint for addresses beyond 2^53`,
    );
  }
  return [Math.floor(address / TWO_POW_32), address % TWO_POW_32];
}

/** The address of two words as a bigint (for messages and tests; not used on the hot path). */
export function joinAddress(hi: number, lo: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** `0x...` in lowercase hex. */
export function formatAddress(hi: number, lo: number): string {
  return `0x${joinAddress(hi, lo).toString(16)}`;
}

/** True when `bytes` bytes starting at hi:lo run past the last 64-bit address. */
export function runsPast64Bits(hi: number, lo: number, bytes: number): boolean {
  return hi >>> 0 === 0xffffffff && (lo >>> 0) + bytes - 1 >= TWO_POW_32;
}

/** Access sizes are whole bytes, 1 .. 2^32-1 (they are stored in Uint32Arrays). */
export function isValidAccessSize(bytes: number): boolean {
  return Number.isInteger(bytes) && bytes >= 1 && bytes < TWO_POW_32;
}

function formatBigAddress(address: bigint): string {
  return address < 0n ? `-0x${(-address).toString(16)}` : `0x${address.toString(16)}`;
}
