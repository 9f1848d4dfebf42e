import { describe, expect, it } from "vitest";
import {
  parseScaleSimConfig,
  parseScaleSimTopology,
} from "../../../src/hwmodels/systolic/scalesim-files.ts";
import type { Dataflow } from "../../../src/hwmodels/systolic/systolic-array.ts";
import { systolicNetwork } from "../../../src/hwmodels/systolic/systolic-model.ts";
import { readFixture, readReport } from "./scalesim-reports.ts";

// SCALE-Sim's published golden outputs (test/fixtures/scalesim/README.md says where each comes
// from). Under the scale-sim convention the model must reproduce every cycle count exactly.

const percent = (fraction: number) => fraction * 100;

describe("SCALE-Sim golden outputs, reproduced exactly", () => {
  it("the 29 layers of the MLPerf Tiny visual wake words net on the 4x4 WS edge-TPU config", () => {
    const array = parseScaleSimConfig(readFixture("vww-edgetpu/edgeTPU.cfg"));
    const layers = parseScaleSimTopology(readFixture("vww-edgetpu/vww.csv"));
    const compute = readReport("vww-edgetpu/COMPUTE_REPORT.csv");
    const access = readReport("vww-edgetpu/DETAILED_ACCESS_REPORT.csv");
    const { layers: results } = systolicNetwork(layers, array);
    expect(results).toHaveLength(29);
    expect(compute).toHaveLength(29);
    results.forEach((result, i) => {
      const golden = compute[i]!;
      const detail = access[i]!;
      expect(result.cycles.total, result.name).toBe(golden["Total Cycles"]);
      expect(result.cycles.stall).toBe(golden["Stall Cycles"]);
      expect(percent(result.utilization)).toBeCloseTo(golden["Overall Util %"]!, 10);
      expect(percent(result.mappingEfficiency)).toBeCloseTo(golden["Mapping Efficiency %"]!, 10);
      expect(percent(result.computeUtilization)).toBeCloseTo(golden["Compute Util %"]!, 10);
      expect(result.sram.ifmapReads).toBe(detail["SRAM IFMAP Reads"]);
      expect(result.sram.filterReads).toBe(detail["SRAM Filter Reads"]);
      expect(result.sram.ofmapWrites).toBe(detail["SRAM OFMAP Writes"]);
      // Every operand fits its SRAM here, and then the analytic DRAM model agrees exactly too.
      expect(result.dram.ifmap.words).toBe(detail["DRAM IFMAP Reads"]);
      expect(result.dram.filter.words).toBe(detail["DRAM Filter Reads"]);
      expect(result.dram.ofmap.words).toBe(detail["DRAM OFMAP Writes"]);
    });
  });

  it("AlexNet conv1 on the 32x32 WS config (v2 and v3 goldens): 112,283 cycles", () => {
    const array = parseScaleSimConfig(readFixture("alexnet-calc/scale.cfg"));
    const layers = parseScaleSimTopology(readFixture("alexnet-calc/alexnet_part.csv"));
    const [result] = systolicNetwork(layers, { ...array, dramWordsPerCycle: undefined }).layers;
    for (const report of [
      "alexnet-calc/v2_COMPUTE_REPORT.csv",
      "alexnet-calc/v3_COMPUTE_REPORT.csv",
    ]) {
      const [golden] = readReport(report);
      expect(result!.cycles.total).toBe(golden!["Total Cycles"]);
      expect(result!.cycles.stall).toBe(golden!["Stall Cycles"]);
      expect(percent(result!.utilization)).toBeCloseTo(golden!["Overall Util %"]!, 10);
      expect(percent(result!.mappingEfficiency)).toBeCloseTo(golden!["Mapping Efficiency %"]!, 10);
      expect(percent(result!.computeUtilization)).toBeCloseTo(golden!["Compute Util %"]!, 10);
    }
    const [detail] = readReport("alexnet-calc/v3_DETAILED_ACCESS_REPORT.csv");
    expect(result!.sram).toMatchObject({
      ifmapReads: detail!["SRAM IFMAP Reads"],
      filterReads: detail!["SRAM Filter Reads"],
      ofmapWrites: detail!["SRAM OFMAP Writes"],
    });
    // SCALE-Sim rounds 55.25 output rows up: 55 x 55 outputs where PyTorch has 54 x 54.
    expect(result!.ofmap).toEqual({ height: 55, width: 55 });
    expect(result!.dram.filter.words).toBe(detail!["DRAM Filter Reads"]);
    // SCALE-Sim pads its last DRAM write line (31 words here).
    expect(detail!["DRAM OFMAP Writes"]! - result!.dram.ofmap.words).toBe(31);
  });

  it.each([
    ["os", 10_175],
    ["ws", 11_199],
    ["is", 14_207],
  ] as const)(
    "the 256x128x256 GEMM, %s dataflow: %i compute cycles (Total - Stall Cycles)",
    (dataflow: Dataflow, cycles: number) => {
      const array = { ...parseScaleSimConfig(readFixture("gemm-user/scale.cfg")), dataflow };
      const layers = parseScaleSimTopology(readFixture("gemm-user/test_mnk_input.csv"));
      const [result] = systolicNetwork(layers, array).layers;
      const [golden] = readReport(`gemm-user/${dataflow}_COMPUTE_REPORT.csv`);
      const [detail] = readReport(`gemm-user/${dataflow}_DETAILED_ACCESS_REPORT.csv`);
      expect(result!.cycles.compute).toBe(cycles);
      expect(result!.cycles.compute).toBe(golden!["Total Cycles"]! - golden!["Stall Cycles"]!);
      expect(percent(result!.mappingEfficiency)).toBe(golden!["Mapping Efficiency %"]);
      expect(percent(result!.computeUtilization)).toBeCloseTo(golden!["Compute Util %"]!, 10);
      // Overall Util divides by SCALE-Sim's own total, stalls included.
      expect((result!.macs * 100) / (32 * 32 * golden!["Total Cycles"]!)).toBeCloseTo(
        golden!["Overall Util %"]!,
        10,
      );
      expect(result!.sram).toMatchObject({
        ifmapReads: detail!["SRAM IFMAP Reads"],
        filterReads: detail!["SRAM Filter Reads"],
        ofmapWrites: detail!["SRAM OFMAP Writes"],
      });
    },
  );
});
