import { type Node, parse } from "acorn";
import { describe, expect, it } from "vitest";
import { defaultGlobals } from "../../../src/engine/javascript/globals.ts";
import { acornOptions } from "../../../src/engine/javascript/parse-javascript.ts";
import { findReferences } from "../../../src/engine/javascript/references.ts";

const free = (source: string) =>
  findReferences(parse(source, acornOptions) as Node, defaultGlobals).free;
const assigned = (source: string) =>
  findReferences(parse(source, acornOptions) as Node, defaultGlobals).externalAssignments.map(
    (a) => a.name,
  );

describe("findReferences(node, globals)", () => {
  it("finds names used but not declared, in order of first use", () => {
    expect(free("const c = b + a + b;")).toEqual(["b", "a"]);
  });
  it("does not count the cell's own top-level declarations", () => {
    expect(
      free("const a = 1; function f() { return a; } class K {} const k = new K(f());"),
    ).toEqual([]);
  });
  it("respects function parameters, defaults and destructuring", () => {
    expect(
      free("function f(x, {y = z, ...rest} = {}, [w] = []) { return x + y + w + rest; }"),
    ).toEqual(["z"]);
  });
  it("respects block scope, loop bindings and catch parameters", () => {
    expect(free("{ const inner = 1; } inner;")).toEqual(["inner"]);
    expect(free("for (const i of xs) i; for (let j = 0; j < n; j++) j;")).toEqual(["xs", "n"]);
    expect(free("try { risky(); } catch ({message}) { message; }")).toEqual(["risky"]);
  });
  it("hoists var to the enclosing function, not beyond", () => {
    expect(free("if (x) { var v = 1; } v;")).toEqual(["x"]);
    expect(free("function f() { var hidden = 1; } hidden;")).toEqual(["hidden"]);
  });
  it("ignores property names, labels and non-computed keys", () => {
    expect(
      free("const o = {key: 1, [k]: 2}; o.prop; o[idx]; label: for (;;) break label;"),
    ).toEqual(["k", "idx"]);
    expect(free("class A { method() {} field = other; static s = 1; }")).toEqual(["other"]);
  });
  it("leaves the language's and the host's globals out", () => {
    expect(
      free(
        "Math.max(...Array.from(document.querySelectorAll('p'))); console.log(JSON, undefined);",
      ),
    ).toEqual([]);
  });
  it("sees arguments only inside non-arrow functions", () => {
    expect(free("function f() { return arguments; }")).toEqual([]);
    expect(free("const g = () => arguments;")).toEqual(["arguments"]);
  });
  it("treats a named function expression's name as its own", () => {
    expect(free("const f = function fact(n) { return n ? n * fact(n - 1) : 1; };")).toEqual([]);
  });
  it("reports assignments to names declared outside the cell", () => {
    expect(assigned("x = 1;")).toEqual(["x"]);
    expect(assigned("x++; [y] = [1]; ({z} = {}); for (w of []) {}")).toEqual(["x", "y", "z", "w"]);
    expect(assigned("let mine = 0; mine = 1; mine++;")).toEqual([]);
    expect(assigned("function f() { let local; local = 2; }")).toEqual([]);
  });
});
