import { describe, expect, it } from "vitest";
import {
  analyzeCell,
  emitCell,
  type TranspiledCell,
} from "../../../src/engine/javascript/transpile-cell.ts";
import type { CellSource } from "../../../src/engine/notebook.ts";

function transpile(source: string, language: "js" | "ts" = "js"): TranspiledCell {
  const cell: CellSource = {
    id: "abc",
    kind: "block",
    language,
    source,
    line: 10,
    echo: false,
    run: true,
    snapshot: false,
  };
  return emitCell(analyzeCell(cell), (specifier) =>
    specifier === "missing"
      ? { error: `cannot find module "missing"` }
      : { url: `resolved:${specifier}` },
  );
}

describe("analyzeCell + emitCell", () => {
  it("makes a program cell return its declarations", () => {
    const cell = transpile("const a = x + 1;\nfunction f() {}");
    expect(cell).toMatchObject({
      inputs: ["x"],
      outputs: ["a", "f"],
      expression: false,
      async: false,
    });
    expect(cell.body).toBe(
      "function cell_abc(x) {\nconst a = x + 1;\nfunction f() {}\nreturn {a, f};\n}",
    );
  });

  it("makes an expression cell return its value", () => {
    const cell = transpile("x * 2");
    expect(cell).toMatchObject({ inputs: ["x"], outputs: [], expression: true });
    expect(cell.body).toBe("function cell_abc(x) {\nreturn (\nx * 2\n);\n}");
  });

  it("treats an object literal as an expression and a named function as a declaration", () => {
    expect(transpile("{a: 1}").expression).toBe(true);
    expect(transpile("function named() {}")).toMatchObject({
      expression: false,
      outputs: ["named"],
    });
  });

  it("is async when it awaits or imports at top level", () => {
    expect(transpile("const r = await fetch(u);").async).toBe(true);
    expect(transpile("const f = async () => await g();").async).toBe(false);
    expect(transpile('import {a} from "m";').async).toBe(true);
  });

  it("rewrites static imports to per-cell dynamic imports", () => {
    const cell = transpile(
      'import def, {a, b as c} from "m";\nimport * as ns from "n";\nimport "side";',
    );
    expect(cell.outputs).toEqual(["def", "a", "c", "ns"]);
    expect(cell.body).toContain('const {default: def, a, b: c} = await import("resolved:m");');
    expect(cell.body).toContain('const ns = await import("resolved:n");');
    expect(cell.body).toContain('await import("resolved:side");');
    expect(cell.imports).toEqual(["m", "n", "side"]);
  });

  it("keeps import attributes", () => {
    expect(transpile('import data from "./d.json" with {type: "json"};').body).toContain(
      'await import("resolved:./d.json", {with: {"type": "json"}})',
    );
  });

  it("turns a missing module into an error thrown when the cell runs, naming the cell", () => {
    expect(transpile('import {x} from "missing";').body).toContain(
      'throw new Error("cannot find module \\"missing\\" (imported by the cell at line 10)")',
    );
  });

  it("marks cells that use the gpu as measured", () => {
    expect(transpile("const r = gpu && run(gpu);").measured).toBe(true);
    expect(transpile("const r = cpu(1);").measured).toBe(false);
  });

  it("passes display, view and signal per run, and invalidation for signal", () => {
    const cell = transpile("display(1); const v = view(input); fetch(u, {signal});");
    expect(cell.perRun).toEqual(["display", "view", "signal"]);
    expect(cell.inputs).toEqual(["input", "u", "invalidation"]);
    expect(cell.body).toMatch(
      /^function cell_abc\(display, view, signal, input, u, invalidation\)/,
    );
  });

  it("strips TypeScript, keeping expression cells expressions", () => {
    expect(transpile("const n: number = m as number;", "ts")).toMatchObject({
      outputs: ["n"],
      inputs: ["m"],
    });
    expect(transpile("m as number", "ts")).toMatchObject({ expression: true, inputs: ["m"] });
    expect(transpile("f(m);", "ts").expression).toBe(false);
    expect(
      transpile('import type {T} from "types";\nimport {v} from "vals";\nconst x: T = v;', "ts")
        .outputs,
    ).toEqual(["v", "x"]);
  });

  it("reports syntax errors with their file line and column", () => {
    expect(transpile("const a = 1;\nconst b = (;").error).toEqual({
      message: "SyntaxError: Unexpected token",
      line: 11,
      column: 12,
    });
    expect(transpile("const a: number = ;", "ts").error).toMatchObject({
      message: "SyntaxError: Expression expected.",
      line: 10,
    });
  });

  it("reports export and assignments to outside names as errors", () => {
    expect(transpile("export const a = 1;").error?.message).toMatch(
      /export is not allowed in a cell/,
    );
    expect(transpile("total += 1;").error).toMatchObject({ line: 10, column: 1 });
  });
});
