import { describe, expect, it } from "vitest";
import { fromF16Bits, roundToF16, toF16Bits } from "../../src/gpu/f16.ts";

// Bit patterns from IEEE 754-2008 binary16 (see the table in
// https://en.wikipedia.org/wiki/Half-precision_floating-point_format#Half_precision_examples).
const KNOWN: Array<[number, number]> = [
  [0, 0x0000],
  [1, 0x3c00],
  [-2, 0xc000],
  [65504, 0x7bff],
  [2 ** -14, 0x0400],
  [2 ** -24, 0x0001],
  [1 + 2 ** -10, 0x3c01],
  [1 / 3, 0x3555],
];

describe("f16", () => {
  it("toF16Bits gives the IEEE binary16 pattern of exactly representable values", () => {
    for (const [value, bits] of KNOWN) expect(toF16Bits(value)).toBe(bits);
  });

  it("fromF16Bits decodes normals, subnormals, zero and infinity exactly", () => {
    for (const [value, bits] of KNOWN.filter(([v]) => v !== 1 / 3)) {
      expect(fromF16Bits(bits)).toBe(value);
    }
    expect(fromF16Bits(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(fromF16Bits(0xfc00)).toBe(Number.NEGATIVE_INFINITY);
    expect(fromF16Bits(0x7e00)).toBeNaN();
  });

  it("rounds to nearest with ties to even", () => {
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties go to the even mantissa, 1.
    expect(roundToF16(1 + 2 ** -11)).toBe(1);
    // 1 + 3 * 2^-11 lies halfway between 1 + 2^-10 and 1 + 2^-9: even is 1 + 2^-9.
    expect(roundToF16(1 + 3 * 2 ** -11)).toBe(1 + 2 ** -9);
    expect(roundToF16(1 + 2 ** -11 + 2 ** -20)).toBe(1 + 2 ** -10);
  });

  it("overflows to infinity and underflows to signed zero", () => {
    expect(toF16Bits(65520)).toBe(0x7c00);
    expect(toF16Bits(-1e9)).toBe(0xfc00);
    expect(toF16Bits(2 ** -26)).toBe(0x0000);
    expect(toF16Bits(-(2 ** -26))).toBe(0x8000);
  });

  it("round-trips every finite f16 pattern", () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 0x7c00) === 0x7c00) continue;
      expect(toF16Bits(fromF16Bits(bits))).toBe(bits === 0x8000 ? 0x8000 : bits);
    }
  });
});
