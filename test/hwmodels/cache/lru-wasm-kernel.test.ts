import { describe, expect, it } from "vitest";
import type { FastLevelShape } from "../../../src/hwmodels/cache/fast-path-shape.ts";
import { lruWasmKernel } from "../../../src/hwmodels/cache/lru-wasm-kernel.ts";
import { wasmLayout } from "../../../src/hwmodels/cache/lru-wasm-layout.ts";

const level = (
  sets: number,
  ways: number,
  lineBytes: number,
  writeBack = true,
): FastLevelShape => ({
  sets,
  ways,
  lineBytes,
  writeBack,
  setStride: 3,
});

const stateWords = (levels: FastLevelShape[]) =>
  levels.map(({ sets, ways, setStride }) => 3 * sets * ways + sets * setStride);

describe("lruWasmKernel", () => {
  it("emits a valid module for every way count, write policy, semantics and trace variant", () => {
    for (let ways = 1; ways <= 16; ways++) {
      for (const writeBack of [true, false]) {
        const levels = [level(4, ways, 32, writeBack), level(16, 17 - ways, 64)];
        const layout = wasmLayout(stateWords(levels));
        for (const semantics of ["hardware", "pycachesim"] as const) {
          for (const hasStores of [false, true]) {
            for (const sizePerAccess of [false, true]) {
              const bytes = lruWasmKernel({ levels, semantics, hasStores, sizePerAccess }, layout);
              const variant = JSON.stringify({
                ways,
                writeBack,
                semantics,
                hasStores,
                sizePerAccess,
              });
              expect(WebAssembly.validate(bytes), variant).toBe(true);
            }
          }
        }
      }
    }
  });

  it("imports a memory that holds the layout, and exports run(from, to, size) alone", () => {
    const levels = [level(64, 8, 64), level(1024, 16, 64)];
    const layout = wasmLayout(stateWords(levels));
    const module = new WebAssembly.Module(
      lruWasmKernel(
        { levels, semantics: "hardware", hasStores: false, sizePerAccess: false },
        layout,
      ),
    );
    expect(WebAssembly.Module.imports(module)).toEqual([
      { module: "env", name: "memory", kind: "memory" },
    ]);
    expect(WebAssembly.Module.exports(module)).toEqual([{ name: "run", kind: "function" }]);
    const tooSmall = new WebAssembly.Memory({ initial: Math.floor(layout.bytes / 65536) });
    expect(() => new WebAssembly.Instance(module, { env: { memory: tooSmall } })).toThrow(
      WebAssembly.LinkError,
    );
  });
});
