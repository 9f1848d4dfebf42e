import { describe, expect, it } from "vitest";
import {
  chaseSlots,
  pointerChaseKernel,
  randomCycle,
} from "../../../src/gpu/kernels/pointer-chase.ts";

describe("randomCycle(slots, seed)", () => {
  it("links every slot into one cycle that visits all before returning", () => {
    for (const slots of [2, 3, 64, 1000]) {
      const next = randomCycle(slots, 5);
      const seen = new Set<number>();
      let at = 0;
      for (let step = 0; step < slots; step++) {
        seen.add(at);
        at = next[at]!;
      }
      expect(at).toBe(0);
      expect(seen.size).toBe(slots);
    }
  });

  it("is the same for the same seed and differs for another", () => {
    expect(randomCycle(100, 1)).toEqual(randomCycle(100, 1));
    expect(randomCycle(100, 1)).not.toEqual(randomCycle(100, 2));
  });
});

describe("pointerChaseKernel(workingSetBytes, strideBytes, steps)", () => {
  it("spreads the slots over the working set at the stride", () => {
    const { kernel, slots } = pointerChaseKernel(4096, 64, 10);
    expect(slots).toBe(64);
    expect(chaseSlots(4096, 64)).toBe(64);
    const chain = kernel.buffers[0]!.data as Uint32Array;
    expect(chain.byteLength).toBe(4096);
    // Only the first word of each 64-byte slot is a link, and it points at another slot.
    for (let word = 0; word < chain.length; word++) {
      if (word % 16) expect(chain[word]).toBe(0);
      else expect(chain[word]! % 16).toBe(0);
    }
  });

  it("knows where the walk ends", () => {
    const { kernel, expectedEnd } = pointerChaseKernel(1024, 16, 7);
    const chain = kernel.buffers[0]!.data as Uint32Array;
    let at = 0;
    for (let step = 0; step < 7; step++) at = chain[at]!;
    expect(expectedEnd).toBe(at);
  });

  it("has one WGSL source for every working set, stride and step count: a sweep compiles it once", () => {
    // Pipelines are cached by source; SwiftShader takes tens of milliseconds per compile.
    const sources = new Set(
      [
        [4096, 64, 10],
        [2 ** 20, 64, 2 ** 14],
        [2 ** 20, 128, 2 ** 15],
      ].map(([bytes, stride, steps]) => pointerChaseKernel(bytes!, stride!, steps!).kernel.code),
    );
    expect(sources.size).toBe(1);
  });
});
