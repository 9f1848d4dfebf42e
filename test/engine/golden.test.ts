// Golden notebooks: each test/input/*.md parses and transpiles to test/output/*.json. On a
// mismatch the new output is written as test/output/*-changed.json for review; rename it over
// the old file to accept it.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseNotebook } from "../../src/engine/parse/parse-notebook.ts";
import { transpileNotebook } from "../../src/engine/transpile-notebook.ts";

const inputs = join(import.meta.dirname, "../input");
const outputs = join(import.meta.dirname, "../output");

describe("golden notebooks", () => {
  for (const file of readdirSync(inputs).filter((name) => name.endsWith(".md"))) {
    it(`${file} transpiles to the expected cell graph`, async () => {
      const source = readFileSync(join(inputs, file), "utf8");
      // Resolve imports to themselves, so the golden files hold no machine paths.
      const notebook = await transpileNotebook(parseNotebook(source, file), (specifier) => ({
        url: specifier,
      }));
      const actual = `${JSON.stringify(notebook, null, 2)}\n`;
      const expectedPath = join(outputs, `${basename(file, ".md")}.json`);
      const changedPath = join(outputs, `${basename(file, ".md")}-changed.json`);
      const expected = existsSync(expectedPath) ? readFileSync(expectedPath, "utf8") : undefined;
      if (actual === expected) {
        rmSync(changedPath, { force: true });
      } else {
        writeFileSync(changedPath, actual);
      }
      expect(actual, `wrote ${changedPath}`).toBe(expected);
    });
  }
});
