import * as aq from "arquero";
import { describe, expect, it } from "vitest";
import { installDom } from "../../src/engine/node/install-dom.ts";
import {
  decodeSnapshotValue,
  encodeSnapshotValue,
  type SnapshotReviver,
} from "../../src/engine/snapshot/snapshot-value.ts";

installDom();
const reviver: SnapshotReviver = {
  table: (columns) => aq.table(columns),
  html: (markup) => {
    const template = document.createElement("template");
    template.innerHTML = markup;
    return template.content.firstElementChild;
  },
};
/** Through JSON, as in a page. */
const roundTrip = (value: unknown) =>
  decodeSnapshotValue(JSON.parse(JSON.stringify(encodeSnapshotValue(value))), reviver);

describe("snapshot values", () => {
  it("round-trip plain data, including what JSON alone loses", () => {
    const value = {
      n: 1,
      s: "x",
      nested: [true, null, { deep: [1.5, -0.25] }],
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      missing: undefined,
      when: new Date("2026-01-02T03:04:05Z"),
      big: 12345678901234567890n,
      floats: new Float32Array([0.5, 1.5]),
      map: new Map<string, number>([["a", 1]]),
      set: new Set([1, 2]),
      $snapshot: "a key that looks like a tag",
    };
    expect(roundTrip(value)).toEqual(value);
  });

  it("round-trip arquero tables as tables", () => {
    const table = aq.table({ tile: ["64x64", "128x64"], gflops: [1.5, 2.25] });
    const back = roundTrip({ table }) as { table: aq.ColumnTable };
    expect(back.table.objects()).toEqual(table.objects());
  });

  it("round-trip plots as elements", () => {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("width", "10");
    svg.append(document.createElementNS("http://www.w3.org/2000/svg", "circle"));
    const back = roundTrip(svg) as SVGElement;
    expect(back.outerHTML).toBe(svg.outerHTML);
  });

  it("mark what cannot travel, and come back as undefined", () => {
    class Device {}
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(encodeSnapshotValue({ f: () => 1, device: new Device(), circular })).toEqual({
      f: { $snapshot: "unavailable", kind: "function" },
      device: { $snapshot: "unavailable", kind: "Device" },
      circular: { self: { $snapshot: "unavailable", kind: "circular reference" } },
    });
    expect(roundTrip({ device: new Device() })).toEqual({ device: undefined });
  });
});
