import { afterEach, describe, expect, it } from "vitest";
import { frames, type Harness, jsCells, notebookHarness } from "../notebook-harness.ts";

let harness: Harness | undefined;
afterEach(() => harness?.dispose());

/** A builtin that records each call, so tests can see which cells ran. */
function recorder() {
  const runs: string[] = [];
  return { runs, builtins: { ran: () => (name: string) => runs.push(name) } };
}

describe("reactive re-runs", () => {
  it("a change re-runs only the cells that depend on it", async () => {
    const { runs, builtins } = recorder();
    harness = await notebookHarness(
      jsCells(
        "const a = Mutable(1); const setA = (v) => (a.value = v);",
        "const b = 10; ran('b');",
        "const doubled = (ran('doubled'), a * 2);",
        "const both = (ran('both'), doubled + b);",
      ),
      builtins,
    );
    expect(await harness.valueof("both")).toEqual({ value: 12 });
    runs.length = 0;
    const { value: setA } = (await harness.valueof("setA")) as { value: (v: number) => void };
    setA(5);
    await frames();
    await harness.settle();
    expect(await harness.valueof("both")).toEqual({ value: 20 });
    expect(runs.sort()).toEqual(["both", "doubled"]);
  });

  it("a view's value drives its dependents when the input changes", async () => {
    harness = await notebookHarness(
      jsCells("const n = view(Inputs.range([1, 100], {value: 10, step: 1}));", "const sq = n * n;"),
    );
    expect(await harness.valueof("sq")).toEqual({ value: 100 });
    const input = harness.cell(0).displays[0] as HTMLElement & { value: number };
    input.value = 12;
    input.dispatchEvent(new window.Event("input", { bubbles: true }));
    await frames();
    await harness.settle();
    expect(await harness.valueof("sq")).toEqual({ value: 144 });
  });
});

describe("async and generator cells", () => {
  it("an async cell's dependents wait for its value", async () => {
    harness = await notebookHarness(
      jsCells(
        "const x = await new Promise((r) => setTimeout(() => r(7), 20));",
        "const y = x + 1;",
      ),
    );
    expect(await harness.valueof("y")).toEqual({ value: 8 });
  });

  it("a generator cell takes each yielded value in turn", async () => {
    harness = await notebookHarness(
      jsCells(
        "const ticks = (async function* () { for (let i = 1; i <= 3; i++) { await new Promise((r) => setTimeout(r, 5)); yield i; } })();",
        "ticks * 10",
      ),
    );
    await new Promise((r) => setTimeout(r, 100));
    await harness.settle();
    expect(await harness.valueof("ticks")).toEqual({ value: 3 });
    expect(harness.cell(1).displays).toEqual([30]);
  });

  it("an expression cell displays its value; a program cell only what it passes to display()", async () => {
    harness = await notebookHarness(
      jsCells("1 + 2", "const z = 4;", "display('shown'); const w = 5;"),
    );
    expect(harness.cell(0).displays).toEqual([3]);
    expect(harness.cell(1).displays).toEqual([]);
    expect(harness.cell(2).displays).toEqual(["shown"]);
  });
});

describe("invalidation", () => {
  it("a re-run resolves the previous run's invalidation promise and aborts its signal", async () => {
    const events: string[] = [];
    harness = await notebookHarness(
      jsCells(
        "const a = Mutable(1); const setA = (v) => (a.value = v);",
        "const watched = a; invalidation.then(() => log('invalidated ' + watched)); signal.addEventListener('abort', () => log('aborted ' + watched));",
      ),
      { log: () => (event: string) => events.push(event) },
    );
    const { value: setA } = (await harness.valueof("setA")) as { value: (v: number) => void };
    setA(2);
    await frames();
    await harness.settle();
    expect(events.sort()).toEqual(["aborted 1", "invalidated 1"]);
  });

  it("a stale async result never overwrites a newer one", async () => {
    // The first run (a = 1) finishes after the second (a = 2): its value must be dropped.
    harness = await notebookHarness(
      jsCells(
        "const a = Mutable(1); const setA = (v) => (a.value = v);",
        "const slow = await new Promise((r) => setTimeout(() => r(a), a === 1 ? 80 : 5)); display(slow);",
      ),
    );
    const { value: setA } = (await harness.valueof("setA")) as { value: (v: number) => void };
    setA(2);
    await new Promise((r) => setTimeout(r, 150));
    await harness.settle();
    expect(await harness.valueof("slow")).toEqual({ value: 2 });
    expect(harness.cell(1).displays).toEqual([2]);
  });

  it("a stale run's display() calls are dropped", async () => {
    harness = await notebookHarness(
      jsCells(
        "const a = Mutable(1); const setA = (v) => (a.value = v);",
        "{ const mine = a; await new Promise((r) => setTimeout(r, mine === 1 ? 60 : 1)); display('from run ' + mine); }",
      ),
    );
    const { value: setA } = (await harness.valueof("setA")) as { value: (v: number) => void };
    setA(2);
    await new Promise((r) => setTimeout(r, 120));
    await harness.settle();
    expect(harness.cell(1).displays).toEqual(["from run 2"]);
  });
});

describe("errors stay in their cell", () => {
  it("a runtime error shows in its cell and the other cells still run", async () => {
    harness = await notebookHarness(jsCells("const bad = null.boom;", "const good = 1 + 1;"));
    expect(harness.cell(0).errors).toEqual([
      "TypeError: Cannot read properties of null (reading 'boom')",
    ]);
    expect(await harness.valueof("good")).toEqual({ value: 2 });
  });

  it("a syntax error shows with its file line; other cells run", async () => {
    harness = await notebookHarness(jsCells("const ok = 1;", "const oops = (;"));
    expect(harness.cell(1).errors[0]).toMatch(/^SyntaxError: Unexpected token/);
    expect(harness.cell(1).failures[0]!.location).toBe("test.md:6:15");
    expect(await harness.valueof("ok")).toEqual({ value: 1 });
  });

  it("x is not defined, in the cell that uses x", async () => {
    harness = await notebookHarness(jsCells("const y = x + 1;", "const fine = 2;"));
    expect(harness.cell(0).errors).toEqual(["x is not defined"]);
    expect(await harness.valueof("fine")).toEqual({ value: 2 });
  });

  it("x is defined more than once, in both defining cells", async () => {
    harness = await notebookHarness(jsCells("const x = 1;", "const x = 2;", "const user = x;"));
    expect(harness.cell(0).errors).toEqual(["x is defined more than once"]);
    expect(harness.cell(1).errors).toEqual(["x is defined more than once"]);
    expect(harness.cell(2).errors).toEqual(["x is defined more than once"]);
  });

  it("circular definition, in every cell of the cycle", async () => {
    harness = await notebookHarness(
      jsCells("const a = b + 1;", "const b = a + 1;", "const c = 3;"),
    );
    expect(harness.cell(0).errors).toEqual(["circular definition"]);
    expect(harness.cell(1).errors).toEqual(["circular definition"]);
    expect(await harness.valueof("c")).toEqual({ value: 3 });
  });

  it("assigning to another cell's name is an error in the assigning cell", async () => {
    harness = await notebookHarness(jsCells("let count = 0;", "count = 5;"));
    expect(harness.cell(1).errors[0]).toMatch(
      /^SyntaxError: cannot assign to count: it is not declared in this cell/,
    );
    expect(await harness.valueof("count")).toEqual({ value: 0 });
  });

  it("a missing module fails only the cells that import it", async () => {
    harness = await notebookHarness(
      jsCells('import {x} from "./no-such-module.js";', "const fine = 1;"),
    );
    expect(harness.cell(0).errors[0]).toMatch(/cannot find module "\.\/no-such-module\.js"/);
    expect(await harness.valueof("fine")).toEqual({ value: 1 });
  });
});

describe("recovery when the source is fixed", () => {
  const cases: [string, string[], string[]][] = [
    ["syntax error", ["const a = (;"], ["const a = 1;"]],
    ["undefined name", ["const a = x;"], ["const x = 0;", "const a = x + 1;"]],
    ["duplicate definition", ["const a = 1;", "const a = 2;"], ["const a = 1;"]],
    ["circular definition", ["const a = b;", "const b = a;"], ["const a = 1;", "const b = a;"]],
    ["assignment to another cell", ["let a = 1;", "a = 2;"], ["let a = 1;", "const b = a + 1;"]],
  ];
  for (const [problem, broken, fixed] of cases) {
    it(`recovers from a ${problem} without a reload`, async () => {
      harness = await notebookHarness(jsCells(...broken));
      const errors = broken.flatMap((_, i) => harness!.cell(i).errors);
      expect(errors.length).toBeGreaterThan(0);
      await harness.edit(jsCells(...fixed));
      expect(await harness.valueof("a")).toEqual({ value: 1 });
      for (let i = 0; i < fixed.length; i++) expect(harness.cell(i).errors).toEqual([]);
    });
  }
});

describe("hot reload", () => {
  it("editing one cell redefines only that cell; an input elsewhere keeps its value", async () => {
    const { runs, builtins } = recorder();
    const source = (label: string) =>
      jsCells(
        "const n = view(Inputs.range([1, 100], {value: 10, step: 1}));",
        "const unrelated = (ran('unrelated'), 1);",
        `const label = (ran('label'), "${label}");`,
      );
    harness = await notebookHarness(source("first"), builtins);
    const input = harness.cell(0).displays[0] as HTMLElement & { value: number };
    input.value = 42;
    input.dispatchEvent(new window.Event("input", { bubbles: true }));
    await frames();
    await harness.settle();
    runs.length = 0;
    const change = await harness.edit(source("second"));
    expect(change.added).toHaveLength(1);
    expect(change.removed).toHaveLength(1);
    expect(runs).toEqual(["label"]);
    expect(await harness.valueof("label")).toEqual({ value: "second" });
    expect(await harness.valueof("n")).toEqual({ value: 42 });
  });
});
