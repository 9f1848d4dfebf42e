import type { Kernel } from "../run-kernel.ts";
import type { ElementCheck } from "../verify.ts";
import { LINEAR_GRID_PARAMETERS, linearGrid, linearIndex } from "./grid.ts";

/** Arithmetic precision of the FMA chains; `f16` needs the `shader-f16` feature. */
export type FmaPrecision = "f32" | "f16";

/** Independent vec4 accumulators per invocation: enough to hide FMA latency on any GPU. */
const CHAINS = 8;
/** Loop body repeats, so loop overhead stays small next to the FMAs. */
const UNROLL = 16;
const WORKGROUP_SIZE = 256;

/**
 * Largest `iterations` whose result stays exact: every accumulator counts up by one per
 * iteration from at most 15, and f16 holds integers exactly only up to 2048.
 */
export const MAX_FMA_ITERATIONS: Record<FmaPrecision, number> = { f32: 2 ** 20, f16: 2032 };

/** Multiply-adds per invocation per iteration (CHAINS vec4 accumulators). */
export const FMAS_PER_ITERATION = CHAINS * 4;

/**
 * `invocations` each run `iterations` x `CHAINS` independent vec4 chains acc = fma(acc, x, y).
 * x = y = 1 are read from a buffer, so no compiler can fold the chain, and every value stays an
 * exact integer, so the result checks exactly. `iterations` is rounded up to a multiple of 16.
 */
export function fmaChainKernel(
  precision: FmaPrecision,
  invocations: number,
  iterations: number,
  maxWorkgroupsPerDimension: number,
): { kernel: Kernel; iterations: number; checks: () => Iterable<ElementCheck> } {
  const rounds = Math.max(1, Math.ceil(iterations / UNROLL));
  const total = rounds * UNROLL;
  if (total > MAX_FMA_ITERATIONS[precision]) {
    throw new Error(
      `fma ${precision}: ${total} iterations would leave the exact range (at most ${MAX_FMA_ITERATIONS[precision]})`,
    );
  }
  const T = precision;
  const vec = `vec4<${T}>`;
  const chains = Array.from({ length: CHAINS }, (_, c) => c);
  const step = chains.map((c) => `acc${c} = fma(acc${c}, x, y);`).join(" ");
  const code = `${T === "f16" ? "enable f16;\n" : ""}// ${CHAINS} vec4 ${T} FMA chains x ${total} iterations per invocation
@group(0) @binding(0) var<storage, read> params: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(${LINEAR_GRID_PARAMETERS}) {
  ${linearIndex(WORKGROUP_SIZE)}
  if (id >= ${invocations}u) { return; }
  let x = ${vec}(${T}(params[0]));
  let y = ${vec}(${T}(params[1]));
  let start = ${T}(id % 8u);
${chains.map((c) => `  var acc${c} = ${vec}(start + ${T}(${c}));`).join("\n")}
  for (var i = 0u; i < ${rounds}u; i++) {
${Array.from({ length: UNROLL }, () => `    ${step}`).join("\n")}
  }
  let sum = ${chains.map((c) => `vec4<f32>(acc${c})`).join(" + ")};
  out[id] = sum.x + sum.y + sum.z + sum.w;
}
`;
  const kernel: Kernel = {
    label: `fma ${T} ${invocations} invocations x ${total} iterations`,
    code,
    workgroups: linearGrid(invocations, WORKGROUP_SIZE, maxWorkgroupsPerDimension),
    buffers: [
      { name: "params", data: new Float32Array([1, 1]) },
      { name: "out", bytes: invocations * 4, readBack: true },
    ],
  };
  function* checks(): Iterable<ElementCheck> {
    for (let id = 0; id < invocations; id++) {
      // Each of the 4 lanes of chain c ends at (id % 8) + c + total.
      const expected = chains.reduce((sum, c) => sum + 4 * ((id % 8) + c + total), 0);
      yield { index: id, expected, tolerance: 0 };
    }
  }
  return { kernel, iterations: total, checks };
}
