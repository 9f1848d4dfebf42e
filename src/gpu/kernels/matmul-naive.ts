import type { MatmulPrecision, MatmulShape } from "./matmul-problem.ts";

/** Side of the square workgroup of the naive kernel, in invocations. */
const SIDE = 16;

/** Workgroups to dispatch: one invocation per element of C. */
export function naiveMatmulWorkgroups({ M, N }: MatmulShape): [number, number, number] {
  return [Math.ceil(N / SIDE), Math.ceil(M / SIDE), 1];
}

/**
 * WGSL for C = A B with one invocation per element of C, reading A and B straight from global
 * memory: the baseline the tiled kernel is measured against.
 */
export function naiveMatmulWgsl({ M, N, K }: MatmulShape, precision: MatmulPrecision): string {
  const T = precision;
  return `${T === "f16" ? "enable f16;\n" : ""}// C = A B, naive, ${T} inputs, f32 accumulation, ${M}x${N}x${K}
const M = ${M}u; const N = ${N}u; const K = ${K}u;
@group(0) @binding(0) var<storage, read> A: array<${T}>;
@group(0) @binding(1) var<storage, read> B: array<${T}>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
@compute @workgroup_size(${SIDE}, ${SIDE})
fn main(@builtin(global_invocation_id) id: vec3u) {
  let row = id.y;
  let col = id.x;
  if (row >= M || col >= N) { return; }
  var sum = 0.0;
  for (var k = 0u; k < K; k++) {
    sum = fma(f32(A[row * K + k]), f32(B[k * N + col]), sum);
  }
  C[row * N + col] = sum;
}
`;
}
