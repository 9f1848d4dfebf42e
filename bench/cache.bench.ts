// Cache models: simulator throughput, trace parsing, miss-ratio curves.
//   npm run bench -- cache
// Every rate is also given as a ratio to a baseline measured in the same run: a loop that only
// reads the same addresses and computes their L1 set index (for the simulator and the curves),
// or one that only finds the line ends (for parsing). The simulator and the curves also report
// the process's CPU time per run (median): on a shared machine it moves far less than the wall
// clock, which counts the time other jobs hold the cores.
import {
  type AccessTrace,
  CacheHierarchy,
  type CacheHierarchyOptions,
  collectTrace,
  StackDistanceProfiler,
  TraceParser,
  tiledGemmTrace,
} from "../src/hwmodels/cache/index.ts";
import { Xorshift32 } from "../src/hwmodels/cache/random-policy.ts";
import { measure, printTable, summarize } from "./lib/measure.ts";

const ACCESSES = 10_000_000;
/** The hierarchy: L1 64 sets x 8 ways x 64 B, L2 1024 sets x 16 ways x 64 B, both LRU. */
const TWO_LEVEL_LRU = {
  levels: [
    { name: "L1", sets: 64, ways: 8, lineBytes: 64 },
    { name: "L2", sets: 1024, ways: 16, lineBytes: 64 },
  ],
};
/** pycachesim's C core on this machine kind, as quoted in issue 4 (accesses per second). */
const PYCACHESIM = { random: 20e6, sequential: 47e6 };

/** Uniformly random 8-byte-aligned addresses over 64 MiB (most accesses miss both levels). */
function randomAddresses(count: number, seed = 1): Float64Array {
  const random = new Xorshift32(seed);
  return Float64Array.from({ length: count }, () => (random.next() % (1 << 23)) * 8);
}

/** A sweep of 8-byte words. */
function sequentialAddresses(count: number): Float64Array {
  return Float64Array.from({ length: count }, (_, i) => i * 8);
}

/** The baseline: read every address and compute its L1 set index, nothing else. */
function readAddresses(addresses: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < addresses.length; i++) sum += Math.floor(addresses[i]! / 64) & 63;
  return sum;
}

const rate = (count: number, seconds: number) => count / seconds;

/** `fn`, plus the CPU seconds (user + system, this process) of each call, to take a median of. */
function cpuTimed<T>(fn: () => T): { fn: () => T; seconds: number[] } {
  const seconds: number[] = [];
  return {
    seconds,
    fn: () => {
      const start = process.cpuUsage();
      const result = fn();
      const { user, system } = process.cpuUsage(start);
      seconds.push((user + system) / 1e6);
      return result;
    },
  };
}

const median = (values: readonly number[]) => summarize(values).median;
const millions = (perSecond: number) => +(perSecond / 1e6).toFixed(1);

/**
 * The simulator as `run` picks its path (WebAssembly where it runs), then held to the generated
 * JavaScript fast path, the one it falls back to, for comparison in the same run.
 */
const SIMULATOR_PATHS: ReadonlyArray<[string, CacheHierarchyOptions]> = [
  ["default", {}],
  ["javascript only", { fastPaths: ["javascript"] }],
];

/** Runs a fresh simulator over `trace` with `options`: the path it took, wall and CPU seconds. */
async function timeSimulation(trace: AccessTrace, options: CacheHierarchyOptions, minRuns: number) {
  let path: string | null = null;
  const timed = cpuTimed(() => {
    path = new CacheHierarchy(TWO_LEVEL_LRU, options).run(trace).lastRunPath;
  });
  const wall = await measure(timed.fn, { minRuns });
  return { path: path ?? "none", wall, cpuSeconds: median(timed.seconds) };
}

async function simulatorThroughput(): Promise<void> {
  const rows = [];
  for (const [pattern, addresses] of [
    ["random", randomAddresses(ACCESSES)],
    ["sequential", sequentialAddresses(ACCESSES)],
  ] as const) {
    const baseline = await measure(() => readAddresses(addresses), { minRuns: 5 });
    for (const [allowed, options] of SIMULATOR_PATHS) {
      const { path, wall, cpuSeconds } = await timeSimulation({ addresses, bytes: 8 }, options, 5);
      const simulated = rate(ACCESSES, wall.median);
      rows.push({
        pattern,
        paths: allowed,
        "path taken": path,
        "accesses/s (M)": millions(simulated),
        "fastest run (M/s)": millions(rate(ACCESSES, wall.min)),
        "per CPU s (M/s)": millions(rate(ACCESSES, cpuSeconds)),
        "baseline (M/s)": millions(rate(ACCESSES, baseline.median)),
        "x baseline": +(simulated / rate(ACCESSES, baseline.median)).toFixed(3),
        "pycachesim (M/s)": PYCACHESIM[pattern] / 1e6,
        "x pycachesim": +(simulated / PYCACHESIM[pattern]).toFixed(2),
      });
    }
  }
  printTable(
    `2-level LRU (L1 64x8x64 B, L2 1024x16x64 B), ${ACCESSES / 1e6} M 8-byte loads from a Float64Array`,
    rows,
  );
}

/** Other kinds of trace through the same hierarchy, on each path: is one path always faster? */
async function simulatorTraceKinds(): Promise<void> {
  const count = 2_000_000;
  const random = new Xorshift32(4);
  const stores = Uint8Array.from({ length: count }, () => (random.next() % 4 === 0 ? 1 : 0));
  const addresses = randomAddresses(count, 5);
  const kinds: Record<string, AccessTrace> = {
    "random, a store in 4": { addresses, stores, bytes: 8 },
    "random, size per access (all 8)": { addresses, bytes: new Float64Array(count).fill(8) },
    "sequential, a store in 4": { addresses: sequentialAddresses(count), stores, bytes: 8 },
    // One access in eight spans two lines: each is handed to the general path.
    "random 16-byte loads, 1 in 8 spans lines": { addresses, bytes: 16 },
    "tiled GEMM 192^3, tile 64x64x16/4x4": collectTrace(
      tiledGemmTrace({ M: 192, N: 192, K: 192, tile: { BM: 64, BN: 64, BK: 16, TM: 4, TN: 4 } }),
    ),
  };
  const rows = [];
  for (const [kind, trace] of Object.entries(kinds)) {
    const accesses = trace.addresses.length;
    const perCpuSecond = [];
    for (const [, options] of SIMULATOR_PATHS) {
      const { path, cpuSeconds } = await timeSimulation(trace, options, 3);
      perCpuSecond.push({ path, rate: rate(accesses, cpuSeconds) });
    }
    const [preferred, javascript] = [perCpuSecond[0]!, perCpuSecond[1]!];
    rows.push({
      trace: kind,
      accesses,
      "path taken": preferred.path,
      "per CPU s (M/s)": millions(preferred.rate),
      "javascript only, per CPU s (M/s)": millions(javascript.rate),
      "x javascript": +(preferred.rate / javascript.rate).toFixed(2),
    });
  }
  printTable("The same hierarchy on other traces (default path vs javascript only)", rows);
}

async function parsingThroughput(): Promise<void> {
  const lines = 2_000_000;
  const random = new Xorshift32(2);
  const texts = {
    fixture: Array.from(
      { length: lines },
      (_, i) => `${i % 5 === 0 ? "w" : "r"} 0x${(random.next() * 8).toString(16)} 8`,
    ).join("\n"),
    din: Array.from(
      { length: lines },
      (_, i) => `${i % 5 === 0 ? 1 : 0} ${(random.next() * 8).toString(16)}`,
    ).join("\n"),
  };
  const rows = [];
  for (const [format, text] of Object.entries(texts) as Array<["fixture" | "din", string]>) {
    const bytes = new TextEncoder().encode(text);
    const chunks = Array.from({ length: Math.ceil(bytes.length / (1 << 20)) }, (_, i) =>
      bytes.subarray(i << 20, (i + 1) << 20),
    );
    const megabytes = bytes.length / 1e6;
    const baseline = await measure(() => {
      let newlines = 0;
      for (const chunk of chunks) {
        for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) newlines++;
      }
      return newlines;
    });
    let records = 0;
    const parse = await measure(() => {
      records = 0;
      const parser = new TraceParser(
        (batch) => {
          records += batch.length;
        },
        { format },
      );
      for (const chunk of chunks) parser.push(chunk);
      parser.end();
    });
    if (records !== lines) throw new Error(`parsed ${records} records of ${lines} lines`);
    rows.push({
      format,
      "MB of text": +megabytes.toFixed(1),
      "parse MB/s": +(megabytes / parse.median).toFixed(0),
      "M lines/s": millions(lines / parse.median),
      "baseline MB/s (find line ends)": +(megabytes / baseline.median).toFixed(0),
      "x baseline": +(baseline.median / parse.median).toFixed(3),
    });
  }
  printTable("Trace text parsing (TraceParser over 1 MiB byte chunks)", rows);
}

async function missRatioCurves(): Promise<void> {
  const gemm = collectTrace(
    tiledGemmTrace({ M: 256, N: 256, K: 256, tile: { BM: 64, BN: 64, BK: 16, TM: 4, TN: 4 } }),
  );
  const traces = {
    "random over 64 MiB (1 M distinct lines)": randomAddresses(ACCESSES, 3),
    [`tiled GEMM 256^3, tile 64x64x16/4x4`]: gemm.addresses,
    "sequential 8-byte sweep": sequentialAddresses(ACCESSES),
  };
  const rows = [];
  for (const [name, addresses] of Object.entries(traces)) {
    const baseline = await measure(() => readAddresses(addresses), { minRuns: 3 });
    const timed = cpuTimed(() =>
      new StackDistanceProfiler(64).addTrace({ addresses, bytes: 8 }).profile(),
    );
    const profile = await measure(timed.fn, { warmup: 0, minRuns: 3, minSeconds: 0 });
    rows.push({
      trace: name,
      accesses: addresses.length,
      "seconds (median)": +profile.median.toFixed(2),
      "fastest (s)": +profile.min.toFixed(2),
      "CPU s (median)": +median(timed.seconds).toFixed(2),
      "M accesses/s": millions(rate(addresses.length, profile.median)),
      "baseline (s)": +baseline.median.toFixed(3),
      "x baseline time": +(profile.median / baseline.median).toFixed(0),
    });
  }
  printTable("Miss-ratio curve: one stack-distance pass at 64-byte lines (goal: < 2 s)", rows);
}

await simulatorThroughput();
await simulatorTraceKinds();
await parsingThroughput();
await missRatioCurves();
