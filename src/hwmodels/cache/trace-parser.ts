import { AccessBatch } from "./access-trace.ts";
import { looksLikeDinLine, parseDinLine } from "./din-trace-format.ts";
import { looksLikeFixtureLine, parseFixtureLine } from "./fixture-trace-format.ts";
import { firstField, type HexField, lineText, type TraceLineParser } from "./trace-line-scanner.ts";
import { TraceSyntaxError } from "./trace-syntax-error.ts";

// Bytes, as constants declared before use (the JIT can fold them).
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** Trace text formats: `fixture` (`r|w 0x<addr> [bytes]`), Dinero's `din`, or `auto`. */
export const TRACE_FORMATS = ["auto", "fixture", "din"] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

export interface TraceParserOptions {
  /** Defaults to `auto`: decided by the first line that is neither blank nor a `#` comment. */
  format?: TraceFormat;
  /** Records per batch handed to `onBatch`; defaults to 65536. */
  batchSize?: number;
}

/**
 * Reads a trace incrementally: `push` chunks of bytes or text as they arrive (from a file stream,
 * stdin, a browser File's stream), `end()` after the last. Complete batches of records go to
 * `onBatch` as they fill, so memory stays bounded whatever the trace's length; the batch passed
 * is reused afterwards, so consume it before returning. Throws a TraceSyntaxError naming the
 * line number and text of the first bad line.
 *
 * ```ts
 * const parser = new TraceParser((batch) => sim.runBatch(batch));
 * for await (const chunk of file.stream()) parser.push(chunk);
 * parser.end();
 * ```
 */
export class TraceParser {
  /** Lines read so far (complete lines, comments and blanks included). */
  lines = 0;
  /** Records (accesses and flushes) emitted so far. */
  records = 0;
  /** The format in use; `auto` until the first data line decides it. */
  format: TraceFormat;

  private readonly batch: AccessBatch;
  private readonly batchSize: number;
  private readonly hex: HexField = { hi: 0, lo: 0, digits: 0, bad: -1 };
  private readonly encoder = new TextEncoder();
  private parseLine: TraceLineParser | null;
  /** Bytes of an unfinished line from the previous chunk. */
  private carry: Uint8Array = new Uint8Array(0);
  private ended = false;

  constructor(
    private readonly onBatch: (batch: AccessBatch) => void,
    options: TraceParserOptions = {},
  ) {
    this.format = options.format ?? "auto";
    this.batchSize = options.batchSize ?? 65536;
    this.batch = new AccessBatch(this.batchSize);
    this.parseLine = this.format === "auto" ? null : lineParserFor(this.format);
  }

  push(chunk: Uint8Array | string): void {
    if (this.ended) throw new Error("TraceParser.push after end()");
    let bytes = typeof chunk === "string" ? this.encoder.encode(chunk) : chunk;
    let at = 0;
    if (this.carry.length > 0) {
      const newline = bytes.indexOf(NEWLINE);
      if (newline < 0) {
        this.carry = concat(this.carry, bytes);
        return;
      }
      const line = concat(this.carry, bytes.subarray(0, newline));
      this.carry = new Uint8Array(0);
      this.readLine(line, 0, line.length);
      at = newline + 1;
    }
    for (;;) {
      const newline = bytes.indexOf(NEWLINE, at);
      if (newline < 0) break;
      this.readLine(bytes, at, newline);
      at = newline + 1;
    }
    if (at < bytes.length) {
      // Copy: the caller may reuse its buffer.
      bytes = bytes.slice(at);
      this.carry = bytes;
    }
  }

  /** Reads the last line (if it has no newline) and hands on the last, partial batch. */
  end(): void {
    if (this.ended) return;
    if (this.carry.length > 0) {
      const line = this.carry;
      this.carry = new Uint8Array(0);
      this.readLine(line, 0, line.length);
    }
    this.ended = true;
    this.emit();
  }

  private readLine(bytes: Uint8Array, start: number, end: number): void {
    this.lines++;
    if (end > start && bytes[end - 1] === CARRIAGE_RETURN) end--;
    let parseLine = this.parseLine;
    if (parseLine === null) {
      parseLine = this.detectFormat(bytes, start, end);
      if (parseLine === null) return;
    }
    const before = this.batch.length;
    const problem = parseLine(bytes, start, end, this.batch, this.hex);
    if (problem !== null)
      throw new TraceSyntaxError(this.lines, lineText(bytes, start, end), problem);
    this.records += this.batch.length - before;
    if (this.batch.length >= this.batchSize) this.emit();
  }

  /** Decides the format from the first data line; null while only blanks and comments were seen. */
  private detectFormat(bytes: Uint8Array, start: number, end: number): TraceLineParser | null {
    const at = firstField(bytes, start, end);
    if (at < 0) return null;
    if (looksLikeFixtureLine(bytes, at, end)) this.format = "fixture";
    else if (looksLikeDinLine(bytes, at)) this.format = "din";
    else {
      throw new TraceSyntaxError(
        this.lines,
        lineText(bytes, start, end),
        "cannot tell the trace format: expected `r|w 0x<address> [bytes]` or a din `<label> <address>`",
      );
    }
    this.parseLine = lineParserFor(this.format);
    return this.parseLine;
  }

  private emit(): void {
    if (this.batch.length === 0) return;
    this.onBatch(this.batch);
    this.batch.clear();
  }
}

function lineParserFor(format: Exclude<TraceFormat, "auto">): TraceLineParser {
  return format === "din" ? parseDinLine : parseFixtureLine;
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first);
  joined.set(second, first.length);
  return joined;
}
