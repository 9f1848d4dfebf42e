import {
  formatTile,
  type GemmTile,
  threadsPerWorkgroup,
  tileProblems,
} from "../../hwmodels/gemm-tile.ts";
import { tileRegistersPerThread } from "../../hwmodels/tile-footprint.ts";
import type { ComputeLimits } from "../device.ts";
import { DeviceLimitError } from "../errors.ts";
import {
  COMPONENTS,
  elementBytes,
  type MatmulPrecision,
  type MatmulShape,
  vectorWidth,
  wgslVector,
} from "./matmul-problem.ts";

/**
 * Registers one invocation may hold before the compiler spills. WebGPU does not report it; 255
 * 32-bit registers is the per-thread ceiling on NVIDIA GPUs since Kepler (CUDA C Programming
 * Guide, "Compute Capabilities", table "Maximum number of 32-bit registers per thread") and AMD
 * RDNA has 256 VGPRs per lane, so a tile needing more runs badly everywhere.
 */
export const REGISTERS_PER_INVOCATION = 255;

/**
 * Estimated registers per invocation, by the analytic GEMM model's footprint rule
 * (`tileRegistersPerThread`: accumulators, double-buffered fragments, overhead), so the kernel
 * and the model reject the same tiles.
 */
export function tileRegisters(tile: GemmTile, precision: MatmulPrecision): number {
  return tileRegistersPerThread(tile, elementBytes(precision), 4);
}

/** Largest K step (BK x TM x TN multiply-adds) written out unrolled rather than as a loop. */
const UNROLL_MULTIPLY_ADDS = 4096;

/** Bytes of workgroup storage the tile stages: `stages` slices of A (BM x BK) and B (BK x BN). */
export function tileWorkgroupBytes(tile: GemmTile, precision: MatmulPrecision): number {
  return (tile.stages ?? 1) * (tile.BM * tile.BK + tile.BK * tile.BN) * elementBytes(precision);
}

/**
 * Throws DeviceLimitError, naming the limit, when `tile` cannot run on a device with `limits`:
 * too many invocations per workgroup, too much workgroup storage, or more registers than any GPU
 * gives one invocation. Throws a plain Error for an ill-formed tile. Runs before any dispatch.
 */
export function assertTileRuns(
  tile: GemmTile,
  limits: ComputeLimits,
  precision: MatmulPrecision,
): void {
  const problems = tileProblems(tile);
  if (problems.length) throw new Error(`invalid tile ${formatTile(tile)}: ${problems.join("; ")}`);
  const what = `tile ${formatTile(tile)} (${precision})`;
  const threads = threadsPerWorkgroup(tile);
  for (const limit of ["maxComputeInvocationsPerWorkgroup", "maxComputeWorkgroupSizeX"] as const) {
    if (threads > limits[limit]) {
      throw DeviceLimitError.exceeded(
        `${what} with ${threads} invocations`,
        limit,
        threads,
        limits[limit],
      );
    }
  }
  const bytes = tileWorkgroupBytes(tile, precision);
  if (bytes > limits.maxComputeWorkgroupStorageSize) {
    throw DeviceLimitError.exceeded(
      `${what} staging ${bytes} bytes`,
      "maxComputeWorkgroupStorageSize",
      bytes,
      limits.maxComputeWorkgroupStorageSize,
    );
  }
  const registers = tileRegisters(tile, precision);
  if (registers > REGISTERS_PER_INVOCATION) {
    throw new DeviceLimitError(
      `${what} needs about ${registers} registers per invocation (accumulators, fragments, ` +
        `addresses; the GEMM model's estimate), more than ` +
        `the ${REGISTERS_PER_INVOCATION} any GPU gives one invocation (WebGPU does not report it)`,
      "registers per invocation",
      registers,
      REGISTERS_PER_INVOCATION,
    );
  }
}

/** Workgroups to dispatch: one per BM x BN block of C, ragged blocks included. */
export function tiledMatmulWorkgroups(
  tile: GemmTile,
  { M, N }: MatmulShape,
): [number, number, number] {
  return [Math.ceil(N / tile.BN), Math.ceil(M / tile.BM), 1];
}

/**
 * WGSL for C = A B with the given tile: each workgroup stages BM x BK of A (transposed) and
 * BK x BN of B in workgroup storage, `stages` slices deep, and each invocation accumulates a
 * TM x TN block of C in registers: TM consecutive rows, and TN columns strided BN / TN apart so
 * that neighbouring invocations read neighbouring words of B (no bank conflicts on GPUs; one
 * vector load per four invocations on SwiftShader) and write neighbouring words of C. Global
 * loads are as wide as K and N allow (vec4, vec2 or scalar, so every load stays aligned);
 * out-of-range elements read as zero and out-of-range stores are skipped, so any M, N, K is
 * exact. Sizes are baked in as constants.
 */
export function tiledMatmulWgsl(
  tile: GemmTile,
  { M, N, K }: MatmulShape,
  precision: MatmulPrecision,
): string {
  const { BM, BN, BK, TM, TN } = tile;
  const stages = tile.stages ?? 1;
  const threads = threadsPerWorkgroup(tile);
  const columnThreads = BN / TN;
  const rowThreads = BM / TM;
  const T = precision;
  // Global load widths along K (A) and N (B), and whether a column of As is read as vec4s.
  const VA = vectorWidth(K, BK);
  const VB = vectorWidth(N, BN);
  const sharedA4 = BM % 4 === 0 && TM % 4 === 0;
  const f32Of = (expression: string, width: number) =>
    T === "f32" ? expression : `${wgslVector("f32", width)}(${expression})`;

  const lines: string[] = [];
  const emit = (line: string) => lines.push(line);
  if (T === "f16") emit("enable f16;");
  emit(`// C = A B, tile ${formatTile(tile)}, ${T} inputs, f32 accumulation, ${M}x${N}x${K}`);
  emit(`const M = ${M}u; const N = ${N}u; const K = ${K}u;`);
  emit(`const BM = ${BM}u; const BN = ${BN}u; const BK = ${BK}u;`);
  emit(`const TILES = ${Math.ceil(K / BK)}u;`);
  emit(`@group(0) @binding(0) var<storage, read> A: array<${wgslVector(T, VA)}>;`);
  emit(`@group(0) @binding(1) var<storage, read> B: array<${wgslVector(T, VB)}>;`);
  emit("@group(0) @binding(2) var<storage, read_write> C: array<f32>;");
  emit(
    `var<workgroup> As: array<${wgslVector(T, sharedA4 ? 4 : 1)}, ${(stages * BK * BM) / (sharedA4 ? 4 : 1)}>;`,
  );
  emit(`var<workgroup> Bs: array<${T}, ${stages * BK * BN}>;`);

  // Staging loads: the slice's vectors are spread over the invocations, `loads` each.
  const loader = (name: string, vectors: number, body: string[]) => {
    const loads = Math.ceil(vectors / threads);
    emit(`fn ${name}(k0: u32, stage: u32, origin: u32, tid: u32) {`);
    emit(`  for (var l = 0u; l < ${loads}u; l++) {`);
    emit(`    let idx = l * ${threads}u + tid;`);
    if (vectors % threads !== 0) emit(`    if (idx >= ${vectors}u) { break; }`);
    for (const line of body) emit(`    ${line}`);
    emit("  }");
    emit("}");
  };
  const pick = (width: number, c: number) => (width === 1 ? "v" : `v.${COMPONENTS[c]}`);
  loader("loadA", (BM * BK) / VA, [
    `let row = idx / ${BK / VA}u;`,
    `let kv = (idx % ${BK / VA}u) * ${VA}u;`,
    "let gm = origin + row;",
    "let gk = k0 + kv;",
    `var v = ${wgslVector(T, VA)}();`,
    `if (gm < M && gk < K) { v = A[(gm * K + gk) / ${VA}u]; }`,
    ...Array.from({ length: VA }, (_, c) => {
      const position = `(stage * BK + kv + ${c}u) * BM + row`;
      return sharedA4
        ? `{ let p = ${position}; As[p / 4u][p % 4u] = ${pick(VA, c)}; }`
        : `As[${position}] = ${pick(VA, c)};`;
    }),
  ]);
  loader("loadB", (BK * BN) / VB, [
    `let row = idx / ${BN / VB}u;`,
    `let nv = (idx % ${BN / VB}u) * ${VB}u;`,
    "let gk = k0 + row;",
    "let gn = origin + nv;",
    `var v = ${wgslVector(T, VB)}();`,
    `if (gk < K && gn < N) { v = B[(gk * N + gn) / ${VB}u]; }`,
    ...Array.from(
      { length: VB },
      (_, c) => `Bs[(stage * BK + row) * BN + nv + ${c}u] = ${pick(VB, c)};`,
    ),
  ]);

  // One step of K: read a column of As and a row of Bs, accumulate their outer product.
  const computeStep: string[] = [];
  const aValue: string[] = [];
  if (sharedA4) {
    for (let i4 = 0; i4 < TM / 4; i4++) {
      computeStep.push(`let a${i4} = ${f32Of(`As[(aBase + kk * BM) / 4u + ${i4}u]`, 4)};`);
    }
    for (let i = 0; i < TM; i++) aValue.push(`a${Math.floor(i / 4)}.${COMPONENTS[i % 4]}`);
  } else {
    for (let i = 0; i < TM; i++) {
      computeStep.push(`let a${i} = ${f32Of(`As[aBase + kk * BM + ${i}u]`, 1)};`);
      aValue.push(`a${i}`);
    }
  }
  for (let j = 0; j < TN; j++) {
    computeStep.push(`let b${j} = ${f32Of(`Bs[bBase + kk * BN + ${j * columnThreads}u]`, 1)};`);
  }
  for (let i = 0; i < TM; i++) {
    for (let j = 0; j < TN; j++) {
      computeStep.push(`acc${i}_${j} = fma(${aValue[i]}, b${j}, acc${i}_${j});`);
    }
  }
  // Unrolled where it stays small: SwiftShader blends every loop-carried value through the
  // active-lane mask on each iteration, and GPU compilers unroll constant loops anyway.
  const unroll = BK * TM * TN <= UNROLL_MULTIPLY_ADDS;
  // Offsets known at compile time are declared `const`: the index folds to a constant, which
  // needs no bounds clamp and, on SwiftShader, no per-lane address check (a tile with BM = TM
  // reads its column of A at the same constant address in every invocation).
  const rowConstant = rowThreads === 1;
  const compute = (stage: string, stageConstant: boolean) => [
    `${stageConstant && rowConstant ? "const" : "let"} aBase = ${stage} * BK * BM + tm;`,
    `${stageConstant && columnThreads === 1 ? "const" : "let"} bBase = ${stage} * BK * BN + tn;`,
    ...(unroll
      ? Array.from({ length: BK }, (_, kk) => [
          "{",
          `  const kk = ${kk}u;`,
          ...computeStep.map((line) => `  ${line}`),
          "}",
        ]).flat()
      : ["for (var kk = 0u; kk < BK; kk++) {", ...computeStep.map((line) => `  ${line}`), "}"]),
  ];

  emit(`@compute @workgroup_size(${threads})`);
  emit("fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) tid: u32) {");
  const body: string[] = [
    "let m0 = wg.y * BM;",
    "let n0 = wg.x * BN;",
    rowThreads === 1 ? "const tm = 0u;" : `let tm = (tid / ${columnThreads}u) * ${TM}u;`,
    columnThreads === 1 ? "const tn = 0u;" : `let tn = tid % ${columnThreads}u;`,
  ];
  for (let i = 0; i < TM; i++) {
    body.push(Array.from({ length: TN }, (_, j) => `var acc${i}_${j} = 0.0;`).join(" "));
  }
  if (stages === 1) {
    body.push(
      "for (var t = 0u; t < TILES; t++) {",
      "  loadA(t * BK, 0u, m0, tid);",
      "  loadB(t * BK, 0u, n0, tid);",
      "  workgroupBarrier();",
      ...compute("0u", true).map((line) => `  ${line}`),
      "  workgroupBarrier();",
      "}",
    );
  } else {
    // Multi-buffered: slice t+1 is staged while slice t is multiplied, one barrier per slice.
    // Safe because every invocation passed the previous barrier, so has finished reading the
    // buffer being overwritten.
    body.push(
      "loadA(0u, 0u, m0, tid);",
      "loadB(0u, 0u, n0, tid);",
      "workgroupBarrier();",
      "for (var t = 0u; t < TILES; t++) {",
      "  if (t + 1u < TILES) {",
      `    loadA((t + 1u) * BK, (t + 1u) % ${stages}u, m0, tid);`,
      `    loadB((t + 1u) * BK, (t + 1u) % ${stages}u, n0, tid);`,
      "  }",
      ...compute(`(t % ${stages}u)`, false).map((line) => `  ${line}`),
      "  workgroupBarrier();",
      "}",
    );
  }
  for (let i = 0; i < TM; i++) {
    body.push(`if (m0 + tm + ${i}u < M) {`, `  let row = (m0 + tm + ${i}u) * N + n0 + tn;`);
    for (let j = 0; j < TN; j++) {
      const column = j * columnThreads;
      body.push(`  if (n0 + tn + ${column}u < N) { C[row + ${column}u] = acc${i}_${j}; }`);
    }
    body.push("}");
  }
  for (const line of body) emit(`  ${line}`);
  emit("}");
  return `${lines.join("\n")}\n`;
}
