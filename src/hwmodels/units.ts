/**
 * Quantities with units, as people write them in datasheets: "3.35 TB/s", "50 MiB", "1.98 GHz",
 * "80 GB", "4 ns", "989.4 TFLOPS". Parsed into plain numbers in base units (bytes, bytes per second,
 * hertz, seconds, operations per second), which is what every field of a hardware spec holds.
 *
 * Decimal prefixes (k M G T P E) are powers of 10 and binary prefixes (Ki Mi Gi Ti Pi Ei) powers of
 * 2^10, following SI and IEC 80000-13. Sub-unit prefixes (m u µ n p) are accepted for time only.
 * An upper-case "K" is rejected rather than guessed: "16 KB" means 16,000 B to some readers and
 * 16,384 B to others, so the spec must say k or Ki.
 */

/** What a quantity measures; each has its base unit and the unit symbols accepted for it. */
export type Dimension = "bytes" | "bytesPerSecond" | "hz" | "seconds" | "flopsPerSecond";

interface DimensionInfo {
  /** Accepted symbols, longest first so "FLOP/s" is tried before "s". */
  symbols: readonly string[];
  /** Base-unit symbol used when formatting. */
  base: string;
  /** Whether binary prefixes (Ki, Mi, ...) make sense here. */
  binary: boolean;
  /** Whether sub-unit prefixes (m, u, n, p) make sense here. */
  subUnit: boolean;
  /** Example for error messages. */
  example: string;
}

export const DIMENSIONS: Readonly<Record<Dimension, DimensionInfo>> = {
  bytes: { symbols: ["B"], base: "B", binary: true, subUnit: false, example: "50 MiB" },
  bytesPerSecond: {
    symbols: ["B/s"],
    base: "B/s",
    binary: true,
    subUnit: false,
    example: "3.35 TB/s",
  },
  hz: { symbols: ["Hz"], base: "Hz", binary: false, subUnit: false, example: "1.98 GHz" },
  seconds: { symbols: ["s"], base: "s", binary: false, subUnit: true, example: "4 ns" },
  flopsPerSecond: {
    symbols: ["FLOP/s", "FLOPS", "OP/s", "OPS"],
    base: "FLOP/s",
    binary: false,
    subUnit: false,
    example: "989.4 TFLOPS",
  },
};

/** Decimal prefixes: the power of ten each one stands for. */
export const DECIMAL_PREFIXES: Readonly<Record<string, number>> = {
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

/** Sub-unit prefixes (time only); `u`, `µ` (micro sign) and `μ` (Greek mu) all mean micro. */
export const SUB_UNIT_PREFIXES: Readonly<Record<string, number>> = {
  m: -3,
  u: -6,
  "\u00b5": -6,
  "\u03bc": -6,
  n: -9,
  p: -12,
};

/** Binary prefixes: the power of two each one stands for. */
export const BINARY_PREFIXES: Readonly<Record<string, number>> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
};

const NUMBER_THEN_UNIT = /^\s*([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+))?\s*(\S*)\s*$/;

/**
 * Parses `text` as a quantity of `dimension` and returns it in base units: "3.35 TB/s" ->
 * 3.35e12 (bytes per second), "50 MiB" -> 52428800 (bytes), "4 ns" -> 4e-9 (seconds).
 *
 * Decimal results are exactly the nearest double to the written value (the digits are shifted,
 * not multiplied), and binary results are exact. Throws an Error that quotes the text and says
 * what was expected.
 */
export function parseQuantity(text: string, dimension: Dimension): number {
  const info = DIMENSIONS[dimension];
  const match = NUMBER_THEN_UNIT.exec(text);
  if (!match) {
    throw new Error(
      `invalid quantity "${text}": expected a number and a unit, e.g. "${info.example}"`,
    );
  }
  const mantissa = match[1]!;
  const exponentText = match[2];
  const unitText = match[3]!;
  if (unitText === "") {
    throw new Error(`invalid quantity "${text}": missing unit, e.g. "${info.example}"`);
  }
  const symbol = info.symbols.find((candidate) => unitText.endsWith(candidate));
  if (symbol === undefined) {
    throw new Error(
      `invalid quantity "${text}": unit "${unitText}" is not ${describeUnits(info)}, e.g. "${info.example}"`,
    );
  }
  const prefix = unitText.slice(0, unitText.length - symbol.length);
  const exponent = Number(exponentText ?? 0);
  if (prefix === "") return Number(`${mantissa}e${exponent}`);
  if (prefix in DECIMAL_PREFIXES) {
    return Number(`${mantissa}e${exponent + DECIMAL_PREFIXES[prefix]!}`);
  }
  if (prefix in SUB_UNIT_PREFIXES) {
    if (!info.subUnit) {
      throw new Error(
        `invalid quantity "${text}": prefix "${prefix}" (a fraction) makes no sense for ${info.base}`,
      );
    }
    return Number(`${mantissa}e${exponent + SUB_UNIT_PREFIXES[prefix]!}`);
  }
  if (prefix in BINARY_PREFIXES) {
    if (!info.binary) {
      throw new Error(
        `invalid quantity "${text}": binary prefix "${prefix}" is for bytes, not ${info.base}`,
      );
    }
    return Number(`${mantissa}e${exponent}`) * 2 ** BINARY_PREFIXES[prefix]!;
  }
  if (prefix === "K") {
    throw new Error(`invalid quantity "${text}": "K" is ambiguous; write k (10^3) or Ki (2^10)`);
  }
  throw new Error(`invalid quantity "${text}": unknown prefix "${prefix}" in "${unitText}"`);
}

function describeUnits(info: DimensionInfo): string {
  const symbols = info.symbols.map((symbol) => `"${symbol}"`).join(" or ");
  return `${symbols} with an optional prefix`;
}

/** Decimal prefixes, largest first, with their scale (computed once: formatting is on hot paths). */
const FORMAT_DECIMAL: ReadonlyArray<{ prefix: string; power: number; scale: number }> = [
  ["E", 18],
  ["P", 15],
  ["T", 12],
  ["G", 9],
  ["M", 6],
  ["k", 3],
  ["", 0],
  ["m", -3],
  ["µ", -6],
  ["n", -9],
  ["p", -12],
].map(([prefix, power]) => ({
  prefix: prefix as string,
  power: power as number,
  scale: 10 ** (power as number),
}));

/** A decimal prefix as one dimension formats it: the scale and the text after the number (" µs"). */
interface DecimalUnit {
  scale: number;
  suffix: string;
  /** The smallest prefix, which takes any smaller non-zero magnitude too. */
  smallest: boolean;
}

/** The prefixes a dimension may take (sub-unit ones only where it allows them), largest first. */
function decimalUnits(info: DimensionInfo): DecimalUnit[] {
  return FORMAT_DECIMAL.filter(({ power }) => power >= 0 || info.subUnit).map(
    ({ prefix, power, scale }) => ({
      scale,
      suffix: ` ${prefix}${info.base}`,
      smallest: power === FORMAT_DECIMAL.at(-1)!.power,
    }),
  );
}

const DECIMAL_UNITS: Readonly<Record<Dimension, readonly DecimalUnit[]>> = {
  bytes: decimalUnits(DIMENSIONS.bytes),
  bytesPerSecond: decimalUnits(DIMENSIONS.bytesPerSecond),
  hz: decimalUnits(DIMENSIONS.hz),
  seconds: decimalUnits(DIMENSIONS.seconds),
  flopsPerSecond: decimalUnits(DIMENSIONS.flopsPerSecond),
};

/** Binary prefixes, largest first, with their scale. */
const FORMAT_BINARY: ReadonlyArray<{ prefix: string; scale: number }> = Object.entries(
  BINARY_PREFIXES,
)
  .sort((a, b) => b[1] - a[1])
  .map(([prefix, power]) => ({ prefix, scale: 2 ** power }));

/**
 * Formats a quantity in base units with the largest prefix that keeps the number >= 1:
 * 3.35e12 bytesPerSecond -> "3.35 TB/s"; with `{ binary: true }` bytes use Ki/Mi/...: 52428800 -> "50 MiB".
 * `digits` is the number of significant digits (default 4, trailing zeros dropped).
 */
export function formatQuantity(
  value: number,
  dimension: Dimension,
  options?: { binary?: boolean; digits?: number },
): string {
  const info = DIMENSIONS[dimension];
  const digits = options?.digits ?? 4;
  if (!Number.isFinite(value)) return `${value} ${info.base}`;
  const magnitude = Math.abs(value);
  if (options?.binary && info.binary) {
    for (const { prefix, scale } of FORMAT_BINARY) {
      if (magnitude >= scale) return `${trim(value / scale, digits)} ${prefix}${info.base}`;
    }
    return `${trim(value, digits)} ${info.base}`;
  }
  for (const { scale, suffix, smallest } of DECIMAL_UNITS[dimension]) {
    if (magnitude >= scale || (smallest && magnitude > 0)) {
      return trim(value / scale, digits) + suffix;
    }
  }
  return `${trim(value, digits)} ${info.base}`;
}

/** `value` to `digits` significant digits without trailing zeros: 2.0390 -> "2.039". */
function trim(value: number, digits: number): string {
  // The common case, a prefixed quantity in [1, 1000): round to the decimals that leave `digits`
  // significant ones. A carry (9.996 -> "10") comes out as toPrecision's text trims to.
  if (value >= 1 && value < 1000) {
    const decimals = digits - (value < 10 ? 1 : value < 100 ? 2 : 3);
    const scaled = roundScaled(value, decimals);
    if (scaled !== undefined) return trimmedDecimalText(scaled, decimals);
  }
  const text = value.toPrecision(digits);
  if (text.includes("e")) return String(Number(text));
  if (!text.includes(".")) return text;
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--; // "0"
  if (text.charCodeAt(end - 1) === 46) end--; // "."
  return text.slice(0, end);
}

/**
 * `value.toFixed(decimals)`, faster for the small non-negative numbers reports print. toFixed
 * converts the exact binary value to decimal, which is slow; rounding a product is quick and
 * gives the same digits whenever `roundScaled` can tell.
 */
export function formatFixed(value: number, decimals: number): string {
  const scaled = roundScaled(value, decimals);
  return scaled === undefined ? value.toFixed(decimals) : decimalText(scaled, decimals);
}

/** The integer `scaled` / 10^decimals with exactly `decimals` decimals: (1234, 2) -> "12.34". */
function decimalText(scaled: number, decimals: number): string {
  if (decimals === 0) return String(scaled);
  const unit = POWERS_OF_TEN[decimals]!;
  const fraction = scaled % unit;
  return `${(scaled - fraction) / unit}.${String(fraction).padStart(decimals, "0")}`;
}

/** `decimalText` without trailing zeros, nor a trailing point: (12340, 3) -> "12.34". */
function trimmedDecimalText(scaled: number, decimals: number): string {
  while (decimals > 0 && scaled % 10 === 0) {
    scaled /= 10;
    decimals--;
  }
  return decimalText(scaled, decimals);
}

/** Exact powers of ten for the decimals `roundScaled` handles. */
const POWERS_OF_TEN = [1, 10, 100, 1000, 10000];

/** Products below this are within 2^-22 of exact: a double below 2^32 has an ulp of at most 2^-21. */
const EXACT_ENOUGH_BELOW = 2 ** 32;

/**
 * `value` x 10^decimals rounded half up, as toFixed and toPrecision round the exact value, or
 * undefined when the product cannot settle it: a negative, huge or non-finite value, decimals
 * that POWERS_OF_TEN lacks, or a product within 1e-6 of a half, where its rounding error (at
 * most 2^-22) might put it on the other side of the half than the exact product.
 */
function roundScaled(value: number, decimals: number): number | undefined {
  const power = POWERS_OF_TEN[decimals];
  if (power === undefined) return undefined;
  const scaled = value * power;
  if (!(scaled >= 0 && scaled < EXACT_ENOUGH_BELOW)) return undefined;
  const fraction = scaled - Math.floor(scaled);
  return Math.abs(fraction - 0.5) > 1e-6 ? Math.round(scaled) : undefined;
}
