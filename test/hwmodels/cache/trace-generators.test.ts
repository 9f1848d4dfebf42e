import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AccessTrace } from "../../../src/hwmodels/cache/access-trace.ts";
import { CacheHierarchy } from "../../../src/hwmodels/cache/cache-hierarchy.ts";
import { stencilTrace } from "../../../src/hwmodels/cache/stencil-trace.ts";
import { streamTrace } from "../../../src/hwmodels/cache/stream-trace.ts";
import { tiledGemmTrace } from "../../../src/hwmodels/cache/tiled-gemm-trace.ts";
import { collectTrace } from "../../../src/hwmodels/cache/trace-chunks.ts";

/** A trace as readable lines: "r 0x..." / "w 0x...". */
function lines(trace: AccessTrace): string[] {
  return Array.from(trace.addresses as ArrayLike<number>, (address, i) => {
    const op = trace.stores?.[i] ? "w" : "r";
    return `${op} 0x${address.toString(16)}`;
  });
}

/** The accesses of a fixture trace in the same form (sizes dropped: all are 8 bytes). */
function fixtureLines(name: string): string[] {
  const text = readFileSync(join(import.meta.dirname, "fixtures", "pycachesim", name), "utf8");
  return text
    .split("\n")
    .filter((line) => /^[rw] /.test(line))
    .map((line) => {
      expect(line.endsWith(" 8")).toBe(true);
      return line.slice(0, -2);
    });
}

describe("streamTrace(options)", () => {
  it("reproduces the STREAM triad fixture trace exactly (n = 8192, 2 sweeps, 8-byte doubles)", () => {
    const trace = collectTrace(
      streamTrace({
        kernel: "triad",
        elements: 8192,
        sweeps: 2,
        bases: { a: 0x100000, b: 0x200440, c: 0x300880 },
        chunkAccesses: 1000,
      }),
    );
    expect(trace.bytes).toBe(8);
    expect(lines(trace)).toEqual(fixtureLines("stream_triad.trace"));
  });

  it("loads then stores per element, for each kernel, arrays 4 KiB-aligned back to back", () => {
    const first = (kernel: "copy" | "scale" | "add" | "triad") =>
      lines(collectTrace(streamTrace({ kernel, elements: 1000, elementBytes: 4 }))).slice(0, 4);
    // 1000 x 4 bytes rounds up to 4096: a at 0, b at 0x1000, c at 0x2000.
    expect(first("copy")).toEqual(["r 0x0", "w 0x2000", "r 0x4", "w 0x2004"]);
    expect(first("scale")).toEqual(["r 0x2000", "w 0x1000", "r 0x2004", "w 0x1004"]);
    expect(first("add")).toEqual(["r 0x0", "r 0x1000", "w 0x2000", "r 0x4"]);
    expect(first("triad")).toEqual(["r 0x1000", "r 0x2000", "w 0x0", "r 0x1004"]);
  });

  it("rejects nonsense sizes", () => {
    expect(() => [...streamTrace({ kernel: "copy", elements: 0 })]).toThrow(
      "elements must be a positive integer, not 0",
    );
  });
});

describe("stencilTrace(options)", () => {
  it("visits the interior of a 4x4 grid: 4 points, 5 loads and a store each", () => {
    const trace = collectTrace(
      stencilTrace({
        shape: [4, 4],
        stencil: "2d5",
        elementBytes: 1,
        bases: { input: 0, output: 100 },
      }),
    );
    // Point (1,1) is element 5: loads 1, 4, 5, 6, 9; then (1,2), (2,1), (2,2).
    expect(lines(trace).slice(0, 12)).toEqual([
      "r 0x1",
      "r 0x4",
      "r 0x5",
      "r 0x6",
      "r 0x9",
      "w 0x69",
      "r 0x2",
      "r 0x5",
      "r 0x6",
      "r 0x7",
      "r 0xa",
      "w 0x6a",
    ]);
    expect(trace.addresses.length).toBe(24);
  });

  it("swaps input and output grids between sweeps", () => {
    const trace = collectTrace(
      stencilTrace({
        shape: [5],
        stencil: "1d3",
        elementBytes: 8,
        sweeps: 2,
        bases: { input: 0, output: 64 },
      }),
    );
    // 3 interior points per sweep, 4 accesses each; the second sweep reads the grid at 64.
    expect(trace.addresses.length).toBe(24);
    expect(lines(trace)[12]).toBe("r 0x40");
    expect(lines(trace)[15]).toBe("w 0x8");
  });

  it("counts accesses of a 3-D 7-point stencil: interior points x 8", () => {
    const trace = collectTrace(stencilTrace({ shape: [6, 5, 4], stencil: "3d7" }));
    expect(trace.addresses.length).toBe(4 * 3 * 2 * 8);
    expect(trace.stores.reduce((sum, store) => sum + store, 0)).toBe(24);
  });

  it("rejects offsets of the wrong rank", () => {
    expect(() => [...stencilTrace({ shape: [4, 4], stencil: [[1]] })]).toThrow(
      "every stencil offset needs 2 coordinates",
    );
  });
});

describe("tiledGemmTrace(options)", () => {
  it("reproduces the tiled matmul fixture trace exactly (n = 24, 8x8x8 blocks, C += A*B)", () => {
    const trace = collectTrace(
      tiledGemmTrace({
        M: 24,
        N: 24,
        K: 24,
        tile: { BM: 8, BN: 8, BK: 8, TM: 1, TN: 1 },
        bases: { a: 0x300000, b: 0x308000, c: 0x310000 },
      }),
    );
    expect(lines(trace)).toEqual(fixtureLines("matmul_tiled_24.trace"));
  });

  it("walks a 2x2x2 product by hand", () => {
    const trace = collectTrace(
      tiledGemmTrace({
        M: 2,
        N: 2,
        K: 2,
        tile: { BM: 2, BN: 2, BK: 2, TM: 1, TN: 1 },
        elementBytes: 1,
        bases: { a: 0, b: 0x10, c: 0x20 },
      }),
    );
    expect(lines(trace).slice(0, 12)).toEqual([
      "r 0x20", // C[0][0]
      "r 0x0", // A[0][0]
      "r 0x10", // B[0][0]
      "r 0x1", // A[0][1]
      "r 0x12", // B[1][0]
      "w 0x20",
      "r 0x21", // C[0][1]
      "r 0x0",
      "r 0x11", // B[0][1]
      "r 0x1",
      "r 0x13", // B[1][1]
      "w 0x21",
    ]);
    expect(trace.addresses.length).toBe(4 * 6);
  });

  it("loads register blocks of A and B: TM + TN loads per k instead of 2 TM TN", () => {
    const count = (TM: number, TN: number, accumulate: boolean) =>
      collectTrace(
        tiledGemmTrace({ M: 8, N: 8, K: 8, tile: { BM: 8, BN: 8, BK: 4, TM, TN }, accumulate }),
      ).addresses.length;
    // Register blocks: (8/TM)(8/TN) of them, each per K slice (2): C loads, BK (TM + TN), C stores.
    expect(count(1, 1, true)).toBe(64 * 2 * (1 + 4 * 2 + 1));
    expect(count(4, 2, true)).toBe(8 * 2 * (8 + 4 * 6 + 8));
    // C = A*B: C is loaded only from the second K slice on.
    expect(count(4, 2, false)).toBe(8 * 2 * (4 * 6 + 8) + 8 * 8);
  });

  it("addresses column-major matrices and leading dimensions", () => {
    const trace = collectTrace(
      tiledGemmTrace({
        M: 2,
        N: 3,
        K: 4,
        tile: { BM: 2, BN: 3, BK: 4, TM: 2, TN: 3 },
        elementBytes: 1,
        layout: { a: "column-major" },
        leadingDimensions: { a: 10, c: 5 },
        bases: { a: 0, b: 100, c: 200 },
      }),
    );
    // C block 2x3 (ld 5): 200, 201, 202, 205, 206, 207; then k = 0: A[0][0], A[1][0] (column-major, ld 10).
    expect(lines(trace).slice(0, 8)).toEqual([
      "r 0xc8",
      "r 0xc9",
      "r 0xca",
      "r 0xcd",
      "r 0xce",
      "r 0xcf",
      "r 0x0",
      "r 0x1",
    ]);
    // k = 1: A[0][1] at 10.
    expect(lines(trace)[11]).toBe("r 0xa");
  });

  it("clips edge blocks", () => {
    const trace = collectTrace(
      tiledGemmTrace({ M: 5, N: 3, K: 7, tile: { BM: 4, BN: 2, BK: 4, TM: 2, TN: 2 } }),
    );
    // Every C element is stored once per K slice (2 slices).
    expect(trace.stores.reduce((sum, store) => sum + store, 0)).toBe(5 * 3 * 2);
  });

  it("rejects tiles whose register block does not divide the block", () => {
    expect(() => [
      ...tiledGemmTrace({ M: 8, N: 8, K: 8, tile: { BM: 8, BN: 8, BK: 8, TM: 3, TN: 1 } }),
    ]).toThrow("invalid tile: TM (3) must divide BM (8)");
  });

  it("streams in chunks: simulating the chunks equals simulating the whole trace", () => {
    const options = { M: 40, N: 40, K: 40, tile: { BM: 16, BN: 16, BK: 8, TM: 4, TN: 4 } };
    const config = { levels: [{ name: "L1", sets: 16, ways: 4, lineBytes: 64 }] };
    const chunked = new CacheHierarchy(config);
    let chunks = 0;
    for (const chunk of tiledGemmTrace({ ...options, chunkAccesses: 777 })) {
      chunked.run(chunk);
      chunks++;
    }
    const whole = new CacheHierarchy(config).run(collectTrace(tiledGemmTrace(options)));
    expect(chunks).toBeGreaterThan(10);
    expect(chunked.flush().stats()).toEqual(whole.flush().stats());
  });
});
