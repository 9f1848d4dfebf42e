import { describe, expect, it } from "vitest";
import { getLlmModel } from "../../src/hwmodels/llm/llm-models.ts";
import { resnet50Layers } from "../../src/hwmodels/systolic/resnet50-layers.ts";
import { systolicNetwork } from "../../src/hwmodels/systolic/systolic-model.ts";
import { transformerGemmLayers } from "../../src/hwmodels/systolic/transformer-layers.ts";
import { runNotebook } from "./run-notebook.ts";

const run = (...sets: string[]) => runNotebook("systolic.md", ...sets);

describe("notebooks/systolic.md, headless", () => {
  it("runs every cell and reports the model's numbers for its default inputs", () => {
    const { status, values, failed } = run();
    expect(failed).toEqual([]);
    expect(status).toBe(0);
    expect(values).toMatchObject({
      rows: 32,
      cols: 32,
      dataflow: "ws",
      sramKiB: 256,
      dramWordsPerCycle: 16,
    });
    const expected = systolicNetwork(resnet50Layers(), {
      rows: 32,
      cols: 32,
      dataflow: "ws",
      ifmapSramBytes: 256 * 1024,
      filterSramBytes: 256 * 1024,
      ofmapSramBytes: 256 * 1024,
      dramWordsPerCycle: 16,
    });
    expect(values.totalCycles).toBe(expected.cycles.total);
    expect(values.utilization).toBe(expected.utilization);
    expect((values.perLayer as unknown[]).length).toBe(54);
    expect((values.sweep as unknown[]).length).toBe(49);
    // The best aspect ratio at 1,024 PEs is one of the 11 ways to arrange them.
    expect((values.aspect as unknown[]).length).toBe(11);
  });

  it("re-runs with other inputs: a transformer layer on a 64 x 16 output-stationary array", () => {
    const { status, values, failed } = run(
      "rows=64",
      "cols=16",
      "dataflow=os",
      "workload=Llama 3 8B layer, decode at batch 16",
    );
    expect(failed).toEqual([]);
    expect(status).toBe(0);
    const expected = systolicNetwork(
      transformerGemmLayers(getLlmModel("llama-3-8b"), { tokens: 16 }),
      {
        rows: 64,
        cols: 16,
        dataflow: "os",
        ifmapSramBytes: 256 * 1024,
        filterSramBytes: 256 * 1024,
        ofmapSramBytes: 256 * 1024,
        dramWordsPerCycle: 16,
      },
    );
    expect(values.totalCycles).toBe(expected.cycles.total);
    expect((values.perLayer as { name: string }[]).map((layer) => layer.name)).toEqual([
      "qkv_proj",
      "o_proj",
      "gate_up_proj",
      "down_proj",
    ]);
  });
});
