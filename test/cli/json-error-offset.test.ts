import { describe, expect, it } from "vitest";
import { jsonErrorOffset } from "../../src/cli/json-error-offset.ts";

describe("jsonErrorOffset(text)", () => {
  it("is undefined for valid JSON", () => {
    for (const text of [
      '{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]}',
      " 3 ",
      "[]",
      "{}",
    ]) {
      expect(jsonErrorOffset(text), text).toBeUndefined();
    }
  });
  it("points at the first character that breaks the grammar", () => {
    expect(jsonErrorOffset('{"a": oops}')).toBe(6);
    expect(jsonErrorOffset('{"a": 1,}')).toBe(8);
    expect(jsonErrorOffset('{"a" 1}')).toBe(5);
    expect(jsonErrorOffset("[1 2]")).toBe(3);
    expect(jsonErrorOffset('{"a": "b"} x')).toBe(11);
    expect(jsonErrorOffset('{"a": tru}')).toBe(9);
  });
});
