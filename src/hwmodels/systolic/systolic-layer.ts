import { z } from "zod";
import { parseOrThrow, ValidationError } from "../validation.ts";
import type { SystolicConvention } from "./systolic-array.ts";

/**
 * A layer a systolic array runs: a GEMM (M x K) . (K x N), or a convolution lowered to one by
 * im2col. Convolution fields follow SCALE-Sim's topology CSV (IFMAP height/width, filter
 * height/width, channels, filters, strides), plus padding and batch, which SCALE-Sim folds into
 * the IFMAP size and leaves at 1.
 */

const positiveInteger = () => z.number().int("must be an integer").positive("must be > 0");

const convLayerSchema = z
  .strictObject({
    kind: z.literal("conv"),
    name: z.string().optional(),
    ifmapHeight: positiveInteger(),
    ifmapWidth: positiveInteger(),
    filterHeight: positiveInteger(),
    filterWidth: positiveInteger(),
    /** Input channels. */
    channels: positiveInteger(),
    /** Output channels: one GEMM column per filter. */
    filters: positiveInteger(),
    /** Default 1. */
    strideHeight: positiveInteger().default(1),
    /** Default: strideHeight. */
    strideWidth: positiveInteger().optional(),
    /** Zero padding on every side, elements (default 0). */
    padding: z.number().int("must be an integer").min(0, "must be >= 0").default(0),
    /** Images per layer (default 1): multiplies the GEMM's M. */
    batch: positiveInteger().default(1),
  })
  .superRefine((layer, ctx) => {
    const { padding } = layer;
    for (const [filter, ifmap] of [
      ["filterHeight", "ifmapHeight"],
      ["filterWidth", "ifmapWidth"],
    ] as const) {
      if (layer[filter] > layer[ifmap] + 2 * padding) {
        ctx.issues.push({
          code: "custom",
          path: [filter],
          message: `${layer[filter]} is larger than the padded input (${ifmap} ${layer[ifmap]} + 2 x padding ${padding})`,
          input: layer[filter],
        });
      }
    }
  });

const gemmLayerSchema = z.strictObject({
  kind: z.literal("gemm"),
  name: z.string().optional(),
  /** Rows of the input (SCALE-Sim: the IFMAP operand is M x K). */
  M: positiveInteger(),
  /** Columns of the output (SCALE-Sim: the filter operand is K x N). */
  N: positiveInteger(),
  /** The reduction dimension. */
  K: positiveInteger(),
});

const layerSchema = z.discriminatedUnion("kind", [convLayerSchema, gemmLayerSchema], {
  error: (issue) => (issue.code === "invalid_union" ? 'kind must be "conv" or "gemm"' : undefined),
});

export type ConvLayer = z.output<typeof convLayerSchema>;
export type GemmLayer = z.output<typeof gemmLayerSchema>;
export type SystolicLayer = z.output<typeof layerSchema>;
export type SystolicLayerInput = z.input<typeof layerSchema>;

/** Validates a list of layers; every bad field is reported by path (`[3].filterHeight`). */
export function parseSystolicLayers(data: unknown, subject = "layers"): SystolicLayer[] {
  if (!Array.isArray(data)) {
    throw new ValidationError(subject, [{ path: "", message: "must be a list of layers" }]);
  }
  if (data.length === 0) {
    throw new ValidationError(subject, [{ path: "", message: "must list at least one layer" }]);
  }
  return parseOrThrow(z.array(layerSchema), data, subject).map((layer) => Object.freeze(layer));
}

/** A convolution's shape after lowering: what im2col row m and column k read. */
export interface ConvGeometry {
  ifmapHeight: number;
  ifmapWidth: number;
  filterHeight: number;
  filterWidth: number;
  channels: number;
  strideHeight: number;
  strideWidth: number;
  padding: number;
  ofmapHeight: number;
  ofmapWidth: number;
}

/** One layer as a GEMM: the shapes and counts every dataflow works from. */
export interface LoweredLayer {
  name: string;
  /** Output pixels (batch x height x width), or the GEMM's M. */
  M: number;
  /** Filters, or the GEMM's N. */
  N: number;
  /** Convolution window (filter height x width x channels), or the GEMM's K. */
  K: number;
  macs: number;
  /** Output feature map size, for convolutions. */
  ofmap: { height: number; width: number } | null;
  /** Distinct input elements the layer reads (what DRAM must deliver at least once), words. */
  ifmapWords: number;
  /** Convolution geometry, for counting the distinct inputs of a tile; null for a GEMM. */
  geometry: ConvGeometry | null;
  /** Facts about the shape a user may not expect (rows of the input no window reads, say). */
  notes: string[];
}

/**
 * Output size of a convolution along one axis, elements.
 * textbook: floor((input + 2 padding - filter) / stride) + 1.
 * scale-sim: ceil((input + 2 padding - filter + stride) / stride), SCALE-Sim's topology_utils:
 * a last window that runs past the input still produces an output (its missing inputs read as
 * padding). The two differ by one whenever (input + 2 padding - filter) mod stride != 0.
 */
export function convOutputSize(
  input: number,
  filter: number,
  stride: number,
  padding: number,
  convention: SystolicConvention,
): number {
  const span = input + 2 * padding - filter;
  return convention === "scale-sim"
    ? Math.ceil((span + stride) / stride)
    : Math.floor(span / stride) + 1;
}

/** The layer as a GEMM under `convention` (im2col for convolutions). */
export function lowerLayer(
  layer: SystolicLayer,
  convention: SystolicConvention,
  index = 0,
): LoweredLayer {
  const name = layer.name ?? `layer ${index}`;
  if (layer.kind === "gemm") {
    const { M, N, K } = layer;
    return {
      name,
      M,
      N,
      K,
      macs: M * N * K,
      ofmap: null,
      ifmapWords: M * K,
      geometry: null,
      notes: [],
    };
  }
  const strideWidth = layer.strideWidth ?? layer.strideHeight;
  const height = convOutputSize(
    layer.ifmapHeight,
    layer.filterHeight,
    layer.strideHeight,
    layer.padding,
    convention,
  );
  const width = convOutputSize(
    layer.ifmapWidth,
    layer.filterWidth,
    strideWidth,
    layer.padding,
    convention,
  );
  const M = layer.batch * height * width;
  const N = layer.filters;
  const K = layer.filterHeight * layer.filterWidth * layer.channels;
  const rowsRead = inputsInRange(
    0,
    height - 1,
    0,
    layer.filterHeight - 1,
    layer.strideHeight,
    layer.padding,
    layer.ifmapHeight,
  );
  const colsRead = inputsInRange(
    0,
    width - 1,
    0,
    layer.filterWidth - 1,
    strideWidth,
    layer.padding,
    layer.ifmapWidth,
  );
  const notes: string[] = [];
  if (rowsRead < layer.ifmapHeight || colsRead < layer.ifmapWidth) {
    notes.push(
      `the windows read ${rowsRead} of ${layer.ifmapHeight} input rows and ${colsRead} of ${layer.ifmapWidth} columns`,
    );
  }
  const textbook = convention === "textbook";
  const other = textbook ? "scale-sim" : "textbook";
  const otherHeight = convOutputSize(
    layer.ifmapHeight,
    layer.filterHeight,
    layer.strideHeight,
    layer.padding,
    other,
  );
  const otherWidth = convOutputSize(
    layer.ifmapWidth,
    layer.filterWidth,
    strideWidth,
    layer.padding,
    other,
  );
  if (otherHeight !== height || otherWidth !== width) {
    notes.push(
      `output ${height}x${width} under the ${convention} convention; the ${other} convention rounds to ${otherHeight}x${otherWidth}`,
    );
  }
  return {
    name,
    M,
    N,
    K,
    macs: M * N * K,
    ofmap: { height, width },
    ifmapWords: layer.batch * rowsRead * colsRead * layer.channels,
    geometry: {
      ifmapHeight: layer.ifmapHeight,
      ifmapWidth: layer.ifmapWidth,
      filterHeight: layer.filterHeight,
      filterWidth: layer.filterWidth,
      channels: layer.channels,
      strideHeight: layer.strideHeight,
      strideWidth,
      padding: layer.padding,
      ofmapHeight: height,
      ofmapWidth: width,
    },
    notes,
  };
}

/**
 * Distinct input elements an im2col tile reads: rows [m0, m1) (output pixels, SCALE-Sim's
 * order: image, output row, output column) by columns [k0, k1) (window entries in order filter
 * row, filter column, channel). Exact for a GEMM. For a convolution, the tile's output pixels
 * and window offsets are widened to their bounding boxes (a tile that wraps a row counts whole
 * rows), so this is an upper bound, capped by the tile's size and the whole input.
 */
export function inputTileWords(
  layer: LoweredLayer,
  m0: number,
  m1: number,
  k0: number,
  k1: number,
): number {
  const tile = (m1 - m0) * (k1 - k0);
  const g = layer.geometry;
  if (!g) return tile;
  const channels = Math.min(g.channels, k1 - k0);
  const first = Math.floor(k0 / g.channels);
  const last = Math.floor((k1 - 1) / g.channels);
  const firstRow = Math.floor(first / g.filterWidth);
  const lastRow = Math.floor(last / g.filterWidth);
  const oneRow = firstRow === lastRow;
  const dc0 = oneRow ? first % g.filterWidth : 0;
  const dc1 = oneRow ? last % g.filterWidth : g.filterWidth - 1;
  const pixels = g.ofmapHeight * g.ofmapWidth;
  const images = Math.floor((m1 - 1) / pixels) - Math.floor(m0 / pixels) + 1;
  let row0 = 0;
  let row1 = g.ofmapHeight - 1;
  let col0 = 0;
  let col1 = g.ofmapWidth - 1;
  if (images === 1) {
    const o0 = m0 % pixels;
    const o1 = (m1 - 1) % pixels;
    row0 = Math.floor(o0 / g.ofmapWidth);
    row1 = Math.floor(o1 / g.ofmapWidth);
    if (row0 === row1) {
      col0 = o0 % g.ofmapWidth;
      col1 = o1 % g.ofmapWidth;
    }
  }
  const rowsRead = inputsInRange(
    row0,
    row1,
    firstRow,
    lastRow,
    g.strideHeight,
    g.padding,
    g.ifmapHeight,
  );
  const colsRead = inputsInRange(col0, col1, dc0, dc1, g.strideWidth, g.padding, g.ifmapWidth);
  return Math.min(tile, layer.ifmapWords, images * rowsRead * colsRead * channels);
}

/** Input positions o * stride - padding + f for o in `outputs`, f in `offsets`, within [0, size). */
function inputsInRange(
  o0: number,
  o1: number,
  f0: number,
  f1: number,
  stride: number,
  padding: number,
  size: number,
): number {
  const span = f1 - f0 + 1;
  if (stride <= span) {
    const start = Math.max(0, o0 * stride - padding + f0);
    const end = Math.min(size - 1, o1 * stride - padding + f1);
    return Math.max(0, end - start + 1);
  }
  let count = 0;
  for (let o = o0; o <= o1; o++) {
    const start = o * stride - padding + f0;
    count += Math.max(0, Math.min(size, start + span) - Math.max(0, start));
  }
  return count;
}
