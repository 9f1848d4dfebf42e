import { describe, expect, it } from "vitest";
import { parseTile } from "../../src/hwmodels/gemm-tile.ts";
import { parseHardwareSpec } from "../../src/hwmodels/hardware-spec.ts";
import { getPreset } from "../../src/hwmodels/presets.ts";
import { roofline } from "../../src/hwmodels/roofline.ts";
import { scaleSpec } from "../../src/hwmodels/scale-spec.ts";
import { streamKernelWork } from "../../src/hwmodels/stream-kernel.ts";
import { searchTiles } from "../../src/hwmodels/tile-search.ts";
import { tiledGemm } from "../../src/hwmodels/tiled-gemm.ts";
import { NO_WEBGPU, runNotebook, runNotebookWithEnv } from "./run-notebook.ts";

interface Point {
  machine: string;
  variant: string;
  kernel: string;
  level: string;
  x: number;
  y: number;
}
interface Roof {
  machine: string;
  variant: string;
  roof: string;
}

const h100 = getPreset("h100-sxm");
const MiB = 2 ** 20;

/** What the notebook should draw for the GEMM and STREAM on `spec`, straight from the models. */
function expectedPoints(
  spec: ReturnType<typeof getPreset>,
  gemm = { M: 4096, N: 4096, K: 4096, dtype: "fp16" as const },
) {
  const best = searchTiles(gemm, spec, { top: 1 }).best;
  const stream = streamKernelWork({ kernel: "triad", bytesPerArray: 256 * MiB }, spec);
  return {
    gemmY: best.attainableFlopsPerSecond,
    gemmDramX: best.flops / best.dramBytes,
    streamY: roofline(stream.work, spec).attainableFlopsPerSecond,
    streamLevel: stream.servedBy,
  };
}

function pointsOf(values: Record<string, unknown>, machine: string, variant = "what-if") {
  return (values.modelPoints as Point[]).filter(
    (p) => p.machine === machine && p.variant === variant,
  );
}

// A run with WebGPU on SwiftShader takes 5 to 25 s on a loaded 2-core machine: the GPU cases get
// more time than vitest's default.
describe("notebooks/roofline.md, headless", () => {
  it("measures this machine, and places the models' kernels and its own runs on the rooflines", () => {
    const { status, values, failed } = runNotebook("roofline.md");
    expect(failed).toEqual([]);
    expect(status).toBe(0);
    expect(values.hardware).toEqual(["this machine", "h100-sxm"]);

    // The models' kernels on H100, as the models compute them.
    const expected = expectedPoints(h100);
    const h100Points = pointsOf(values, h100.name);
    const gemm = h100Points.filter((p) => p.kernel === "GEMM (model)");
    expect(gemm.map((p) => p.level)).toEqual(["L1", "L2", "HBM3"]);
    for (const p of gemm) expect(p.y).toBe(expected.gemmY);
    expect(gemm.at(-1)!.x).toBe(expected.gemmDramX);
    expect(h100Points.find((p) => p.kernel === "STREAM (model)")).toMatchObject({
      level: expected.streamLevel,
      y: expected.streamY,
    });

    // This machine: a measured spec that validates, and measurements placed on it.
    const spec = parseHardwareSpec(values.measuredSpec);
    expect(spec.sources[0]!.tool).toBe("notebooks/roofline.md");
    const measured = values.measuredKernels as {
      matmul: { size: number; tile: string; flopsPerSecond: number; verified: number };
      stream: { bytesPerSecond: number }[];
    };
    expect(measured.matmul.verified).toBe(measured.matmul.size ** 2);
    const measuredPoints = values.measuredPoints as (Point & { predicted: number | null })[];
    const matmulPoints = measuredPoints.filter((p) => p.kernel === "GEMM (measured)");
    const predicted = tiledGemm(
      { M: 256, N: 256, K: 256, dtype: "fp32" },
      parseTile(measured.matmul.tile),
      spec,
    );
    expect(matmulPoints.at(-1)).toMatchObject({
      x: predicted.flops / predicted.dramBytes,
      y: measured.matmul.flopsPerSecond,
      predicted: predicted.attainableFlopsPerSecond,
    });
    expect(measuredPoints.filter((p) => p.kernel === "STREAM (measured)").map((p) => p.y)).toEqual(
      measured.stream.map((s) => (s.bytesPerSecond * 2) / 12),
    );
    // No fp16 on this machine: the notebook says so instead of drawing it.
    expect(values.modelNotes).toEqual([
      expect.stringMatching(
        /^This machine: no fp16 GEMM \(problem.dtype: .* states no peak for fp16/,
      ),
    ]);
  }, 120_000);

  it("what-if sliders move the roofs and the model's kernels together", () => {
    const { status, values, failed } = runNotebookWithEnv(
      NO_WEBGPU,
      "roofline.md",
      'hardware=["h100-sxm"]',
      "bandwidthScale=2",
      "clockScale=1.2",
      "cacheScale=4",
    );
    expect(failed).toEqual([]);
    expect(status).toBe(0);
    const whatIf = scaleSpec(h100, {
      clock: 1.2,
      computeUnits: 1,
      memory: { HBM3: { bandwidth: 2 }, L2: { capacity: 4 } },
    });
    const expected = expectedPoints(whatIf);
    const points = pointsOf(values, h100.name);
    expect(points.find((p) => p.kernel === "GEMM (model)")!.y).toBe(expected.gemmY);
    expect(points.find((p) => p.kernel === "STREAM (model)")!.y).toBe(expected.streamY);
    // The stated machine stays on the plot, faint, for comparison.
    const stated = pointsOf(values, h100.name, "as stated");
    expect(stated.find((p) => p.kernel === "STREAM (model)")!.y).toBe(expectedPoints(h100).streamY);
    const roofs = values.roofs as Roof[];
    expect(roofs.filter((r) => r.roof.startsWith("HBM3")).map((r) => [r.variant, r.roof])).toEqual([
      ["what-if", "HBM3: 6.7 TB/s"],
      ["as stated", "HBM3: 3.35 TB/s"],
    ]);
    expect(values.whatIfNotes).toEqual([
      `${h100.name}: What-if variant of h100-sxm: clock ×1.2, HBM3 bandwidth ×2, L2 size ×4.`,
    ]);
  });

  it("a what-if that breaks the spec says why and draws the machine as stated", () => {
    const { status, values, failed } = runNotebookWithEnv(
      NO_WEBGPU,
      "roofline.md",
      'hardware=["h100-sxm", "apple-m1-max"]',
      `cacheScale=${1 / 256}`,
    );
    expect(failed).toEqual([]);
    expect(status).toBe(0);
    expect(values.whatIfNotes).toEqual([
      expect.stringMatching(
        /^NVIDIA H100 SXM5 80GB: this what-if cannot be made, so it is drawn as stated\. .*L2 holds 200 KiB, less than the nearer L1 \(256 KiB per unit\)/,
      ),
      "Apple M1 Max (32-core GPU, 64 GB): as stated (it lists no cache to resize).",
    ]);
    expect(pointsOf(values, h100.name).find((p) => p.kernel === "STREAM (model)")!.y).toBe(
      expectedPoints(h100).streamY,
    );
  });

  it("runs without WebGPU: the presets draw, and the page says how to get a GPU", () => {
    const { status, values, failed, notices } = runNotebookWithEnv(NO_WEBGPU, "roofline.md");
    expect(failed).toEqual([]);
    expect(status).toBe(0);
    expect(notices.join(" ")).toMatch(/WebGPU is not available/);
    expect(values).toMatchObject({
      measuredSpec: null,
      thisMachine: null,
      measuredKernels: null,
      measuredPoints: [],
      hardware: ["h100-sxm", "mi300x"],
    });
    expect(values.machineSummary).toMatch(/^No WebGPU here.*Chrome or Edge 113\+/);
    const mi300x = getPreset("mi300x");
    expect(pointsOf(values, mi300x.name).find((p) => p.kernel === "GEMM (model)")!.y).toBe(
      expectedPoints(mi300x).gemmY,
    );
  });
});
