// Speed of the accelerator and LLM models (issue 8), each against a baseline measured in the
// same run:
//   npm run bench -- accel
// Goals: the full per-operator evaluation of a 70B-class model (prefill and decode, every
// operator on the roofline, plus the memory footprint) for 1,000 (batch, sequence) points in
// under 1 s; a systolic sweep of 10,000 array shapes over ResNet-50's layers, in seconds.
import {
  getLlmModel,
  getPreset,
  llmMemoryFootprint,
  llmParameterCounts,
  llmPhase,
  parseLlmWorkload,
  powersOfTwo,
  resnet50Layers,
  systolicNetwork,
  systolicSweep,
} from "../src/hwmodels/index.ts";
import { measure, printTable } from "./lib/measure.ts";

let sink = 0;

// ---- LLM: Llama 3 70B on 8 x H100 (tensor parallel), 10 batches x 100 sequence lengths ----
const model = getLlmModel("llama-3-70b");
const h100 = getPreset("h100-sxm");
const points = powersOfTwo(1, 512).flatMap((batch) =>
  Array.from({ length: 100 }, (_, i) =>
    parseLlmWorkload({
      batch,
      sequenceLength: 128 + 80 * i,
      tensorParallel: 8,
      interconnectBytesPerSecond: 450e9,
      precision: { weights: "fp8", activations: "fp8", kvCache: "fp8" },
    }),
  ),
);
const operatorsPerPoint =
  llmPhase(model, h100, points[0]!, "prefill").operators.length +
  llmPhase(model, h100, points[0]!, "decode").operators.length;

// Baseline: the back-of-envelope estimate, max(2 x parameters x tokens / peak, bytes / bandwidth)
// for each phase, one line per point.
const parameters = llmParameterCounts(model).total / 8;
const peak = 1978.9e12;
const bandwidth = 3.35e12;
const llmBaseline = await measure(() => {
  for (const w of points) {
    const tokens = w.batch * w.sequenceLength;
    sink += Math.max((2 * parameters * tokens) / peak, parameters / bandwidth);
    sink += Math.max((2 * parameters * w.batch) / peak, parameters / bandwidth);
  }
});
const llmFull = await measure(
  () => {
    for (const w of points) {
      sink += llmPhase(model, h100, w, "prefill").seconds;
      sink += llmPhase(model, h100, w, "decode").seconds;
      sink += llmMemoryFootprint(model, h100, w).totalBytes;
    }
  },
  { warmup: 1, minRuns: 5, minSeconds: 2 },
);

// ---- Systolic: 100 x 100 array shapes (1..100 rows and columns) x ResNet-50 ----
const layers = resnet50Layers();
const shapes = Array.from({ length: 100 }, (_, r) =>
  Array.from({ length: 100 }, (_, c) => ({ rows: r + 1, cols: c + 1 })),
).flat();
const macs = systolicNetwork(layers, { rows: 1, cols: 1 }).macs;
// Baseline: ideal cycles, MACs / PEs, per shape.
const systolicBaseline = await measure(() => {
  for (const shape of shapes) sink += macs / (shape.rows * shape.cols);
});
const sweepCycles = await measure(
  () => {
    for (const point of systolicSweep(layers, shapes, { dataflow: "ws" }))
      sink += point.totalCycles;
  },
  { warmup: 1, minRuns: 3, minSeconds: 2 },
);
const sweepDram = await measure(
  () => {
    const base = { dataflow: "ws" as const, dramWordsPerCycle: 32 };
    for (const point of systolicSweep(layers, shapes, base)) sink += point.totalCycles;
  },
  { warmup: 1, minRuns: 3, minSeconds: 2 },
);

printTable("LLM: Llama 3 70B, 8-way tensor parallel on H100, 1,000 (batch, sequence) points", [
  {
    what: "baseline: 2 x params x tokens / peak vs params / bandwidth",
    seconds: llmBaseline.median,
    "x baseline": 1,
  },
  {
    what: `llmPhase prefill + decode (${operatorsPerPoint} operators) + llmMemoryFootprint`,
    seconds: llmFull.median,
    "x baseline": llmFull.median / llmBaseline.median,
  },
]);
printTable(
  `Systolic: ${shapes.length.toLocaleString("en-US")} array shapes x ResNet-50 (${layers.length} layers)`,
  [
    { what: "baseline: MACs / PEs per shape", seconds: systolicBaseline.median, "x baseline": 1 },
    {
      what: "systolicSweep, ws, cycles and utilization",
      seconds: sweepCycles.median,
      "x baseline": sweepCycles.median / systolicBaseline.median,
    },
    {
      what: "systolicSweep, ws, + DRAM traffic and stalls (32 words/cycle)",
      seconds: sweepDram.median,
      "x baseline": sweepDram.median / systolicBaseline.median,
    },
  ],
);
console.log(
  `\nLLM: ${(llmFull.median * 1e3).toFixed(0)} ms for 1,000 points (goal < 1000 ms; min ${(llmFull.min * 1e3).toFixed(0)} ms, ${llmFull.runs} runs), ` +
    `${((points.length * operatorsPerPoint) / llmFull.median / 1e3).toFixed(0)} k operator evaluations per second`,
);
console.log(
  `Systolic: ${sweepCycles.median.toFixed(3)} s for ${(shapes.length * layers.length).toLocaleString("en-US")} layer evaluations (${((shapes.length * layers.length) / sweepCycles.median / 1e6).toFixed(2)} M/s); ` +
    `${sweepDram.median.toFixed(3)} s with DRAM traffic and stalls`,
);
if (Number.isNaN(sink)) console.log("unreachable");
