import { describe, expect, it } from "vitest";
import {
  formatBytes,
  formatRate,
  formatSeconds,
  formatTable,
} from "../../src/cli/measurement-format.ts";

describe("measurement formatting", () => {
  it("formatSeconds picks the prefix that keeps 1 to 3 integer digits", () => {
    expect(formatSeconds(2.5)).toBe("2.50 s");
    expect(formatSeconds(0.0123)).toBe("12.3 ms");
    expect(formatSeconds(4.5e-6)).toBe("4.50 us");
    expect(formatSeconds(2.6e-8)).toBe("26.0 ns");
    expect(formatSeconds(3e-10)).toBe("0.300 ns");
  });

  it("formatBytes uses binary prefixes", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(64 * 2 ** 20)).toBe("64 MiB");
    expect(formatBytes(2 ** 40)).toBe("1 TiB");
  });

  it("formatRate uses decimal prefixes", () => {
    expect(formatRate(1.68e9, "B/s")).toBe("1.68 GB/s");
    expect(formatRate(2.23e10, "FLOP/s")).toBe("22.3 GFLOP/s");
    expect(formatRate(6.7e13, "FLOP/s")).toBe("67.0 TFLOP/s");
    expect(formatRate(12, "B/s")).toBe("12.0 B/s");
  });

  it("formatTable right-aligns every column under its header", () => {
    expect(
      formatTable([
        { op: "copy", rate: "1 GB/s" },
        { op: "triad", rate: "12 GB/s" },
      ]),
    ).toEqual(["   op     rate", " copy   1 GB/s", "triad  12 GB/s"]);
  });
});
