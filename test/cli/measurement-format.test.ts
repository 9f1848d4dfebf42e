import { describe, expect, it } from "vitest";
import {
  formatBandwidth,
  formatBytes,
  formatFlops,
  formatSeconds,
  formatTable,
} from "../../src/cli/measurement-format.ts";

describe("measurement formatting", () => {
  it("states times, sizes and rates the way hardware specs do", () => {
    expect(formatSeconds(0.0123)).toBe("12.3 ms");
    expect(formatSeconds(2.6e-8)).toBe("26 ns");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(64 * 2 ** 20)).toBe("64 MiB");
    expect(formatBandwidth(1.68e9)).toBe("1.68 GB/s");
    expect(formatFlops(2.23e10)).toBe("22.3 GFLOP/s");
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
