import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simulateTrace, simulateTraceText } from "../../../src/hwmodels/cache/simulate-trace.ts";
import { ValidationError } from "../../../src/hwmodels/validation.ts";

const fixtures = join(import.meta.dirname, "fixtures", "pycachesim");
const reference = JSON.parse(readFileSync(join(fixtures, "v07_pingpong_2way.json"), "utf8"));
const trace = readFileSync(join(fixtures, reference.trace));
const config = { ...reference.config, semantics: "pycachesim" };

describe("simulateTrace(config, chunks)", () => {
  it("streams byte chunks from an async source, flushing at the end", async () => {
    async function* chunks() {
      for (let at = 0; at < trace.length; at += 4096) yield trace.subarray(at, at + 4096);
    }
    const result = await simulateTrace(config, chunks());
    expect(result.stats).toEqual(reference.expected);
    expect(result).toMatchObject({ format: "fixture", records: reference.accesses });
    expect(result.lines).toBe(trace.toString("utf8").trimEnd().split("\n").length);
  });

  it("rejects a bad config before reading any chunk", async () => {
    let read = false;
    async function* chunks() {
      read = true;
      yield "r 0x0 8\n";
    }
    await expect(simulateTrace({ levels: [] }, chunks())).rejects.toThrow(ValidationError);
    expect(read).toBe(false);
  });
});

describe("simulateTraceText(config, text)", () => {
  it("leaves dirty lines in place with flushAtEnd: false", () => {
    const result = simulateTraceText(config, trace.toString("utf8"), { flushAtEnd: false });
    expect(result.stats).toEqual(reference.expectedBeforeFlush);
  });

  it("reads din text when told to", () => {
    const result = simulateTraceText(
      { levels: [{ name: "L1", sets: 1, ways: 1, lineBytes: 64 }] },
      "0 40\n1 80\n",
      {
        format: "din",
      },
    );
    expect(result.stats.L1).toMatchObject({
      LOAD_count: 2,
      STORE_count: 1,
      MISS_count: 2,
      EVICT_count: 1,
    });
  });
});
