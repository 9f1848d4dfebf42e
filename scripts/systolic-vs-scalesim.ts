// Prints the systolic model's cycles, stalls and DRAM traffic next to SCALE-Sim's published
// goldens (test/fixtures/scalesim), as the Markdown tables in docs/systolic.md:
//   npx tsx scripts/systolic-vs-scalesim.ts
import {
  parseScaleSimConfig,
  parseScaleSimTopology,
} from "../src/hwmodels/systolic/scalesim-files.ts";
import { systolicNetwork } from "../src/hwmodels/systolic/systolic-model.ts";
import { readFixture, readReport } from "../test/hwmodels/systolic/scalesim-reports.ts";

const count = (n: number) => n.toLocaleString("en-US");

console.log("### vww on the 4x4 WS edge TPU config (scale-sim convention)\n");
console.log(
  "| layer | name | SCALE-Sim cycles | model cycles | mapping eff. | compute util. | overall util. |",
);
console.log("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
{
  const array = parseScaleSimConfig(readFixture("vww-edgetpu/edgeTPU.cfg"));
  const layers = parseScaleSimTopology(readFixture("vww-edgetpu/vww.csv"));
  const golden = readReport("vww-edgetpu/COMPUTE_REPORT.csv");
  systolicNetwork(layers, array).layers.forEach((result, i) => {
    const row = golden[i]!;
    const same = (model: number, theirs: number) =>
      Math.abs(model * 100 - theirs) < 1e-9
        ? `${theirs.toFixed(2)}% =`
        : `${(model * 100).toFixed(2)}% ≠ ${theirs}`;
    console.log(
      `| ${i} | ${result.name} | ${count(row["Total Cycles"]!)} | ${count(result.cycles.total)} | ${same(result.mappingEfficiency, row["Mapping Efficiency %"]!)} | ${same(result.computeUtilization, row["Compute Util %"]!)} | ${same(result.utilization, row["Overall Util %"]!)} |`,
    );
  });
}

console.log("\n### AlexNet conv1, 32x32 WS, and the 256x128x256 GEMM, 32x32, 64 words/cycle\n");
console.log(
  "| run | SCALE-Sim compute cycles | model | SCALE-Sim stalls | model stalls | DRAM ifmap SCALE-Sim / model | filter | ofmap |",
);
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
const runs = [
  {
    name: "AlexNet conv1 (CALC)",
    dir: "alexnet-calc",
    cfg: "scale.cfg",
    topo: "alexnet_part.csv",
    compute: "v2_COMPUTE_REPORT.csv",
    detail: "v3_DETAILED_ACCESS_REPORT.csv",
    dataflow: undefined,
    calc: true,
  },
  ...(["os", "ws", "is"] as const).map((dataflow) => ({
    name: `GEMM ${dataflow} (USER)`,
    dir: "gemm-user",
    cfg: "scale.cfg",
    topo: "test_mnk_input.csv",
    compute: `${dataflow}_COMPUTE_REPORT.csv`,
    detail: `${dataflow}_DETAILED_ACCESS_REPORT.csv`,
    dataflow,
    calc: false,
  })),
];
for (const run of runs) {
  const base = parseScaleSimConfig(readFixture(`${run.dir}/${run.cfg}`));
  const array = {
    ...base,
    ...(run.dataflow ? { dataflow: run.dataflow } : {}),
    // CALC mode estimates bandwidth instead of stalling.
    ...(run.calc ? { dramWordsPerCycle: undefined } : {}),
  };
  const [result] = systolicNetwork(
    parseScaleSimTopology(readFixture(`${run.dir}/${run.topo}`)),
    array,
  ).layers;
  const [golden] = readReport(`${run.dir}/${run.compute}`);
  const [detail] = readReport(`${run.dir}/${run.detail}`);
  const stalls = golden!["Stall Cycles"]!;
  console.log(
    `| ${run.name} | ${count(golden!["Total Cycles"]! - stalls)} | ${count(result!.cycles.compute)} | ${count(stalls)} | ${count(result!.cycles.stall)} | ${count(detail!["DRAM IFMAP Reads"]!)} / ${count(result!.dram.ifmap.words)} | ${count(detail!["DRAM Filter Reads"]!)} / ${count(result!.dram.filter.words)} | ${count(detail!["DRAM OFMAP Writes"]!)} / ${count(result!.dram.ofmap.words)} |`,
  );
}
