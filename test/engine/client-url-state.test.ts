import { describe, expect, it } from "vitest";
import { formatUrlState, readUrlState } from "../../src/engine/client/url-state.ts";

const known = new Set(["n", "chip", "shape", "label", "on"]);

describe("readUrlState(hash, known)", () => {
  it("reads JSON values, and anything else as text", () => {
    const state = readUrlState("#n=64&chip=h200&shape=%5B64%2C32%5D&label=%2264%22&on=true", known);
    expect(Object.fromEntries(state.values)).toEqual({
      n: 64,
      chip: "h200",
      shape: [64, 32],
      label: "64",
      on: true,
    });
    expect(state.problems).toEqual([]);
  });

  it("ignores names the notebook does not have, saying so", () => {
    const state = readUrlState("#n=1&__proto__=%7B%7D&constructor=1", known);
    expect(Object.fromEntries(state.values)).toEqual({ n: 1 });
    expect(state.problems).toEqual([
      "the link sets __proto__, which this notebook does not have; ignored",
      "the link sets constructor, which this notebook does not have; ignored",
    ]);
  });

  it("keeps markup as inert text: a value is data, never code", () => {
    const state = readUrlState(
      `#label=${encodeURIComponent("<img src=x onerror=alert(1)>")}`,
      known,
    );
    expect(state.values.get("label")).toBe("<img src=x onerror=alert(1)>");
  });

  it("ignores malformed escapes and oversized links", () => {
    expect(readUrlState("#n=%E0%A4%A", known).problems[0]).toMatch(
      /^ignored a malformed part of the link/,
    );
    const huge = readUrlState(`#n=${"9".repeat(9000)}`, known);
    expect(huge.values.size).toBe(0);
    expect(huge.problems[0]).toMatch(/more than 8192; it was ignored$/);
  });
});

describe("formatUrlState(values)", () => {
  it("round-trips through readUrlState", () => {
    const values = new Map<string, unknown>([
      ["n", 64],
      ["chip", "h200"],
      ["label", "64"],
      ["shape", [64, 32]],
      ["on", false],
    ]);
    expect(readUrlState(formatUrlState(values), known).values).toEqual(values);
  });

  it("writes text plainly and leaves out what a link cannot carry", () => {
    expect(
      formatUrlState(
        new Map<string, unknown>([
          ["chip", "h200"],
          ["file", new Blob([])],
        ]),
      ),
    ).toBe("#chip=h200");
    expect(formatUrlState(new Map())).toBe("");
  });
});
