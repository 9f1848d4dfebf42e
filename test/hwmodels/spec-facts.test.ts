import { describe, expect, it } from "vitest";
import { parseHardwareSpec } from "../../src/hwmodels/hardware-spec.ts";
import { coversFact, factSources, specFacts, uncitedFacts } from "../../src/hwmodels/spec-facts.ts";

const spec = parseHardwareSpec({
  id: "toy",
  name: "Toy",
  clock: { hz: "1 GHz", domainsHz: { tensor: "900 MHz" } },
  computeUnits: { count: 2 },
  compute: { matrix: { fp16: { flopsPerClockPerUnit: 512, clockDomain: "tensor" } } },
  memory: [
    { name: "Infinity Cache", kind: "cache", scope: "device", bytes: "8 MiB" },
    { name: "DRAM", kind: "memory", scope: "device", bytes: "1 GB", bytesPerSecond: "100 GB/s" },
  ],
  sources: [
    {
      id: "sheet",
      kind: "datasheet",
      title: "Sheet",
      url: "https://example.com",
      covers: ["compute", "memory.DRAM"],
    },
    {
      id: "paper",
      kind: "paper",
      title: "Paper",
      url: "https://example.com/p",
      covers: ["memory.*.bytes"],
    },
  ],
});

describe("specFacts(spec)", () => {
  it("lists every number, memory levels by name", () => {
    expect(specFacts(spec)).toEqual([
      "clock.hz",
      "clock.domainsHz.tensor",
      "computeUnits.count",
      "compute.matrix.fp16.flopsPerClockPerUnit",
      "memory.Infinity Cache.bytes",
      "memory.DRAM.bytes",
      "memory.DRAM.bytesPerSecond",
    ]);
  });
});

describe("coversFact(pattern, fact)", () => {
  it("matches whole segments as a prefix, * standing for any one segment", () => {
    expect(coversFact("compute", "compute.matrix.fp16.flopsPerSecond")).toBe(true);
    expect(coversFact("memory.*.bytes", "memory.L2.bytes")).toBe(true);
    expect(coversFact("memory.*.bytes", "memory.L2.bytesPerSecond")).toBe(false);
    expect(coversFact("mem", "memory.L2.bytes")).toBe(false);
    expect(coversFact("*", "clock.hz")).toBe(true);
  });
});

describe("uncitedFacts(spec) and factSources(spec)", () => {
  it("name the facts no source covers, and which source covers which", () => {
    expect(uncitedFacts(spec)).toEqual([
      "clock.hz",
      "clock.domainsHz.tensor",
      "computeUnits.count",
    ]);
    expect(factSources(spec).get("paper")).toEqual([
      "memory.Infinity Cache.bytes",
      "memory.DRAM.bytes",
    ]);
  });
});
