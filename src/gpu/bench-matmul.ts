import { formatTile, type GemmTile, parseTile } from "../hwmodels/gemm-tile.ts";
import type { AdapterDescription } from "./adapter-description.ts";
import type { GpuContext } from "./device.ts";
import { DeviceLimitError } from "./errors.ts";
import { fromF16Bits, toF16Bits } from "./f16.ts";
import { naiveMatmulWgsl, naiveMatmulWorkgroups } from "./kernels/matmul-naive.ts";
import {
  elementBytes,
  type MatmulPrecision,
  type MatmulShape,
  shapeProblems,
} from "./kernels/matmul-problem.ts";
import { MATMUL_TOLERANCE, matmulChecks } from "./kernels/matmul-reference.ts";
import { assertTileRuns, tiledMatmulWgsl, tiledMatmulWorkgroups } from "./kernels/matmul-tiled.ts";
import { seededRandom } from "./random.ts";
import { checkBufferFits, type Kernel } from "./run-kernel.ts";
import { runVerified } from "./run-verified.ts";
import type { DispatchTiming, TimingOptions } from "./timing.ts";
import type { Verification } from "./verify.ts";

/** The tile used when none is given: 64 x 64 blocks, 16 deep, 8 x 8 per invocation. */
export const DEFAULT_TILE = "64x64x16/8x8";

export interface MatmulOptions extends MatmulShape {
  /** `tiled` (default) or the `naive` baseline. */
  kernel?: "tiled" | "naive";
  /** For `tiled`: a GemmTile or its text, e.g. `64x64x16/8x8`. Default `DEFAULT_TILE`. */
  tile?: GemmTile | string;
  /** Element type of A and B. Default `f32`; `f16` needs `shader-f16`. */
  precision?: MatmulPrecision;
  /** Seed of the random inputs (uniform in [-1, 1)). Default 1. */
  seed?: number;
  timing?: TimingOptions;
}

/** A verified, timed matmul. */
export interface MatmulResult {
  kernel: "tiled" | "naive";
  /** The tile as `BMxBNxBK/TMxTN`, for `tiled`. */
  tile?: string;
  precision: MatmulPrecision;
  M: number;
  N: number;
  K: number;
  adapter: AdapterDescription;
  timing: DispatchTiming;
  /** 2 M N K over the median seconds per dispatch. */
  flopsPerSecond: number;
  verification: Verification;
}

/**
 * Runs C = A B on the GPU with random inputs, times it (see `timeDispatches`), and checks C
 * against an f64 CPU reference. Throws VerificationError on a wrong C, DeviceLimitError for a
 * tile or size the device cannot run (before dispatching), and a plain Error for a bad shape or
 * tile text.
 */
export async function benchMatmul(
  context: GpuContext,
  options: MatmulOptions,
): Promise<MatmulResult> {
  const { M, N, K, kernel: kind = "tiled", precision = "f32", seed = 1 } = options;
  const shape = { M, N, K };
  const problems = shapeProblems(shape);
  if (problems.length) throw new Error(`matmul: ${problems.join("; ")}`);
  if (precision === "f16" && !context.hasF16) {
    throw DeviceLimitError.missingFeature("an f16 matmul", "shader-f16");
  }
  const tile =
    kind === "tiled"
      ? typeof options.tile === "string" || options.tile === undefined
        ? parseTile(options.tile ?? DEFAULT_TILE)
        : options.tile
      : undefined;
  if (tile) assertTileRuns(tile, context.limits, precision);
  const bytes = elementBytes(precision);
  checkBufferFits(context.limits, "matmul: buffer A", M * K * bytes);
  checkBufferFits(context.limits, "matmul: buffer B", K * N * bytes);
  checkBufferFits(context.limits, "matmul: buffer C", M * N * 4);
  const a = randomMatrix(M * K, precision, seed);
  const b = randomMatrix(K * N, precision, seed + 1);
  const label = `matmul ${tile ? formatTile(tile) : "naive"} ${precision} ${M}x${N}x${K}`;
  const kernel: Kernel = {
    label,
    code: tile ? tiledMatmulWgsl(tile, shape, precision) : naiveMatmulWgsl(shape, precision),
    workgroups: tile ? tiledMatmulWorkgroups(tile, shape) : naiveMatmulWorkgroups(shape),
    buffers: [
      { name: "A", data: a.data },
      { name: "B", data: b.data },
      { name: "C", bytes: M * N * 4, readBack: true },
    ],
  };
  const { timing, verification } = await runVerified(
    context,
    kernel,
    {
      output: "C",
      checks: matmulChecks(a.values, b.values, shape),
      shape: [M, N],
      tolerance: MATMUL_TOLERANCE,
    },
    options.timing,
  );
  return {
    kernel: kind,
    ...(tile ? { tile: formatTile(tile) } : {}),
    precision,
    M,
    N,
    K,
    adapter: context.adapter,
    timing,
    flopsPerSecond: (2 * M * N * K) / timing.summary.median,
    verification,
  };
}

/** Bytes of A, B and C for a shape: what must fit in device memory. */
export function matmulBytes({ M, N, K }: MatmulShape, precision: MatmulPrecision): number {
  return (M * K + K * N) * elementBytes(precision) + M * N * 4;
}

/**
 * The inputs `benchMatmul` uses: `count` uniform random values in [-1, 1) from `seed` (A uses
 * the seed given, B the next), as uploaded (`data`) and as numbers (`values`, rounded to f16
 * for f16).
 */
export function randomMatrix(count: number, precision: MatmulPrecision, seed: number) {
  const random = seededRandom(seed);
  if (precision === "f16") {
    const data = new Uint16Array(count);
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      data[i] = toF16Bits(2 * random() - 1);
      values[i] = fromF16Bits(data[i]!);
    }
    return { data, values };
  }
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = 2 * random() - 1;
  return { data, values: data };
}
