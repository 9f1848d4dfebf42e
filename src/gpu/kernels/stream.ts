import type { Kernel } from "../run-kernel.ts";
import type { ElementCheck } from "../verify.ts";
import { LINEAR_GRID_PARAMETERS, linearGrid, linearIndex } from "./grid.ts";

/**
 * The four STREAM kernels (McCalpin, https://www.cs.virginia.edu/stream/ref.html), each writing
 * c: copy c = a, scale c = q a, add c = a + b, triad c = a + q b, with q = 3.
 */
export type StreamOp = "copy" | "scale" | "add" | "triad";

export const STREAM_OPS: readonly StreamOp[] = ["copy", "scale", "add", "triad"];

const EXPRESSIONS: Record<StreamOp, string> = {
  copy: "a[id]",
  scale: "3.0 * a[id]",
  add: "a[id] + b[id]",
  triad: "a[id] + 3.0 * b[id]",
};

/** Arrays each op touches per element (reads plus the write), as STREAM counts bytes. */
export const STREAM_ARRAYS: Record<StreamOp, number> = { copy: 2, scale: 2, add: 3, triad: 3 };

const WORKGROUP_SIZE = 256;

/** Elements of vector `width` (1 or 4 f32) per array for `bytesPerArray` (rounded down). */
export function streamElements(bytesPerArray: number, width: 1 | 4): number {
  return Math.max(1, Math.floor(bytesPerArray / (4 * width)));
}

/**
 * The `op` kernel over arrays of `elements` vectors of `width` f32 (one vector per invocation),
 * with inputs that keep every result an exact small integer, and the checks of its output.
 */
export function streamKernel(
  op: StreamOp,
  elements: number,
  width: 1 | 4,
  maxWorkgroupsPerDimension: number,
): { kernel: Kernel; checks: () => Iterable<ElementCheck> } {
  const type = width === 1 ? "f32" : "vec4<f32>";
  const uses = (name: string) => EXPRESSIONS[op].includes(`${name}[`);
  const floats = elements * width;
  const a = new Float32Array(floats);
  const b = new Float32Array(floats);
  for (let i = 0; i < floats; i++) {
    a[i] = i % 251;
    b[i] = i % 127;
  }
  const declarations = [
    `@group(0) @binding(0) var<storage, read> a: array<${type}>;`,
    ...(uses("b") ? [`@group(0) @binding(1) var<storage, read> b: array<${type}>;`] : []),
    `@group(0) @binding(${uses("b") ? 2 : 1}) var<storage, read_write> c: array<${type}>;`,
  ];
  const code = `// STREAM ${op}: c = ${EXPRESSIONS[op]}, ${elements} x ${type}
${declarations.join("\n")}
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(${LINEAR_GRID_PARAMETERS}) {
  ${linearIndex(WORKGROUP_SIZE)}
  if (id < ${elements}u) { c[id] = ${EXPRESSIONS[op]}; }
}
`;
  const kernel: Kernel = {
    label: `stream ${op} ${elements * width * 4} B/array ${type}`,
    code,
    workgroups: linearGrid(elements, WORKGROUP_SIZE, maxWorkgroupsPerDimension),
    buffers: [
      { name: "a", data: a },
      ...(uses("b") ? [{ name: "b", data: b }] : []),
      { name: "c", bytes: floats * 4, readBack: true },
    ],
  };
  const expected: Record<StreamOp, (i: number) => number> = {
    copy: (i) => a[i]!,
    scale: (i) => 3 * a[i]!,
    add: (i) => a[i]! + b[i]!,
    triad: (i) => a[i]! + 3 * b[i]!,
  };
  function* checks(): Iterable<ElementCheck> {
    for (let i = 0; i < floats; i++) yield { index: i, expected: expected[op](i), tolerance: 0 };
  }
  return { kernel, checks };
}
