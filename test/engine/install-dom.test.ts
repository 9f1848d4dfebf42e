import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { domGlobalNames } from "../../src/engine/node/install-dom.ts";

const probe = join(import.meta.dirname, "../fixtures/install-dom/which-notebook-loads-jsdom.ts");

/** Runs a notebook headless in a fresh process: was jsdom loaded, and what is its `out`? */
function runFresh(source: string): { jsdomLoaded: boolean; out: unknown } {
  const result = spawnSync(process.execPath, ["--import", "tsx", probe, source], {
    encoding: "utf8",
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

describe("the headless DOM, installed on demand", () => {
  it("lists the globals the pinned jsdom gives (else run npx tsx scripts/dom-global-names.ts)", () => {
    const file = join(import.meta.dirname, "../../src/engine/node/dom-global-names.json");
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(domGlobalNames(new JSDOM("").window));
  });

  it("a notebook that never touches the DOM does not load jsdom (zod's platform check included)", () => {
    const source = [
      "```js",
      'import {getPreset, tiledGemmSeconds} from "codesign-notebook/hwmodels";',
      "```",
      "```js",
      'const out = tiledGemmSeconds({M: 512, N: 512, K: 512, dtype: "fp16"}, {BM: 64, BN: 64, BK: 32, TM: 8, TN: 8}, getPreset("h100-sxm")) > 0;',
      "```",
    ].join("\n");
    expect(runFresh(source)).toEqual({ jsdomLoaded: false, out: true });
  });

  it("the first read of a DOM global installs it: Plot, and a cell's own document", () => {
    const plot = "```js\nconst out = Plot.dot([1, 2], {x: (d) => d}).plot();\n```\n";
    expect(runFresh(plot)).toEqual({ jsdomLoaded: true, out: "svg" });
    const own = '```js\nconst out = document.createElement("p").tagName;\n```\n';
    expect(runFresh(own)).toEqual({ jsdomLoaded: true, out: "P" });
  });
});
