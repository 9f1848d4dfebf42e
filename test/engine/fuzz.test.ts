// Feeds thousands of random and mutated notebooks through parse + transpile: every one must
// come back as cells (problems attached, never thrown) and finish; vitest's timeout catches a hang.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseNotebook } from "../../src/engine/parse/parse-notebook.ts";
import { transpileNotebook } from "../../src/engine/transpile-notebook.ts";
import { seededRandom } from "../../src/gpu/random.ts";

const corpus = [
  ...readdirSync(join(import.meta.dirname, "../input")).map((file) =>
    readFileSync(join(import.meta.dirname, "../input", file), "utf8"),
  ),
  readFileSync(join(import.meta.dirname, "../../notebooks/intro.md"), "utf8"),
];
const fragments = [
  "```js\n",
  "```ts\n",
  "```\n",
  "```js echo\n",
  "---\n",
  "title: x\n",
  "params:\n  n: 1\n",
  "${",
  "}",
  "`",
  "const ",
  "let ",
  "x = ",
  "await ",
  'import {a} from "m";\n',
  "export ",
  "function f(",
  ") {",
  "yield ",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ";",
  "\n",
  '"',
  "'",
  "/*",
  "*/",
  "//",
  "=>",
  "class K {",
  "#",
  "<div>",
  "</div>",
  "view(Inputs.range([0, 1]))",
  "display(",
  "signal",
  "invalidation",
  "\u2028",
  "\0",
  "\\",
  "${a * b}",
  "::",
];

function mutate(text: string, next: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(next() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * (out.length + 1));
    const choice = next();
    if (choice < 0.4)
      out = out.slice(0, at) + fragments[Math.floor(next() * fragments.length)] + out.slice(at);
    else if (choice < 0.7) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(next() * 20));
    else {
      const from = Math.floor(next() * out.length);
      out = out.slice(0, at) + out.slice(from, from + Math.floor(next() * 40)) + out.slice(at);
    }
  }
  return out;
}

function randomNotebook(next: () => number): string {
  const parts: string[] = [];
  const count = Math.floor(next() * 30);
  for (let i = 0; i < count; i++) parts.push(fragments[Math.floor(next() * fragments.length)]!);
  return parts.join("");
}

async function survives(source: string): Promise<void> {
  const notebook = await transpileNotebook(parseNotebook(source, "fuzz.md"), (specifier) => ({
    url: specifier,
  }));
  for (const cell of notebook.cells) {
    // Each cell either has a body that is valid JavaScript or says why it has none.
    if (cell.body !== undefined)
      expect(() => new Function(`"use strict"; return (${cell.body});`)).not.toThrow();
    else if (cell.run) expect(cell.error?.message).toBeTruthy();
  }
}

describe("fuzzing parse + transpile", () => {
  it("survives 2,000 mutated notebooks", async () => {
    const next = seededRandom(1);
    for (let i = 0; i < 2000; i++) {
      const source = mutate(corpus[i % corpus.length]!, next);
      await survives(source).catch((error) => {
        throw new Error(`mutated notebook #${i} (seed 1): ${error}\n---\n${source}`);
      });
    }
  }, 120_000);

  it("survives 2,000 random notebooks", async () => {
    const next = seededRandom(2);
    for (let i = 0; i < 2000; i++) {
      const source = randomNotebook(next);
      await survives(source).catch((error) => {
        throw new Error(`random notebook #${i} (seed 2): ${error}\n---\n${source}`);
      });
    }
  }, 120_000);
});
