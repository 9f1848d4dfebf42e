import { describe, expect, it } from "vitest";
import {
  BINARY_PREFIXES,
  DECIMAL_PREFIXES,
  DIMENSIONS,
  type Dimension,
  formatFixed,
  formatQuantity,
  parseQuantity,
  SUB_UNIT_PREFIXES,
} from "../../src/hwmodels/units.ts";

const dimensions = Object.keys(DIMENSIONS) as Dimension[];

// The independent reference: each prefix's value written out by hand, not read from the table
// under test (kerncraft's table mapped T to 1e13 and nothing caught it).
const DECIMAL_EXACT: Record<string, number> = {
  k: 1_000,
  M: 1_000_000,
  G: 1_000_000_000,
  T: 1_000_000_000_000,
  P: 1_000_000_000_000_000,
  E: 1_000_000_000_000_000_000,
};
const SUB_UNIT_EXACT: Record<string, number> = {
  m: 0.001,
  u: 0.000001,
  "\u00b5": 0.000001,
  "\u03bc": 0.000001,
  n: 0.000000001,
  p: 0.000000000001,
};
const BINARY_EXACT: Record<string, number> = {
  Ki: 1024,
  Mi: 1024 * 1024,
  Gi: 1024 * 1024 * 1024,
  Ti: 1024 * 1024 * 1024 * 1024,
  Pi: 1024 * 1024 * 1024 * 1024 * 1024,
  Ei: 1024 * 1024 * 1024 * 1024 * 1024 * 1024,
};

describe("prefix tables", () => {
  it("list exactly the SI and IEC prefixes the references name", () => {
    expect(Object.keys(DECIMAL_PREFIXES).sort()).toEqual(Object.keys(DECIMAL_EXACT).sort());
    expect(Object.keys(SUB_UNIT_PREFIXES).sort()).toEqual(Object.keys(SUB_UNIT_EXACT).sort());
    expect(Object.keys(BINARY_PREFIXES).sort()).toEqual(Object.keys(BINARY_EXACT).sort());
  });
});

describe("parseQuantity(text, dimension)", () => {
  for (const dimension of dimensions) {
    const info = DIMENSIONS[dimension];
    for (const symbol of info.symbols) {
      it(`reads every decimal prefix of ${symbol} at its exact value`, () => {
        expect(parseQuantity(`1 ${symbol}`, dimension)).toBe(1);
        for (const [prefix, exact] of Object.entries(DECIMAL_EXACT)) {
          expect(parseQuantity(`1 ${prefix}${symbol}`, dimension), `1 ${prefix}${symbol}`).toBe(
            exact,
          );
          expect(parseQuantity(`3${prefix}${symbol}`, dimension), `3${prefix}${symbol}`).toBe(
            3 * exact,
          );
          // 2.5 x 10^n is exactly representable for n >= 0: no rounding may creep in.
          expect(parseQuantity(`2.5 ${prefix}${symbol}`, dimension)).toBe(2.5 * exact);
        }
      });

      if (info.subUnit) {
        it(`reads every sub-unit prefix of ${symbol} as the nearest double`, () => {
          for (const [prefix, exact] of Object.entries(SUB_UNIT_EXACT)) {
            expect(parseQuantity(`1 ${prefix}${symbol}`, dimension), `1 ${prefix}${symbol}`).toBe(
              exact,
            );
          }
          expect(parseQuantity("4 ns", dimension)).toBe(4e-9);
          expect(parseQuantity("0.5 us", dimension)).toBe(5e-7);
        });
      } else {
        it(`rejects sub-unit prefixes for ${symbol}`, () => {
          for (const prefix of Object.keys(SUB_UNIT_EXACT)) {
            expect(() => parseQuantity(`1 ${prefix}${symbol}`, dimension)).toThrow(
              `prefix "${prefix}" (a fraction) makes no sense`,
            );
          }
        });
      }

      if (info.binary) {
        it(`reads every binary prefix of ${symbol} exactly`, () => {
          for (const [prefix, exact] of Object.entries(BINARY_EXACT)) {
            expect(parseQuantity(`1 ${prefix}${symbol}`, dimension), `1 ${prefix}${symbol}`).toBe(
              exact,
            );
            expect(parseQuantity(`1.5 ${prefix}${symbol}`, dimension)).toBe(1.5 * exact);
          }
        });
      } else {
        it(`rejects binary prefixes for ${symbol}`, () => {
          for (const prefix of Object.keys(BINARY_EXACT)) {
            expect(() => parseQuantity(`1 ${prefix}${symbol}`, dimension)).toThrow(
              `binary prefix "${prefix}" is for bytes`,
            );
          }
        });
      }
    }
  }

  it("reads datasheet figures as the nearest double to the written decimal", () => {
    expect(parseQuantity("3.35 TB/s", "bytesPerSecond")).toBe(3.35e12);
    expect(parseQuantity("2039 GB/s", "bytesPerSecond")).toBe(2.039e12);
    expect(parseQuantity("50 MiB", "bytes")).toBe(52_428_800);
    expect(parseQuantity("80 GB", "bytes")).toBe(80e9);
    expect(parseQuantity("1.98 GHz", "hz")).toBe(1.98e9);
    expect(parseQuantity("989.4 TFLOPS", "flopsPerSecond")).toBe(989.4e12);
    expect(parseQuantity("624 TOPS", "flopsPerSecond")).toBe(624e12);
    expect(parseQuantity("1.1 PFLOP/s", "flopsPerSecond")).toBe(1.1e15);
  });

  it("accepts scientific notation, signs and surrounding space", () => {
    expect(parseQuantity(" 1.5e3 MB ", "bytes")).toBe(1.5e9);
    expect(parseQuantity("+2E-1 s", "seconds")).toBe(0.2);
    expect(parseQuantity(".5 GHz", "hz")).toBe(5e8);
  });

  it("refuses the ambiguous upper-case K", () => {
    expect(() => parseQuantity("16 KB", "bytes")).toThrow(
      '"K" is ambiguous; write k (10^3) or Ki (2^10)',
    );
  });

  it("rejects a missing or wrong unit, quoting the text and an example", () => {
    expect(() => parseQuantity("2039", "bytesPerSecond")).toThrow(
      'invalid quantity "2039": missing unit, e.g. "3.35 TB/s"',
    );
    expect(() => parseQuantity("3.35 TB", "bytesPerSecond")).toThrow('unit "TB" is not "B/s"');
    expect(() => parseQuantity("1.98 GB", "hz")).toThrow('unit "GB" is not "Hz"');
    expect(() => parseQuantity("fast", "hz")).toThrow('invalid quantity "fast": expected a number');
    expect(() => parseQuantity("1 XB", "bytes")).toThrow('unknown prefix "X"');
    expect(() => parseQuantity("1 mB", "bytes")).toThrow('prefix "m"');
  });

  it("is case-sensitive where SI is: m is milli, M is mega", () => {
    expect(parseQuantity("1 ms", "seconds")).toBe(1e-3);
    expect(() => parseQuantity("1 Ms", "seconds")).not.toThrow();
    expect(parseQuantity("1 Ms", "seconds")).toBe(1e6);
  });
});

describe("formatQuantity(value, dimension)", () => {
  it("picks the largest decimal prefix that keeps the number at least 1", () => {
    expect(formatQuantity(3.35e12, "bytesPerSecond")).toBe("3.35 TB/s");
    expect(formatQuantity(989.4e12, "flopsPerSecond")).toBe("989.4 TFLOP/s");
    expect(formatQuantity(1.98e9, "hz")).toBe("1.98 GHz");
    expect(formatQuantity(4e-9, "seconds")).toBe("4 ns");
    expect(formatQuantity(0.5, "bytes")).toBe("0.5 B");
  });
  it("uses binary prefixes when asked", () => {
    expect(formatQuantity(52_428_800, "bytes", { binary: true })).toBe("50 MiB");
    expect(formatQuantity(196_608, "bytes", { binary: true })).toBe("192 KiB");
  });
  it("round-trips through parseQuantity", () => {
    for (const value of [1, 1.5e3, 2.039e12, 7.2e15, 3e18]) {
      expect(parseQuantity(formatQuantity(value, "bytesPerSecond"), "bytesPerSecond")).toBe(value);
    }
    for (const value of [1024, 40 * 2 ** 20, 3 * 2 ** 60]) {
      expect(parseQuantity(formatQuantity(value, "bytes", { binary: true }), "bytes")).toBe(value);
    }
  });
});

// Values where rounding a product and rounding the exact binary value could disagree: exact
// halves (0.125), decimal halves stored just below or above (1.005, 0.145), carries (9.996,
// 999.6), and the edges of the fast path (0, 2^32, negatives, non-finite).
const nearHalves = [
  0,
  -0,
  0.125,
  0.375,
  0.005,
  0.015,
  0.145,
  1.005,
  2.675,
  9.995,
  9.996,
  99.95,
  999.5,
  999.6,
  0.49999999999999994,
  4.35,
  123.45,
  2 ** 32 / 100 + 0.005,
  2 ** 32,
  1e21,
  -0.3,
  -2.5,
  -1.005,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.MIN_VALUE,
];

describe("formatFixed(value, decimals)", () => {
  it("writes what toFixed writes", () => {
    for (const value of nearHalves) {
      for (const decimals of [0, 1, 2, 3, 4, 5]) {
        expect(formatFixed(value, decimals), `${value} to ${decimals}`).toBe(
          value.toFixed(decimals),
        );
      }
    }
  });
  it("agrees with toFixed on random values, near halves included", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 20_000; i++) {
      const value =
        i % 2
          ? random() * 10 ** (random() * 6 - 2)
          : (Math.floor(random() * 1e5) + 0.5) / 10 ** (i % 5);
      for (const decimals of [0, 2, 3])
        expect(formatFixed(value, decimals)).toBe(value.toFixed(decimals));
    }
  });
});

describe("formatQuantity significant digits", () => {
  it("rounds as toPrecision does, carries and halves included", () => {
    const cases: [number, number, string][] = [
      [9.996, 3, "10 s"],
      [999.6, 3, "1000 s"],
      [999.96, 4, "1000 s"],
      [1.005, 3, "1 s"],
      [1.0051, 3, "1.01 s"],
      [2.675, 3, "2.67 s"],
      [0.125, 2, "130 ms"],
      [0.125, 3, "125 ms"],
      [123.45, 4, "123.5 s"],
      [4.35e-9, 2, "4.3 ns"],
      [550, 1, "600 s"],
    ];
    for (const [value, digits, text] of cases) {
      expect(formatQuantity(value, "seconds", { digits })).toBe(text);
    }
  });
});
