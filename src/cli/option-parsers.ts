import { InvalidArgumentError } from "commander";

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

const BYTE_UNITS: Record<string, number> = {
  "": 1,
  B: 1,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  kB: 1e3,
  MB: 1e6,
  GB: 1e9,
};

/**
 * Commander parser for a size in bytes: `65536`, `64KiB`, `1 MiB`, `2GB`. Binary units are
 * powers of 1024, decimal ones powers of 1000; a bare `K`/`M`/`G` is refused as ambiguous.
 */
export function byteSize(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$/.exec(value);
  const unit = match ? BYTE_UNITS[match[2]!] : undefined;
  const bytes = match && unit !== undefined ? Number(match[1]) * unit : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new InvalidArgumentError(
      `expected a size in bytes such as 65536, 64KiB or 1MiB (units: ${Object.keys(BYTE_UNITS).filter(Boolean).join(", ")}), got "${value}"`,
    );
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
