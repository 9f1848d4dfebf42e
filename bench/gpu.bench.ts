// WebGPU kernels, as ratios measured in one run on one adapter (npm run bench -- gpu):
//   1. a bounded on-device tile autotune at 512^3 (every run verified), and how the analytic
//      model's searchTiles ranks the same tiles on a spec of this machine measured in the run;
//   2. the best tile against the naive kernel at 512^3 and 1024^3;
//   3. the best tile against TensorFlow.js's WebGPU matmul on the same device.
// Measurements alternate between the kernels compared, round by round, so a noisy neighbour on a
// shared machine slows both. Knobs: GPU_BENCH_SIZES (default 512,1024), GPU_BENCH_ROUNDS (2),
// GPU_BENCH_TUNE_SECONDS (90).
import { AUTOTUNE_TILE_SPACE, autotuneTiles } from "../src/gpu/autotune-tiles.ts";
import { benchMatmul, type MatmulResult, randomMatrix } from "../src/gpu/bench-matmul.ts";
import { characterizeDevice } from "../src/gpu/characterize.ts";
import { acquireDevice, releaseDevice } from "../src/gpu/device.ts";
import { MATMUL_TOLERANCE, matmulChecks } from "../src/gpu/kernels/matmul-reference.ts";
import type { TimingOptions } from "../src/gpu/timing.ts";
import { verifyElements } from "../src/gpu/verify.ts";
import { parseTile } from "../src/hwmodels/gemm-tile.ts";
import { parseHardwareSpec } from "../src/hwmodels/hardware-spec.ts";
import { searchTiles } from "../src/hwmodels/tile-search.ts";
import { tiledGemmSeconds } from "../src/hwmodels/tiled-gemm.ts";
import { formatQuantity } from "../src/hwmodels/units.ts";
import { printTable } from "./lib/measure.ts";
import { spearman } from "./lib/rank-correlation.ts";
import { tfjsMatmul } from "./lib/tfjs-matmul.ts";

const sizes = (process.env.GPU_BENCH_SIZES ?? "512,1024").split(",").map(Number);
const rounds = Number(process.env.GPU_BENCH_ROUNDS ?? 2);
const tuneSeconds = Number(process.env.GPU_BENCH_TUNE_SECONDS ?? 90);
const timing: TimingOptions = { warmup: 1, repeats: 3, dispatchesPerPass: 1 };
const SEED = 1;

const context = await acquireDevice();
console.log(`adapter: ${context.adapter.name}`);
console.log(
  `timing: ${context.hasTimestamps ? "timestamp-query (GPU timestamps per pass)" : "wall clock (no timestamp-query)"}; ` +
    `${rounds} alternating rounds of ${timing.repeats} timed dispatches after ${timing.warmup} warm-up`,
);

// 1. Autotune.
const tuneSize = 512;
const tune = await autotuneTiles(context, {
  M: tuneSize,
  N: tuneSize,
  K: tuneSize,
  budgetSeconds: tuneSeconds,
  onProgress: (done, _total, label) => process.stderr.write(`autotune ${done}: ${label}\n`),
});
const best = tune.best;
if (!best?.tile) throw new Error("autotune measured no tile");
printTable(
  `autotune at ${tuneSize}^3: ${tune.ranking.length} tiles measured in ${tune.seconds.toFixed(0)} s (${tune.untried.length} untried)`,
  tune.ranking.slice(0, 8).map((result, rank) => ({
    rank: rank + 1,
    tile: result.tile!,
    "GFLOP/s": result.flopsPerSecond / 1e9,
    "median ms": result.timing.summary.median * 1e3,
  })),
);

// 1b. The analytic model's ranking of the same tile space, on a spec of this machine measured
// now (a short characterization), against what the device measured.
const { spec } = await characterizeDevice(context, {
  streamBytes: [2 ** 16, 2 ** 20, 2 ** 24],
  chaseBytes: [2 ** 12, 2 ** 14, 2 ** 16, 2 ** 18, 2 ** 20, 2 ** 22, 2 ** 24],
  timing: { warmup: 1, repeats: 3 },
});
const hw = parseHardwareSpec(spec, "this machine");
const problem = { M: tuneSize, N: tuneSize, K: tuneSize, dtype: "fp32" as const };
const analytic = searchTiles(problem, hw, { space: AUTOTUNE_TILE_SPACE, top: 5 });
const measuredTiles = tune.ranking.map((result) => result.tile!);
const pairs = tune.ranking.map((result) => ({
  measured: result.timing.summary.median,
  predicted: tiledGemmSeconds(problem, parseTile(result.tile!), hw),
}));
const analyticBest = analytic.ranked[0]!.tileText;
const analyticRun =
  tune.ranking.find((result) => result.tile === analyticBest) ??
  (await benchMatmul(context, {
    ...problem,
    tile: analyticBest,
    timing: { warmup: 1, repeats: 3 },
  }));
printTable(
  `searchTiles on the measured spec (${formatQuantity(hw.compute.vector?.fp32?.flopsPerSecond ?? 0, "flopsPerSecond")} FMA peak): its top 5 vs the device`,
  analytic.ranked.map((ranked) => {
    const run =
      ranked.tileText === analyticBest
        ? analyticRun
        : tune.ranking.find((r) => r.tile === ranked.tileText);
    return {
      "model rank": ranked.rank,
      tile: ranked.tileText,
      "predicted GFLOP/s": (2 * tuneSize ** 3) / ranked.seconds / 1e9,
      "bound by": ranked.bound,
      "measured GFLOP/s": run ? run.flopsPerSecond / 1e9 : "not measured",
      "autotune rank": measuredTiles.includes(ranked.tileText)
        ? measuredTiles.indexOf(ranked.tileText) + 1
        : "-",
    };
  }),
);
console.log(
  `model's best ${analyticBest} runs at ${(best.timing.summary.median / analyticRun.timing.summary.median).toFixed(2)}x the speed of the autotune's best ${best.tile}; ` +
    `Spearman rank correlation of predicted and measured time over the ${pairs.length} tiles the autotune measured: ` +
    spearman(
      pairs.map((pair) => pair.predicted),
      pairs.map((pair) => pair.measured),
    ).toFixed(2),
);

/** Median of a list. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Seconds per run of one kernel in one round: the median and the fastest of its repeats. */
interface RoundTiming {
  median: number;
  min: number;
}

/**
 * Alternates `ours` and `theirs` for `rounds` rounds at `size`^3 and returns a table row: the
 * GFLOP/s of each (median of the round medians), the median of the per-round speedups, and the
 * ratio of the fastest runs.
 */
async function compare(
  size: number,
  theirName: string,
  ours: () => Promise<RoundTiming>,
  theirs: () => Promise<RoundTiming>,
) {
  const rows: Array<{ ours: RoundTiming; theirs: RoundTiming }> = [];
  for (let round = 0; round < rounds; round++) {
    rows.push({ ours: await ours(), theirs: await theirs() });
    process.stderr.write(`${theirName} ${size}^3 round ${round + 1} done\n`);
  }
  const flops = 2 * size ** 3;
  const fastest = (pick: (row: (typeof rows)[number]) => RoundTiming) =>
    Math.min(...rows.map((row) => pick(row).min));
  return {
    size: `${size}^3`,
    [`tiled ${best!.tile} GFLOP/s`]: flops / median(rows.map((row) => row.ours.median)) / 1e9,
    [`${theirName} GFLOP/s`]: flops / median(rows.map((row) => row.theirs.median)) / 1e9,
    "speedup (median of rounds)": median(rows.map((row) => row.theirs.median / row.ours.median)),
    "speedup (fastest runs)": fastest((row) => row.theirs) / fastest((row) => row.ours),
  };
}

const summaryOf = (result: MatmulResult): RoundTiming => ({
  median: result.timing.summary.median,
  min: result.timing.summary.min,
});

// 2. Tiled against naive.
const naiveRows = [];
for (const size of sizes) {
  const shape = { M: size, N: size, K: size, seed: SEED, timing };
  naiveRows.push(
    await compare(
      size,
      "naive",
      async () => summaryOf(await benchMatmul(context, { ...shape, tile: best.tile })),
      async () => summaryOf(await benchMatmul(context, { ...shape, kernel: "naive" })),
    ),
  );
}
printTable("tiled (best tile) vs naive, both verified (goal: >= 10x)", naiveRows);

// 3. Tiled against TensorFlow.js on the same device.
const peer = await tfjsMatmul(context);
const peerRows = [];
for (const size of sizes) {
  const shape = { M: size, N: size, K: size };
  const a = randomMatrix(size * size, "f32", SEED).values as Float32Array;
  const b = randomMatrix(size * size, "f32", SEED + 1).values as Float32Array;
  peerRows.push(
    await compare(
      size,
      "tfjs",
      async () =>
        summaryOf(await benchMatmul(context, { ...shape, seed: SEED, tile: best.tile, timing })),
      async () => {
        const theirs = await peer.run(a, b, shape, {
          warmup: timing.warmup!,
          repeats: timing.repeats!,
        });
        // Their answer is checked like ours: a wrong result is not a timing.
        verifyElements(peer.name, theirs.c, matmulChecks(a, b, shape), {
          shape: [size, size],
          tolerance: MATMUL_TOLERANCE,
        });
        return { median: median(theirs.seconds), min: Math.min(...theirs.seconds) };
      },
    ),
  );
}
printTable(
  `tiled (best tile) vs ${peer.name}, same device, both verified (goal on SwiftShader: >= 5x)`,
  peerRows,
);

console.log(
  `\nfraction of the chip's f32 peak: needs a real GPU with a datasheet peak; ${context.adapter.isFallbackAdapter ? "this adapter is a software fallback" : "compare flopsPerSecond above with the preset's peak"}.`,
);
await releaseDevice();
