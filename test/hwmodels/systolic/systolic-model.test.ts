import { describe, expect, it } from "vitest";
import type {
  Dataflow,
  SystolicConvention,
} from "../../../src/hwmodels/systolic/systolic-array.ts";
import {
  convOutputSize,
  lowerLayer,
  parseSystolicLayers,
} from "../../../src/hwmodels/systolic/systolic-layer.ts";
import { systolicLayer, systolicNetwork } from "../../../src/hwmodels/systolic/systolic-model.ts";
import { validationIssues } from "../validation-issues.ts";

const DATAFLOWS: Dataflow[] = ["os", "ws", "is"];

/**
 * SCALE-Sim's per-fold bookkeeping, fold by fold (systolic_compute_*.py): the reference the
 * closed forms are checked against.
 */
function foldByFold(
  M: number,
  N: number,
  K: number,
  dataflow: Dataflow,
  R: number,
  C: number,
  convention: SystolicConvention,
) {
  const [Sr, Sc, T] = dataflow === "os" ? [M, N, K] : dataflow === "ws" ? [K, N, M] : [K, M, N];
  let cycles = 0;
  let efficiency = 0;
  let utilization = 0;
  let folds = 0;
  const sram = { ifmapReads: 0, filterReads: 0, ofmapWrites: 0 };
  for (let colStart = 0; colStart < Sc; colStart += C) {
    for (let rowStart = 0; rowStart < Sr; rowStart += R) {
      const rowsUsed = Math.min(R, Sr - rowStart);
      const colsUsed = Math.min(C, Sc - colStart);
      // Demand-matrix rows of one fold: the stationary operand's R rows (ws, is), T of
      // streaming, then skew: R - 1 rows and C - 1 columns.
      const foldCycles = (dataflow === "os" ? 0 : R) + T + (R - 1) + (C - 1);
      const utilizationCycles =
        convention === "scale-sim" && dataflow !== "os" ? foldCycles + C - 1 : foldCycles;
      cycles += foldCycles;
      efficiency += (rowsUsed * colsUsed) / (R * C);
      utilization += (rowsUsed * colsUsed * T) / (R * C * utilizationCycles);
      folds++;
      if (dataflow === "os") {
        sram.ifmapReads += rowsUsed * T;
        sram.filterReads += colsUsed * T;
        sram.ofmapWrites += rowsUsed * colsUsed + (convention === "scale-sim" ? R + C : 0);
      } else if (dataflow === "ws") {
        sram.ifmapReads += T * rowsUsed;
        sram.filterReads += rowsUsed * colsUsed;
        sram.ofmapWrites += T * colsUsed;
      } else {
        sram.ifmapReads += rowsUsed * colsUsed;
        sram.filterReads += T * rowsUsed;
        sram.ofmapWrites += T * colsUsed;
      }
    }
  }
  return {
    cycles: cycles - (convention === "scale-sim" ? 1 : 0),
    mappingEfficiency: efficiency / folds,
    computeUtilization: utilization / folds,
    sram,
  };
}

/** A small deterministic generator, so failures reproduce. */
function random(seed: number) {
  return (max: number) => {
    seed = (seed * 48271) % 2147483647;
    return 1 + (seed % max);
  };
}

describe("systolicLayer: cycles and utilization in closed form", () => {
  it("equals SCALE-Sim's fold-by-fold bookkeeping on 300 random GEMMs, arrays and dataflows", () => {
    const next = random(7);
    for (let trial = 0; trial < 300; trial++) {
      const [M, N, K] = [next(300), next(300), next(300)];
      const [R, C] = [next(40), next(40)];
      const dataflow = DATAFLOWS[trial % 3]!;
      const convention: SystolicConvention = trial % 2 ? "scale-sim" : "textbook";
      const result = systolicLayer(
        { kind: "gemm", M, N, K },
        { rows: R, cols: C, dataflow, convention },
      );
      const reference = foldByFold(M, N, K, dataflow, R, C, convention);
      const label = `${M}x${N}x${K} on ${R}x${C} ${dataflow} ${convention}`;
      expect(result.cycles.compute, label).toBe(reference.cycles);
      expect(result.mappingEfficiency, label).toBeCloseTo(reference.mappingEfficiency, 12);
      expect(result.computeUtilization, label).toBeCloseTo(reference.computeUtilization, 12);
      expect(result.sram, label).toMatchObject(reference.sram);
    }
  });

  it("splits a fold into stationary preload, streaming and fill/drain, and says so", () => {
    const result = systolicLayer(
      { kind: "gemm", M: 100, N: 40, K: 70 },
      { rows: 32, cols: 16, dataflow: "ws" },
    );
    // ws: Sr = K = 70 -> 3 row folds (32, 32, 6); Sc = N = 40 -> 3 column folds (16, 16, 8).
    expect(result.mapping).toMatchObject({ rowFolds: 3, colFolds: 3, folds: 9, temporal: 100 });
    expect(result.mapping).toMatchObject({ rowsInLastFold: 6, colsInLastFold: 8 });
    expect(result.foldCycles).toEqual({ preload: 32, stream: 100, pipeline: 46, total: 178 });
    expect(result.cycles.compute).toBe(9 * 178);
    expect(result.mappingEfficiency).toBeCloseTo((70 / 96) * (40 / 48), 14);
    expect(result.utilization).toBe((100 * 40 * 70) / (32 * 16 * 9 * 178));
    expect(result.reason).toBe(
      "9 folds (3 row x 3 column) of 178 cycles: 32 to load the stationary weights, 100 streaming, 46 of fill and drain; mapping efficiency 60.8% (the last row fold fills 6 of 32 rows, the last column fold fills 8 of 16 columns); compute-bound: DRAM bandwidth unlimited",
    );
  });

  it("output stationary has no preload: one fold of a GEMM that fits takes K + R + C - 2 cycles", () => {
    const result = systolicLayer(
      { kind: "gemm", M: 16, N: 16, K: 1000 },
      { rows: 16, cols: 16, dataflow: "os" },
    );
    expect(result.cycles.compute).toBe(1000 + 30);
    expect(result.mappingEfficiency).toBe(1);
  });
});

describe("conventions: textbook and SCALE-Sim", () => {
  it("convOutputSize: PyTorch's floor by default, SCALE-Sim's ceil under scale-sim", () => {
    // ResNet conv1 (224, 7x7, stride 2, padding 3): (224 + 6 - 7) / 2 = 111.5 windows.
    expect(convOutputSize(224, 7, 2, 3, "textbook")).toBe(112);
    expect(convOutputSize(224, 7, 2, 3, "scale-sim")).toBe(113);
    // AlexNet conv1 as SCALE-Sim lists it (224, 11x11, stride 4): 54.25 windows.
    expect(convOutputSize(224, 11, 4, 0, "textbook")).toBe(54);
    expect(convOutputSize(224, 11, 4, 0, "scale-sim")).toBe(55);
    // Stride 1 always divides.
    expect(convOutputSize(56, 3, 1, 1, "textbook")).toBe(56);
    expect(convOutputSize(56, 3, 1, 1, "scale-sim")).toBe(56);
  });

  it("a layer whose windows do not divide the input notes the other convention's size", () => {
    const layer = {
      kind: "conv" as const,
      ifmapHeight: 224,
      ifmapWidth: 224,
      filterHeight: 11,
      filterWidth: 11,
      channels: 3,
      filters: 96,
      strideHeight: 4,
    };
    const textbook = systolicLayer(layer, { rows: 32, cols: 32 });
    expect(textbook.ofmap).toEqual({ height: 54, width: 54 });
    expect(textbook.notes).toContain(
      "output 54x54 under the textbook convention; the scale-sim convention rounds to 55x55",
    );
    expect(textbook.notes).toContain(
      "the windows read 223 of 224 input rows and 223 of 224 columns",
    );
  });

  it("with the same GEMM, scale-sim counts one cycle less, and WS/IS utilization over C - 1 more cycles", () => {
    for (const dataflow of DATAFLOWS) {
      const base = { rows: 8, cols: 8, dataflow };
      const layer = { kind: "gemm" as const, M: 64, N: 64, K: 64 };
      const textbook = systolicLayer(layer, base);
      const scaleSim = systolicLayer(layer, { ...base, convention: "scale-sim" });
      expect(scaleSim.cycles.compute).toBe(textbook.cycles.compute - 1);
      const perFold = textbook.foldCycles.total;
      const ratio = dataflow === "os" ? 1 : perFold / (perFold + 7);
      expect(scaleSim.computeUtilization).toBeCloseTo(textbook.computeUtilization * ratio, 14);
      const extraWrites = dataflow === "os" ? textbook.mapping.folds * 16 : 0;
      expect(scaleSim.sram.ofmapWrites - textbook.sram.ofmapWrites).toBe(extraWrites);
    }
  });
});

describe("DRAM traffic and stalls", () => {
  const gemm = { kind: "gemm" as const, M: 512, N: 256, K: 384 };

  it("reads each operand once and writes each output once when everything fits", () => {
    for (const dataflow of DATAFLOWS) {
      const result = systolicLayer(gemm, {
        rows: 32,
        cols: 32,
        dataflow,
        ifmapSramBytes: 2 ** 22,
        filterSramBytes: 2 ** 22,
        ofmapSramBytes: 2 ** 22,
      });
      expect(result.dram.ifmap.words).toBe(512 * 384);
      expect(result.dram.filter.words).toBe(384 * 256);
      expect(result.dram.ofmap.words).toBe(512 * 256);
      expect(result.dram.ofmapReads).toBe(0);
    }
  });

  it("re-reads a streamed operand that does not fit, once per fold that uses it", () => {
    const result = systolicLayer(gemm, {
      rows: 32,
      cols: 32,
      dataflow: "ws",
      ifmapSramBytes: 4096,
    });
    expect(result.dram.ifmap.fits).toBe(false);
    // The ifmap streams once per column fold: 256 / 32 = 8 times.
    expect(result.dram.ifmap.words).toBe(512 * 384 * 8);
    expect(result.dram.ifmap.passes).toBe(8);
  });

  it("spills partial sums when a column fold's outputs do not fit the ofmap SRAM (textbook)", () => {
    const tight = systolicLayer(gemm, { rows: 32, cols: 32, dataflow: "ws", ofmapSramBytes: 1024 });
    // ws: 384 / 32 = 12 row folds each write 512 x 256 partial sums; 11 are read back.
    expect(tight.dram.ofmap.words).toBe(512 * 256 * 12);
    expect(tight.dram.ofmapReads).toBe(512 * 256 * 11);
    const roomy = systolicLayer(gemm, { rows: 32, cols: 32, dataflow: "ws" });
    // 512 x 32 partial sums fit the default 64 KiB (32 Ki words active).
    expect(roomy.dram.ofmap.words).toBe(512 * 256);
    // SCALE-Sim writes every partial sum out and never reads one back.
    const scaleSim = systolicLayer(gemm, {
      rows: 32,
      cols: 32,
      dataflow: "ws",
      convention: "scale-sim",
    });
    expect(scaleSim.dram.ofmap.words).toBe(512 * 256 * 12);
    expect(scaleSim.dram.ofmapReads).toBe(0);
  });

  it("traffic never drops as the SRAMs shrink", () => {
    for (const dataflow of DATAFLOWS) {
      let previous = 0;
      for (const kib of [4096, 256, 64, 16, 4, 1]) {
        const bytes = kib * 1024;
        const { dram } = systolicLayer(gemm, {
          rows: 16,
          cols: 16,
          dataflow,
          ifmapSramBytes: bytes,
          filterSramBytes: bytes,
          ofmapSramBytes: bytes,
        });
        expect(dram.totalWords, `${dataflow} ${kib} KiB`).toBeGreaterThanOrEqual(previous);
        previous = dram.totalWords;
      }
    }
  });

  it("stalls by what DRAM needs beyond compute, and reports the first fold's load apart", () => {
    const array = { rows: 32, cols: 32, dataflow: "os" as const, dramWordsPerCycle: 4 };
    const result = systolicLayer(gemm, array);
    const { totalWords, prefetchWords } = result.dram;
    expect(result.dram.cycles).toBe(Math.ceil(totalWords / 4));
    expect(result.cycles.stall).toBe(
      Math.ceil((totalWords - prefetchWords) / 4) - result.cycles.compute,
    );
    expect(result.cycles.stall).toBeGreaterThan(0);
    expect(result.cycles.prefetch).toBe(Math.ceil(prefetchWords / 4));
    expect(result.bound).toBe("dram");
    expect(result.reason).toMatch(/DRAM-bound: [\d,]+ words at 4 words\/cycle take [\d,]+ cycles/);
    expect(result.utilization).toBe(result.macs / (1024 * result.cycles.total));
    const fast = systolicLayer(gemm, { ...array, dramWordsPerCycle: 1e6 });
    expect(fast.cycles.stall).toBe(0);
    expect(fast.bound).toBe("compute");
  });
});

describe("systolicNetwork", () => {
  it("sums cycles and MACs over layers and weights mapping efficiency by compute cycles", () => {
    const layers = [
      { kind: "gemm" as const, M: 64, N: 64, K: 64 },
      { kind: "gemm" as const, M: 10, N: 100, K: 7, name: "odd" },
    ];
    const network = systolicNetwork(layers, { rows: 16, cols: 16 });
    const [a, b] = network.layers;
    expect(b!.name).toBe("odd");
    expect(a!.name).toBe("layer 0");
    expect(network.cycles.total).toBe(a!.cycles.total + b!.cycles.total);
    expect(network.macs).toBe(64 ** 3 + 7000);
    expect(network.mappingEfficiency).toBeCloseTo(
      (a!.mappingEfficiency * a!.cycles.compute + b!.mappingEfficiency * b!.cycles.compute) /
        (a!.cycles.compute + b!.cycles.compute),
      14,
    );
  });
});

describe("bad input", () => {
  it("names every bad array field", () => {
    expect(
      validationIssues(() =>
        systolicLayer(
          { kind: "gemm", M: 1, N: 1, K: 1 },
          // @ts-expect-error: wrong on purpose
          { rows: 0, cols: 2.5, dataflow: "rs", wordBytes: -1, extra: 1 },
        ),
      ),
    ).toEqual([
      "rows: must be > 0",
      "cols: must be an integer",
      "dataflow: must be one of os, ws, is",
      "wordBytes: must be > 0",
      "extra: unknown field",
    ]);
  });

  it("names every bad layer field by index, and filters larger than their padded input", () => {
    expect(
      validationIssues(() =>
        parseSystolicLayers([
          { kind: "gemm", M: 0, N: -3, K: 4 },
          {
            kind: "conv",
            ifmapHeight: 5,
            ifmapWidth: 5,
            filterHeight: 7,
            filterWidth: 3,
            channels: 3,
            filters: 8,
          },
          { kind: "pool" },
        ]),
      ),
    ).toEqual([
      "[0].M: must be > 0",
      "[0].N: must be > 0",
      "[1].filterHeight: 7 is larger than the padded input (ifmapHeight 5 + 2 x padding 0)",
      '[2].kind: kind must be "conv" or "gemm"',
    ]);
    expect(validationIssues(() => parseSystolicLayers([]))).toEqual([
      "must list at least one layer",
    ]);
  });

  it("lowering never sees a bad layer: systolicLayer validates first", () => {
    expect(
      validationIssues(() =>
        systolicLayer({ kind: "gemm", M: 1.5, N: 1, K: 1 }, { rows: 4, cols: 4 }),
      ),
    ).toEqual(["[0].M: must be an integer"]);
    expect(
      lowerLayer(parseSystolicLayers([{ kind: "gemm", M: 2, N: 3, K: 4 }])[0]!, "textbook"),
    ).toMatchObject({ M: 2, N: 3, K: 4, macs: 24 });
  });
});
