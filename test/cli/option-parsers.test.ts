import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import {
  byteSize,
  listOf,
  nonNegativeInteger,
  oneOf,
  positiveInteger,
} from "../../src/cli/option-parsers.ts";

describe("byteSize(text)", () => {
  it("reads every unit at its exact value", () => {
    expect(byteSize("65536")).toBe(65536);
    expect(byteSize("7B")).toBe(7);
    expect(byteSize("64KiB")).toBe(65536);
    expect(byteSize("1 MiB")).toBe(1048576);
    expect(byteSize("2GiB")).toBe(2147483648);
    expect(byteSize("3kB")).toBe(3000);
    expect(byteSize("1.5MB")).toBe(1500000);
    expect(byteSize("2GB")).toBe(2e9);
  });

  it("refuses ambiguous units, fractions of a byte, zero and junk", () => {
    for (const text of ["64K", "1M", "1G", "1.5", "0.5B", "0", "-4", "lots", "4 TiBs", ""]) {
      expect(() => byteSize(text), text).toThrow(InvalidArgumentError);
    }
  });
});

describe("positiveInteger / nonNegativeInteger", () => {
  it("accepts whole numbers and refuses the rest", () => {
    expect(positiveInteger("1024")).toBe(1024);
    expect(nonNegativeInteger("0")).toBe(0);
    for (const text of ["0", "-1", "1.5", "1e3", "x"])
      expect(() => positiveInteger(text)).toThrow();
  });
});

describe("listOf / oneOf", () => {
  it("parses comma-separated lists item by item", () => {
    expect(listOf(byteSize)("4KiB, 1MiB")).toEqual([4096, 1048576]);
    expect(listOf(oneOf(["a", "b"] as const))("a,b,a")).toEqual(["a", "b", "a"]);
    expect(() => listOf(oneOf(["a", "b"] as const))("a,c")).toThrow(
      /expected one of a, b, got "c"/,
    );
  });
});
