import { describe, expect, it } from "vitest";
import { splitFrontMatter } from "../../../src/engine/parse/front-matter.ts";

describe("splitFrontMatter(source)", () => {
  it("reads YAML between --- lines and says where the body starts", () => {
    const result = splitFrontMatter("---\ntitle: T\nparams:\n  n: 4\n---\n# Body\n");
    expect(result.data).toEqual({ title: "T", params: { n: 4 } });
    expect(result.body).toBe("# Body\n");
    expect(result.bodyLineOffset).toBe(5);
    expect(result.problems).toEqual([]);
  });

  it("leaves a notebook without front matter alone", () => {
    expect(splitFrontMatter("# Hi\n")).toEqual({
      data: {},
      body: "# Hi\n",
      bodyLineOffset: 0,
      problems: [],
    });
  });

  it("reports malformed YAML with its file line, and reads it as empty", () => {
    const result = splitFrontMatter("---\ntitle: ok\nparams: [1, 2\n---\nbody\n");
    expect(result.data).toEqual({});
    expect(result.problems[0]!.message).toMatch(/^malformed front matter/);
    expect(result.problems[0]!.line).toBeGreaterThanOrEqual(3);
    expect(result.body).toBe("body\n");
  });

  it("reports front matter that is never closed", () => {
    const result = splitFrontMatter("---\ntitle: x\n# no close\n");
    expect(result.problems).toEqual([
      { message: "front matter opened with --- is never closed (expected a --- line)", line: 1 },
    ]);
  });

  it("reports front matter that is not a mapping", () => {
    expect(splitFrontMatter("---\n- a\n- b\n---\n").problems[0]!.message).toMatch(
      /must be a YAML mapping/,
    );
  });
});
