import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatPath, parseOrThrow, ValidationError } from "../../src/hwmodels/validation.ts";

describe("formatPath(path)", () => {
  it("joins names with dots and indexes with brackets", () => {
    expect(formatPath(["memory", 2, "bytesPerSecond"])).toBe("memory[2].bytesPerSecond");
    expect(formatPath([0, "a"])).toBe("[0].a");
    expect(formatPath([])).toBe("");
  });
  it("quotes keys that are not identifiers", () => {
    expect(formatPath(["peak", "fp8 sparse"])).toBe('peak["fp8 sparse"]');
  });
});

describe("parseOrThrow(schema, data, subject)", () => {
  const schema = z.object({
    levels: z.array(z.object({ bytes: z.number().positive("must be > 0") })),
  });

  it("returns the parsed value when valid", () => {
    expect(parseOrThrow(schema, { levels: [{ bytes: 1 }] }, "x")).toEqual({
      levels: [{ bytes: 1 }],
    });
  });

  it("reports every bad field by path, in one error", () => {
    const bad = { levels: [{ bytes: 1 }, { bytes: 0 }, { bytes: -3 }] };
    let error: unknown;
    try {
      parseOrThrow(schema, bad, "spec.json");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues;
    expect(issues).toEqual([
      { path: "levels[1].bytes", message: "must be > 0" },
      { path: "levels[2].bytes", message: "must be > 0" },
    ]);
    expect((error as Error).message).toContain("spec.json:\n  levels[1].bytes: must be > 0");
  });
});

describe("parseOrThrow with unknown keys", () => {
  it("reports each unknown key at its own path", () => {
    const strict = z.strictObject({ levels: z.array(z.strictObject({ bytes: z.number() })) });
    expect(() => parseOrThrow(strict, { levels: [{ bytes: 1, bytez: 2 }], extra: 0 }, "x")).toThrow(
      "x:\n  levels[0].bytez: unknown field\n  extra: unknown field",
    );
  });
});
