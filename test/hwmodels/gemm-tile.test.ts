import { describe, expect, it } from "vitest";
import {
  formatTile,
  parseTile,
  threadsPerWorkgroup,
  tileProblems,
} from "../../src/hwmodels/gemm-tile.ts";

describe("parseTile(text)", () => {
  it("parses BMxBNxBK/TMxTN", () => {
    expect(parseTile("64x64x16/8x8")).toEqual({ BM: 64, BN: 64, BK: 16, TM: 8, TN: 8 });
  });
  it("parses an optional @stages", () => {
    expect(parseTile("128x64x32/8x4@2")).toEqual({
      BM: 128,
      BN: 64,
      BK: 32,
      TM: 8,
      TN: 4,
      stages: 2,
    });
  });
  it("round-trips through formatTile", () => {
    for (const text of ["64x64x16/8x8", "128x64x32/8x4@2", "16x16x8/1x1"]) {
      expect(formatTile(parseTile(text))).toBe(text);
    }
  });
  it("rejects malformed text, quoting it", () => {
    expect(() => parseTile("64x64/8x8")).toThrow(
      'invalid tile "64x64/8x8": expected BMxBNxBK/TMxTN',
    );
    expect(() => parseTile("64x64x16/8x")).toThrow(/expected/);
    expect(() => parseTile("")).toThrow(/expected/);
  });
  it("rejects per-thread tiles that do not divide the workgroup tile", () => {
    expect(() => parseTile("64x64x16/3x8")).toThrow("TM (3) must divide BM (64)");
  });
  it("rejects zero sizes", () => {
    expect(() => parseTile("0x64x16/8x8")).toThrow("BM must be a positive integer (got 0)");
  });
});

describe("tileProblems(tile)", () => {
  it("names non-integer fields", () => {
    expect(tileProblems({ BM: 64.5, BN: 64, BK: 16, TM: 8, TN: 8 })).toEqual([
      "BM must be a positive integer (got 64.5)",
    ]);
  });
});

describe("threadsPerWorkgroup(tile)", () => {
  it("is one thread per TM x TN sub-block", () => {
    expect(threadsPerWorkgroup({ BM: 64, BN: 64, BK: 16, TM: 8, TN: 8 })).toBe(64);
    expect(threadsPerWorkgroup({ BM: 128, BN: 64, BK: 16, TM: 8, TN: 4 })).toBe(256);
  });
});
