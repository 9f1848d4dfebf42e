import { describe, expect, it } from "vitest";
import {
  GridError,
  gridPoint,
  gridSize,
  parseGrid,
  parseShard,
  shardPoints,
} from "../../../src/engine/sweep/grid.ts";

describe("parseGrid(flags)", () => {
  it("reads axes in order, values as JSON when they parse, else strings", () => {
    expect(parseGrid(["tile=32,64,128", "l2=16MiB,32MiB", "flag=true"])).toEqual({
      axes: [
        { name: "tile", values: [32, 64, 128] },
        { name: "l2", values: ["16MiB", "32MiB"] },
        { name: "flag", values: [true] },
      ],
    });
  });
  it("takes a JSON array for values that contain commas", () => {
    expect(parseGrid(["shape=[[64,64],[128,32]]"]).axes[0]!.values).toEqual([
      [64, 64],
      [128, 32],
    ]);
  });
  it("rejects no axes, empty axes, repeated names and malformed flags", () => {
    expect(() => parseGrid([])).toThrow(GridError);
    expect(() => parseGrid(["tile="])).toThrow("--grid tile: no values");
    expect(() => parseGrid(["a=1", "a=2"])).toThrow("--grid a is given twice");
    expect(() => parseGrid(["1bad=2"])).toThrow("expected name=v1,v2");
    expect(() => parseGrid(["x=[1,"])).toThrow("not a JSON array");
  });
});

describe("gridPoint(grid, index)", () => {
  it("enumerates the cartesian product, the last axis fastest", () => {
    const grid = parseGrid(["a=1,2", "b=x,y,z"]);
    expect(gridSize(grid)).toBe(6);
    expect(Array.from({ length: 6 }, (_, i) => gridPoint(grid, i))).toEqual([
      { a: 1, b: "x" },
      { a: 1, b: "y" },
      { a: 1, b: "z" },
      { a: 2, b: "x" },
      { a: 2, b: "y" },
      { a: 2, b: "z" },
    ]);
  });
});

describe("shards", () => {
  it("parseShard reads i/N with 0 <= i < N", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    expect(() => parseShard("4/4")).toThrow("i must be between 0 and 3");
    expect(() => parseShard("0/0")).toThrow("N must be at least 1");
    expect(() => parseShard("1-4")).toThrow("expected i/N");
  });
  it("N shards partition the grid: disjoint, and together every point", () => {
    for (const count of [1, 2, 3, 7, 20]) {
      const all = Array.from({ length: count }, (_, index) =>
        shardPoints(17, { index, count }),
      ).flat();
      expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: 17 }, (_, i) => i));
    }
  });
});
