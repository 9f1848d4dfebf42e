import { describe, expect, it } from "vitest";
import {
  parseScaleSimConfig,
  parseScaleSimTopology,
} from "../../../src/hwmodels/systolic/scalesim-files.ts";
import { validationIssues } from "../validation-issues.ts";
import { readFixture } from "./scalesim-reports.ts";

describe("parseScaleSimTopology(csv)", () => {
  it("reads the convolution form, with or without the trailing comma and the second stride", () => {
    const layers = parseScaleSimTopology(readFixture("vww-edgetpu/vww.csv"));
    expect(layers).toHaveLength(29);
    expect(layers[0]).toEqual({
      kind: "conv",
      name: "Conv2D_1",
      ifmapHeight: 96,
      ifmapWidth: 96,
      filterHeight: 3,
      filterWidth: 3,
      channels: 3,
      filters: 8,
      strideHeight: 2,
      strideWidth: 2,
      padding: 0,
      batch: 1,
    });
    expect(layers[28]).toMatchObject({ name: "FC", channels: 256, filters: 2 });
  });

  it("reads the GEMM form", () => {
    expect(parseScaleSimTopology(readFixture("gemm-user/test_mnk_input.csv"))).toEqual([
      { kind: "gemm", name: "Test 1", M: 256, N: 128, K: 256 },
    ]);
  });

  it("drops comments and expands depthwise (DP) layers into one layer per channel, as SCALE-Sim does", () => {
    const layers = parseScaleSimTopology(
      "Layer name, H, W, R, S, C, N, Stride,\nConv1, 8, 8, 3, 3, 2, 4, 1, # first\nDP_conv, 6, 6, 3, 3, 3, 1, 1,\n",
    );
    expect(layers.map((layer) => layer.name)).toEqual([
      "Conv1",
      "DP_convChannel_0",
      "DP_convChannel_1",
      "DP_convChannel_2",
    ]);
    expect(layers[1]).toMatchObject({ channels: 1, filters: 1 });
  });

  it("reports malformed lines by line number, and bad values by field", () => {
    expect(
      validationIssues(() =>
        parseScaleSimTopology(
          "Layer name, H, W, R, S, C, N, Stride,\nok, 8, 8, 3, 3, 2, 4, 1,\nshort, 8, 8, 3,\nword, 8, x, 3, 3, 2, 4, 1,\n",
          "net.csv",
        ),
      ),
    ).toEqual([
      "line 3: expected 7 or 8 numbers after the name, got 3 fields",
      'line 4: field 3 is "x", not an integer',
    ]);
    expect(validationIssues(() => parseScaleSimTopology("Layer, M, N, K,\ng, 4, 0, 4,\n"))).toEqual(
      ["[0].N: must be > 0"],
    );
    expect(validationIssues(() => parseScaleSimTopology("  \n"))).toEqual([
      "is empty: expected a header line",
    ]);
  });
});

describe("parseScaleSimConfig(cfg)", () => {
  it("maps array size, SRAM KiB, dataflow and bandwidth, and selects the scale-sim convention", () => {
    expect(parseScaleSimConfig(readFixture("gemm-user/scale.cfg"))).toEqual({
      rows: 32,
      cols: 32,
      dataflow: "os",
      ifmapSramBytes: 65536,
      filterSramBytes: 65536,
      ofmapSramBytes: 65536,
      wordBytes: 1,
      dramWordsPerCycle: 64,
      convention: "scale-sim",
    });
  });

  it("names the line of a bad value", () => {
    expect(
      validationIssues(() =>
        parseScaleSimConfig(
          "[architecture_presets]\nArrayHeight: 0\nArrayWidth: 8\nDataflow : xs\n",
        ),
      ),
    ).toEqual(["line 2 (rows): must be > 0", "line 4 (dataflow): must be one of os, ws, is"]);
  });
});
