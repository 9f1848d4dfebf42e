import { describe, expect, it } from "vitest";
import type { AccessBatch } from "../../../src/hwmodels/cache/access-trace.ts";
import { joinAddress } from "../../../src/hwmodels/cache/address.ts";
import { type TraceFormat, TraceParser } from "../../../src/hwmodels/cache/trace-parser.ts";

type Record = [kind: "load" | "store" | "flush", address: bigint, bytes: number];

function parse(chunks: Array<string | Uint8Array>, format: TraceFormat = "auto", batchSize = 4) {
  const records: Record[] = [];
  const batchLengths: number[] = [];
  const parser = new TraceParser(
    (batch: AccessBatch) => {
      batchLengths.push(batch.length);
      for (let i = 0; i < batch.length; i++) {
        const kind = (["load", "store", "flush"] as const)[batch.kinds[i]!]!;
        records.push([kind, joinAddress(batch.hi[i]!, batch.lo[i]!), batch.bytes[i]!]);
      }
    },
    { format, batchSize },
  );
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return { records, batchLengths, parser };
}

const parseText = (text: string, format?: TraceFormat) => parse([text], format).records;

describe("TraceParser: the fixture format", () => {
  it("reads ops, hex addresses and decimal sizes (default 1), skipping comments and blanks", () => {
    const text = "# a comment\nr 0x10003f8 8\n\nw 0x20 \n  r\t0X1F   16\r\n";
    expect(parseText(text)).toEqual([
      ["load", 0x10003f8n, 8],
      ["store", 0x20n, 1],
      ["load", 0x1fn, 16],
    ]);
  });

  it("gives the same records however the input is cut into chunks, bytes or text", () => {
    const text = "r 0x1000 8\nw 0xffffffffffffffc0 64\n# note\nr 0x0 1\nr 0xabc";
    const whole = parseText(text);
    const bytes = new TextEncoder().encode(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(parse([bytes.subarray(0, cut), bytes.subarray(cut)]).records).toEqual(whole);
    }
    expect(parse(text.split("")).records).toEqual(whole);
  });

  it("hands on full batches as they fill, then the rest at the end", () => {
    const text = Array.from({ length: 10 }, (_, i) => `r 0x${i.toString(16)} 4`).join("\n");
    const { batchLengths, parser } = parse([text]);
    expect(batchLengths).toEqual([4, 4, 2]);
    expect(parser.records).toBe(10);
    expect(parser.lines).toBe(10);
  });

  it("reads 64-bit addresses exactly, leading zeros allowed", () => {
    expect(parseText("r 0xfedcba9876543210 8\nr 0x0000000000000000000ff 1")).toEqual([
      ["load", 0xfedcba9876543210n, 8],
      ["load", 0xffn, 1],
    ]);
  });

  const errors: Array<[string, string]> = [
    ["r 0x10 8\nx 0x10 8", 'line 2: unknown op "x" (expected r or w) in "x 0x10 8"'],
    ["read 0x10", 'line 1: unknown op "read" (expected r or w) in "read 0x10"'],
    ["r 0x1ffffffffffffffff", 'line 1: address is beyond 64 bits in "r 0x1ffffffffffffffff"'],
    ["r 10", 'line 1: address must be hexadecimal with a 0x prefix in "r 10"'],
    ["r 0x1g", 'line 1: address must be hexadecimal with a 0x prefix in "r 0x1g"'],
    ["r", 'line 1: missing address in "r"'],
    ["r 0x10 0", 'line 1: size must be at least 1 byte in "r 0x10 0"'],
    ["r 0x10 8.5", 'line 1: size must be a decimal number of bytes in "r 0x10 8.5"'],
    ["r 0x10 4294967296", 'line 1: size must be below 2^32 bytes in "r 0x10 4294967296"'],
    ["r 0x10 8 extra", 'line 1: unexpected text after the size in "r 0x10 8 extra"'],
    [
      "w 0xfffffffffffffff8 16",
      'line 1: access runs past the 64-bit address space in "w 0xfffffffffffffff8 16"',
    ],
  ];
  for (const [text, message] of errors) {
    it(`rejects ${JSON.stringify(text)}, naming the line and quoting it`, () => {
      expect(() => parse([text], "fixture")).toThrow(message);
    });
  }
});

describe("TraceParser: Dinero's din format", () => {
  it("reads labels 0-3 as 4-byte word accesses and 4 as a flush, ignoring the rest of a line", () => {
    const text = "2 0 instruction fetch\n0 1000\n1 70f6088b\n3 0x7ffc\n4 0\n0 ffffffffffffffff\n";
    expect(parseText(text, "din")).toEqual([
      ["load", 0x0n, 4],
      ["load", 0x1000n, 4],
      ["store", 0x70f60888n, 4],
      ["load", 0x7ffcn, 4],
      ["flush", 0n, 0],
      ["load", 0xfffffffffffffffcn, 4],
    ]);
  });

  it("rejects invalidates, unknown labels, bad and oversized addresses", () => {
    expect(() => parse(["5 1000"], "din")).toThrow(
      'line 1: din label 5 (invalidate) is not supported in "5 1000"',
    );
    expect(() => parse(["0 10\n9 10"], "din")).toThrow('line 2: unknown din label "9"');
    expect(() => parse(["x 10"], "din")).toThrow("line 1: din label must be a hex number");
    expect(() => parse(["0 12z4"], "din")).toThrow("line 1: address must be hexadecimal");
    expect(() => parse(["0"], "din")).toThrow('line 1: missing address in "0"');
    expect(() => parse(["1 10000000000000000"], "din")).toThrow("address is beyond 64 bits");
  });
});

describe("TraceParser: format detection", () => {
  it("decides from the first line that is neither blank nor a comment", () => {
    expect(parse(["# din below\n\n0 1000\n"]).parser.format).toBe("din");
    expect(parse(["# fixture below\nw 0x1000 8\n"]).parser.format).toBe("fixture");
  });

  it("says so when the first data line fits neither format", () => {
    expect(() => parse(["# header\nload 0x1000"])).toThrow("line 2: cannot tell the trace format");
  });

  it("keeps counting lines for errors after the detection", () => {
    expect(() => parse(["0 10\n1 20\nr 0x30"])).toThrow("line 3: din label must be a hex number");
  });
});
