import { type Command, InvalidArgumentError } from "commander";
import { benchChase } from "../gpu/bench-chase.ts";
import { benchFma } from "../gpu/bench-fma.ts";
import { benchMatmul, DEFAULT_TILE } from "../gpu/bench-matmul.ts";
import { benchStream } from "../gpu/bench-stream.ts";
import { STREAM_OPS } from "../gpu/kernels/stream.ts";
import type { TimingOptions } from "../gpu/timing.ts";
import { type GemmTile, parseTile } from "../hwmodels/gemm-tile.ts";
import { withGpu } from "./gpu-session.ts";
import {
  describeTiming,
  describeVerification,
  formatBandwidth,
  formatBytes,
  formatFlops,
  formatSeconds,
  formatTable,
  timingJson,
} from "./measurement-format.ts";
import { byteSize, listOf, nonNegativeInteger, oneOf, positiveInteger } from "./option-parsers.ts";

interface CommonOptions {
  json?: boolean;
  warmup?: number;
  repeats?: number;
}

/**
 * `bench matmul|stream|chase|fma`: one verified, timed kernel (or sweep) on this machine's
 * WebGPU adapter. Human-readable by default; `--json` prints one object with the adapter, the
 * parameters, every repetition's time, the summary and the verification.
 */
export function registerBench(program: Command): void {
  const bench = program
    .command("bench")
    .description("run verified, timed WebGPU kernels on this machine's adapter");

  withCommonOptions(
    bench
      .command("matmul")
      .description("C = A B on the GPU, checked against a CPU reference")
      .requiredOption("--M <rows>", "rows of A and C", positiveInteger)
      .requiredOption("--N <columns>", "columns of B and C", positiveInteger)
      .requiredOption("--K <depth>", "columns of A, rows of B", positiveInteger)
      .option(
        "--tile <BMxBNxBK/TMxTN>",
        `tile of the tiled kernel (default ${DEFAULT_TILE})`,
        tileOption,
      )
      .option("--kernel <kernel>", "tiled or naive", oneOf(["tiled", "naive"] as const), "tiled")
      .option(
        "--precision <precision>",
        "f32 or f16 inputs",
        oneOf(["f32", "f16"] as const),
        "f32",
      ),
  ).action(async (options: CommonOptions & MatmulFlags) => {
    const result = await withGpu((context) =>
      benchMatmul(context, {
        M: options.M,
        N: options.N,
        K: options.K,
        kernel: options.kernel,
        precision: options.precision,
        ...(options.tile ? { tile: options.tile } : {}),
        timing: timingOf(options),
      }),
    );
    const parameters = {
      M: result.M,
      N: result.N,
      K: result.K,
      kernel: result.kernel,
      ...(result.tile ? { tile: result.tile } : {}),
      precision: result.precision,
    };
    print(options, {
      json: () => ({
        command: "bench matmul",
        adapter: result.adapter,
        parameters,
        timing: timingJson(result.timing),
        flopsPerSecond: result.flopsPerSecond,
        verification: result.verification,
      }),
      text: () => [
        `matmul ${result.kernel}${result.tile ? ` ${result.tile}` : ""} ${result.precision} ` +
          `M=${result.M} N=${result.N} K=${result.K} on ${result.adapter.name}`,
        `${formatFlops(result.flopsPerSecond)} (2MNK / median time)`,
        ...describeTiming(result.timing),
        describeVerification(result.verification),
      ],
    });
  });

  withCommonOptions(
    bench
      .command("stream")
      .description("STREAM copy, scale, add, triad over a size sweep: achieved bandwidth")
      .option(
        "--op <ops>",
        `comma-separated, of ${STREAM_OPS.join(", ")}`,
        listOf(oneOf(STREAM_OPS)),
      )
      .option(
        "--bytes <sizes>",
        "bytes per array, comma-separated (e.g. 64KiB,16MiB)",
        listOf(byteSize),
      )
      .option("--width <floats>", "f32 per invocation: 1 or 4", oneOf(["1", "4"] as const), "4"),
  ).action(async (options: CommonOptions & StreamFlags) => {
    const result = await withGpu((context) =>
      benchStream(context, {
        width: Number(options.width) as 1 | 4,
        timing: timingOf(options),
        ...(options.op ? { ops: options.op } : {}),
        ...(options.bytes ? { bytesPerArray: options.bytes } : {}),
      }),
    );
    print(options, {
      json: () => ({
        command: "bench stream",
        adapter: result.adapter,
        parameters: { width: result.width },
        peakBytesPerSecond: result.peakBytesPerSecond,
        points: result.points.map((point) => ({
          op: point.op,
          bytesPerArray: point.bytesPerArray,
          bytesMoved: point.bytesMoved,
          bytesPerSecond: point.bytesPerSecond,
          timing: timingJson(point.timing),
          verification: point.verification,
        })),
      }),
      text: () => [
        `STREAM (vec${result.width === 4 ? "4" : "1"} f32) on ${result.adapter.name}`,
        ...formatTable(
          result.points.map((point) => ({
            op: point.op,
            "bytes/array": formatBytes(point.bytesPerArray),
            bandwidth: formatBandwidth(point.bytesPerSecond),
            "median time": formatSeconds(point.timing.summary.median),
            spread: `${(point.timing.summary.spread * 100).toFixed(1)}%`,
          })),
        ),
        `peak ${formatBandwidth(result.peakBytesPerSecond)}; every run verified exactly`,
        ...describeTiming(result.points[0]!.timing).slice(0, 1),
      ],
    });
  });

  withCommonOptions(
    bench
      .command("chase")
      .description("pointer chase over working sets and strides: latency curve, cache sizes")
      .option("--working-set <sizes>", "bytes, comma-separated (e.g. 16KiB,1MiB)", listOf(byteSize))
      .option("--stride <sizes>", "bytes between loads, comma-separated", listOf(byteSize))
      .option("--steps <loads>", "dependent loads per chase", positiveInteger),
  ).action(async (options: CommonOptions & ChaseFlags) => {
    const result = await withGpu((context) =>
      benchChase(context, {
        timing: timingOf(options),
        ...(options.workingSet ? { workingSetBytes: options.workingSet } : {}),
        ...(options.stride ? { strideBytes: options.stride } : {}),
        ...(options.steps ? { steps: options.steps } : {}),
      }),
    );
    print(options, {
      json: () => ({
        command: "bench chase",
        adapter: result.adapter,
        points: result.points.map((point) => ({
          workingSetBytes: point.workingSetBytes,
          strideBytes: point.strideBytes,
          steps: point.steps,
          secondsPerLoad: point.secondsPerLoad,
          timing: { short: timingJson(point.timing.short), long: timingJson(point.timing.long) },
          verification: point.verification,
        })),
        profiles: result.profiles,
      }),
      text: () => [
        `pointer chase on ${result.adapter.name} (latency = time difference of S and 2S loads / S)`,
        ...formatTable(
          result.points.map((point) => ({
            "working set": formatBytes(point.workingSetBytes),
            stride: formatBytes(point.strideBytes),
            "latency/load": formatSeconds(point.secondsPerLoad),
          })),
        ),
        ...result.profiles.flatMap((profile) => [
          `stride ${formatBytes(profile.strideBytes)}: ` +
            (profile.caches.length
              ? profile.caches
                  .map(
                    (cache) =>
                      `L${cache.level} >= ${formatBytes(cache.bytes)} at ${formatSeconds(cache.secondsPerLoad)}`,
                  )
                  .join("; ")
              : "no latency step found"),
        ]),
        "every chase verified: it ends where the same walk ends on the CPU",
      ],
    });
  });

  withCommonOptions(
    bench
      .command("fma")
      .description("independent FMA chains: achieved FLOP/s")
      .option("--precision <precision>", "f32 or f16", oneOf(["f32", "f16"] as const), "f32")
      .option("--invocations <n>", "invocations per dispatch", positiveInteger)
      .option("--iterations <n>", "iterations per invocation (32 FMAs each)", positiveInteger),
  ).action(async (options: CommonOptions & FmaFlags) => {
    const result = await withGpu((context) =>
      benchFma(context, {
        precision: options.precision,
        timing: timingOf(options),
        ...(options.invocations ? { invocations: options.invocations } : {}),
        ...(options.iterations ? { iterations: options.iterations } : {}),
      }),
    );
    print(options, {
      json: () => ({
        command: "bench fma",
        adapter: result.adapter,
        parameters: {
          precision: result.precision,
          invocations: result.invocations,
          iterations: result.iterations,
        },
        flops: result.flops,
        flopsPerSecond: result.flopsPerSecond,
        timing: timingJson(result.timing),
        verification: result.verification,
      }),
      text: () => [
        `FMA chains ${result.precision}, ${result.invocations} invocations x ${result.iterations} iterations on ${result.adapter.name}`,
        `${formatFlops(result.flopsPerSecond)} (${result.flops.toExponential(3)} FLOP per dispatch / median time)`,
        ...describeTiming(result.timing),
        describeVerification(result.verification),
      ],
    });
  });
}

interface MatmulFlags {
  M: number;
  N: number;
  K: number;
  tile?: GemmTile;
  kernel: "tiled" | "naive";
  precision: "f32" | "f16";
}
interface StreamFlags {
  op?: Array<(typeof STREAM_OPS)[number]>;
  bytes?: number[];
  width: "1" | "4";
}
interface ChaseFlags {
  workingSet?: number[];
  stride?: number[];
  steps?: number;
}
interface FmaFlags {
  precision: "f32" | "f16";
  invocations?: number;
  iterations?: number;
}

function withCommonOptions(command: Command): Command {
  return command
    .option("--warmup <passes>", "passes discarded before measuring", nonNegativeInteger)
    .option("--repeats <passes>", "measured passes", positiveInteger)
    .option("--json", "print one JSON object");
}

function timingOf({ warmup, repeats }: CommonOptions): TimingOptions {
  return {
    ...(warmup !== undefined ? { warmup } : {}),
    ...(repeats !== undefined ? { repeats } : {}),
  };
}

function tileOption(value: string): GemmTile {
  try {
    return parseTile(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function print(options: CommonOptions, output: { json: () => unknown; text: () => string[] }) {
  if (options.json) process.stdout.write(`${JSON.stringify(output.json(), null, 2)}\n`);
  else process.stdout.write(`${output.text().join("\n")}\n`);
}
