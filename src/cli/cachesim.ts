import { readFile } from "node:fs/promises";
import { type Command, Option } from "commander";
import {
  CACHE_SEMANTICS,
  CacheHierarchy,
  type CacheHierarchyConfig,
  type CacheSemantics,
  parseCacheConfig,
  TRACE_FORMATS,
  type TraceFormat,
  TraceParser,
  TraceSyntaxError,
} from "../hwmodels/cache/index.ts";
import { formatIssue, ValidationError } from "../hwmodels/validation.ts";
import { formatCachesimReport } from "./cachesim-report.ts";
import { traceChunks } from "./read-trace.ts";
import { UsageError } from "./usage-error.ts";

interface CachesimOptions {
  config: string;
  trace: string;
  format: TraceFormat;
  json?: boolean;
  flush: boolean;
  semantics?: CacheSemantics;
}

/**
 * `codesign-notebook cachesim --config cfg.json [--trace file|-] [--format auto|fixture|din]
 * [--json]`: runs a trace through a cache hierarchy and reports each level's counts and bytes.
 * Nothing is printed until the whole trace has been read, so a bad line never leaves a partial
 * report behind.
 */
export function registerCachesim(program: Command): void {
  program
    .command("cachesim")
    .description("simulate a cache hierarchy over a memory trace (see docs/cache-models.md)")
    .requiredOption(
      "--config <file>",
      "hierarchy config, JSON: {levels: [{name, sets, ways, lineBytes, policy, writePolicy}]}",
    )
    .option("--trace <file>", "trace file, or - for stdin", "-")
    .addOption(
      new Option("--format <format>", "trace format").choices(TRACE_FORMATS).default("auto"),
    )
    .addOption(
      new Option("--semantics <semantics>", "override the config's counting rules").choices(
        CACHE_SEMANTICS,
      ),
    )
    .option("--no-flush", "do not write dirty lines back after the last access")
    .option("--json", "print the counters as JSON, keyed by level name and MEM")
    .action(async (options: CachesimOptions) => {
      const config = await readConfig(options.config);
      if (options.semantics) config.semantics = options.semantics;
      const simulator = new CacheHierarchy(config);
      const parser = new TraceParser((batch) => simulator.runBatch(batch), {
        format: options.format,
      });
      try {
        for await (const chunk of traceChunks(options.trace)) parser.push(chunk);
        parser.end();
      } catch (error) {
        if (error instanceof TraceSyntaxError) {
          throw new UsageError(`${traceName(options.trace)}: ${error.message}`);
        }
        throw error;
      }
      if (options.flush) simulator.flush();
      const stats = simulator.stats();
      process.stdout.write(
        options.json
          ? `${JSON.stringify(stats, null, 2)}\n`
          : formatCachesimReport(config, stats, {
              trace: options.trace,
              format: parser.format,
              records: parser.records,
              flushed: options.flush,
            }),
      );
    });
}

/** Reads and validates the config; every problem becomes one UsageError line. */
async function readConfig(path: string): Promise<CacheHierarchyConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? String(error.code) : String(error);
    throw new UsageError(`cannot read config ${path}: ${reason}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  try {
    return parseCacheConfig(data, path);
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new UsageError(`${path}: ${error.issues.map(formatIssue).join("; ")}`);
    }
    throw error;
  }
}

function traceName(path: string): string {
  return path === "-" ? "stdin" : path;
}
