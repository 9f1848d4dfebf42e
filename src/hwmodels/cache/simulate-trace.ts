import type { CacheHierarchyInput } from "./cache-config.ts";
import { CacheHierarchy } from "./cache-hierarchy.ts";
import type { CacheStats } from "./level-stats.ts";
import { type TraceFormat, TraceParser } from "./trace-parser.ts";

export interface TraceSimulationOptions {
  /** Trace text format; defaults to `auto`. */
  format?: TraceFormat;
  /** Write every dirty line back after the last access (as the fixtures do); defaults to true. */
  flushAtEnd?: boolean;
}

/** What a trace run produced: per-level counters plus what was read. */
export interface TraceSimulation {
  /** Counters keyed by level name, then `MEM` (after the final flush unless it was turned off). */
  stats: CacheStats;
  /** The format the trace was read as (`auto` resolved). */
  format: TraceFormat;
  /** Lines read, comments and blanks included. */
  lines: number;
  /** Records simulated: accesses, plus flush records of din traces. */
  records: number;
}

/**
 * Simulates a trace that arrives in chunks (bytes or text): a Node stream, a browser File's
 * `stream()`, or an array of strings. Memory stays bounded whatever the trace's length. Rejects
 * with a ValidationError for a bad config (before reading anything) or a TraceSyntaxError naming
 * the first bad line.
 */
export async function simulateTrace(
  config: CacheHierarchyInput,
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: TraceSimulationOptions = {},
): Promise<TraceSimulation> {
  const simulator = new CacheHierarchy(config);
  const parser = new TraceParser((batch) => simulator.runBatch(batch), { format: options.format });
  for await (const chunk of chunks) parser.push(chunk);
  return finish(simulator, parser, options);
}

/** `simulateTrace` for a trace held in one string. */
export function simulateTraceText(
  config: CacheHierarchyInput,
  text: string,
  options: TraceSimulationOptions = {},
): TraceSimulation {
  const simulator = new CacheHierarchy(config);
  const parser = new TraceParser((batch) => simulator.runBatch(batch), { format: options.format });
  parser.push(text);
  return finish(simulator, parser, options);
}

function finish(
  simulator: CacheHierarchy,
  parser: TraceParser,
  options: TraceSimulationOptions,
): TraceSimulation {
  parser.end();
  if (options.flushAtEnd ?? true) simulator.flush();
  return {
    stats: simulator.stats(),
    format: parser.format,
    lines: parser.lines,
    records: parser.records,
  };
}
