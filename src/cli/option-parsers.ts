import { InvalidArgumentError } from "commander";
import { parseQuantity } from "../hwmodels/units.ts";

/** Commander parser for a positive integer option. */
export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number <= 0) {
    throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  }
  return number;
}

/** Commander parser for a non-negative integer option. */
export function nonNegativeInteger(value: string): number {
  return value.trim() === "0" ? 0 : positiveInteger(value);
}

/**
 * Commander parser for a size in bytes: `65536`, `64KiB`, `1 MiB`, `2GB` (units as in hardware
 * specs: binary prefixes are powers of 1024, decimal ones powers of 1000, `K` is ambiguous).
 */
export function byteSize(value: string): number {
  let bytes: number;
  try {
    bytes = /^\s*\d+\s*$/.test(value) ? Number(value) : parseQuantity(value, "bytes");
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new InvalidArgumentError(`expected a whole number of bytes above 0, got "${value}"`);
  }
  return bytes;
}

/** Commander parser for a comma-separated list, each item parsed by `item`. */
export function listOf<T>(item: (value: string) => T): (value: string) => T[] {
  return (value) => value.split(",").map((part) => item(part.trim()));
}

/** Commander parser accepting one of `choices`. */
export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`expected one of ${choices.join(", ")}, got "${value}"`);
    }
    return value as T;
  };
}
