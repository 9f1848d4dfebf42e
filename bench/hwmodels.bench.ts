// Speed of the analytic GEMM models, against a baseline measured in the same run: a plain
// roofline evaluation, max(flops / peak, bytes / bandwidth), over the same shapes.
//   npm run bench -- hwmodels
// Goals (issue 3): searchTiles over its full tile space for 1,000 shapes in under 1 s on one
// core; over a million tiledGemm evaluations per second.
import {
  compulsoryBytes,
  enumerateTiles,
  gemmFlops,
  getPreset,
  parseTile,
  searchTiles,
  tiledGemm,
  tiledGemmSeconds,
} from "../src/hwmodels/index.ts";
import { measure, printTable } from "./lib/measure.ts";

const a100 = getPreset("a100-80gb-sxm");
const peak = 2048 * 108 * 1.41e9;
const bandwidth = 2.039e12;

// 1,000 shapes, log-uniform from 16 to 32768 per dimension, from a fixed seed.
let seed = 12345;
const random = () => {
  seed = (seed * 48271) % 2147483647;
  return seed / 2147483647;
};
const shapes = Array.from({ length: 1000 }, () => ({
  M: Math.ceil(2 ** (4 + random() * 11)),
  N: Math.ceil(2 ** (4 + random() * 11)),
  K: Math.ceil(2 ** (4 + random() * 11)),
  dtype: "fp16" as const,
}));
const tile = parseTile("128x128x32/8x8@3");
let sink = 0;

const baseline = await measure(() => {
  for (const shape of shapes)
    sink += Math.max(gemmFlops(shape) / peak, compulsoryBytes(shape) / bandwidth);
});
const search = await measure(
  () => {
    for (const shape of shapes) sink += searchTiles(shape, a100).best.seconds;
  },
  { warmup: 1, minRuns: 3, minSeconds: 2 },
);
const full = await measure(() => {
  for (const shape of shapes) sink += tiledGemm(shape, tile, a100).seconds;
});
const secondsOnly = await measure(() => {
  for (const shape of shapes) sink += tiledGemmSeconds(shape, tile, a100);
});

const perShape = (seconds: number) => seconds / shapes.length;
const feasible = searchTiles(shapes[0]!, a100).feasible;
printTable("hwmodels: A100 preset, fp16, 1,000 shapes per run (median of runs)", [
  {
    what: "roofline baseline (1,000 shapes)",
    seconds: baseline.median,
    "per second": Math.round(1 / perShape(baseline.median)),
    "x baseline": 1,
  },
  {
    what: `searchTiles, ${enumerateTiles().length} tiles (${feasible} feasible), 1,000 shapes`,
    seconds: search.median,
    "per second": Math.round(shapes.length / search.median),
    "x baseline": search.median / baseline.median,
  },
  {
    what: "tiledGemm (full result with reasons)",
    seconds: full.median,
    "per second": Math.round(1 / perShape(full.median)),
    "x baseline": full.median / baseline.median,
  },
  {
    what: "tiledGemmSeconds (validated, seconds only)",
    seconds: secondsOnly.median,
    "per second": Math.round(1 / perShape(secondsOnly.median)),
    "x baseline": secondsOnly.median / baseline.median,
  },
]);
console.log(
  `\nsearchTiles: ${(search.median * 1e3).toFixed(0)} ms for 1,000 shapes (goal < 1000 ms, min ${(search.min * 1e3).toFixed(0)} ms, ${search.runs} runs); ` +
    `${((feasible * shapes.length) / search.median / 1e6).toFixed(1)} M tile evaluations per second inside it`,
);
console.log(
  `tiledGemm: ${(1 / perShape(full.median) / 1e6).toFixed(2)} M/s full results, ` +
    `${(1 / perShape(secondsOnly.median) / 1e6).toFixed(2)} M/s seconds only (goal > 1 M/s)`,
);
if (Number.isNaN(sink)) console.log("unreachable");
