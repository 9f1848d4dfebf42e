import { describe, expect, it } from "vitest";
import {
  compulsoryBytes,
  type GemmProblem,
  ioLowerBoundBytes,
  outputBytesPerElement,
} from "../../src/hwmodels/gemm-problem.ts";
import { bytesPastCache, globalBytes, trafficPastCache } from "../../src/hwmodels/gemm-traffic.ts";
import { BYTES_PER_ELEMENT } from "../../src/hwmodels/precision.ts";

/** The independent reference: walk the tile grid and add up what each workgroup really loads. */
function bruteForceGlobalBytes(problem: GemmProblem, BM: number, BN: number): number {
  const e = BYTES_PER_ELEMENT[problem.dtype];
  const c = outputBytesPerElement(problem.dtype);
  let bytes = 0;
  for (let row = 0; row < problem.M; row += BM) {
    for (let column = 0; column < problem.N; column += BN) {
      const rows = Math.min(BM, problem.M - row);
      const columns = Math.min(BN, problem.N - column);
      bytes += e * rows * problem.K + e * problem.K * columns + c * rows * columns;
    }
  }
  return bytes;
}

const sizes = [1, 7, 16, 100, 128, 1000, 4097];
const tileShapes: Array<[number, number]> = [
  [16, 16],
  [64, 32],
  [128, 256],
  [256, 128],
];

describe("globalBytes(problem, tilesM, tilesN, e, c)", () => {
  it("equals a walk over the tile grid for square, skinny and ragged shapes", () => {
    let checked = 0;
    for (const M of sizes)
      for (const N of sizes)
        for (const K of [1, 64, 333])
          for (const dtype of ["fp16", "fp32", "int8"] as const)
            for (const [BM, BN] of tileShapes) {
              const problem = { M, N, K, dtype };
              const tilesM = Math.ceil(M / BM);
              const tilesN = Math.ceil(N / BN);
              const closed = globalBytes(
                problem,
                tilesM,
                tilesN,
                BYTES_PER_ELEMENT[dtype],
                outputBytesPerElement(dtype),
              );
              expect(closed, `${M}x${N}x${K} ${dtype} ${BM}x${BN}`).toBe(
                bruteForceGlobalBytes(problem, BM, BN),
              );
              checked++;
            }
    expect(checked).toBe(7 * 7 * 3 * 3 * 4);
  });

  it("is the compulsory traffic when one tile covers the whole of C", () => {
    const problem = { M: 100, N: 60, K: 999, dtype: "fp16" as const };
    expect(globalBytes(problem, 1, 1, 2, 2)).toBe(compulsoryBytes(problem));
  });
});

describe("trafficPastCache(...)", () => {
  const problem = { M: 8192, N: 8192, K: 8192, dtype: "fp16" as const };
  const grid = { tilesM: 64, tilesN: 64 };

  it("shapes a wave of 108 tiles into a 10 x 10 group: A and B each read ceil(64 / 10) = 7 times", () => {
    const reuse = trafficPastCache(problem, grid, 128, 128, 2, 2, 40 * 2 ** 20, 108);
    expect([reuse.groupTilesM, reuse.groupTilesN]).toEqual([10, 10]);
    expect(reuse.aResident || reuse.bResident).toBe(false); // 128 MiB operands, 20 MiB budget
    expect(reuse.bytes).toBe(2 * 8192 * 8192 * 7 * 2 + 2 * 8192 * 8192);
  });

  it("reads an operand once when it fits in half the cache, the smaller one first", () => {
    const skinny = { M: 64, N: 12288, K: 12288, dtype: "fp16" as const };
    const reuse = trafficPastCache(
      skinny,
      { tilesM: 1, tilesN: 96 },
      128,
      128,
      2,
      2,
      40 * 2 ** 20,
      96,
    );
    expect(reuse.aResident).toBe(true); // A is 1.5 MiB; B (288 MiB) streams
    expect(reuse.bResident).toBe(false);
    expect(reuse.bytes).toBe(compulsoryBytes(skinny)); // tilesM = 1: B is read once anyway
  });

  it("is the compulsory traffic when both operands fit, and globalBytes with no cache and one tile at a time", () => {
    const small = { M: 1024, N: 1024, K: 1024, dtype: "fp16" as const };
    const smallGrid = { tilesM: 8, tilesN: 8 };
    expect(trafficPastCache(small, smallGrid, 128, 128, 2, 2, 40 * 2 ** 20, 64).bytes).toBe(
      compulsoryBytes(small),
    );
    expect(trafficPastCache(small, smallGrid, 128, 128, 2, 2, undefined, 1).bytes).toBe(
      globalBytes(small, 8, 8, 2, 2),
    );
  });

  it("stays between the compulsory traffic and globalBytes, and agrees with bytesPastCache", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 500; i++) {
      const p = {
        M: 1 + Math.floor(random() * 20000),
        N: 1 + Math.floor(random() * 20000),
        K: 1 + Math.floor(random() * 20000),
        dtype: "fp16" as const,
      };
      const [BM, BN] = tileShapes[i % tileShapes.length]!;
      const tilesM = Math.ceil(p.M / BM);
      const tilesN = Math.ceil(p.N / BN);
      const capacity = random() < 0.2 ? undefined : 2 ** (20 + Math.floor(random() * 9));
      const concurrent = 1 + Math.floor(random() * 600);
      const reuse = trafficPastCache(p, { tilesM, tilesN }, BM, BN, 2, 2, capacity, concurrent);
      expect(reuse.bytes).toBeGreaterThanOrEqual(compulsoryBytes(p));
      expect(reuse.bytes).toBeLessThanOrEqual(globalBytes(p, tilesM, tilesN, 2, 2));
      expect(bytesPastCache(p, tilesM, tilesN, BM, BN, 2, 2, capacity, concurrent)).toBe(
        reuse.bytes,
      );
      expect(reuse.groupTilesM * reuse.groupTilesN).toBeLessThanOrEqual(reuse.concurrentTiles);
    }
  });
});

describe("ioLowerBoundBytes(problem, fastMemoryBytes)", () => {
  it("is 2MNK / sqrt(S) elements, in bytes", () => {
    const problem = { M: 4096, N: 4096, K: 4096, dtype: "fp32" as const };
    const S = 2 ** 16 * 4; // 65536 elements
    expect(ioLowerBoundBytes(problem, S)).toBe((4 * 2 * 4096 ** 3) / 256);
  });
  it("never drops below the compulsory traffic", () => {
    const problem = { M: 64, N: 64, K: 64, dtype: "fp16" as const };
    expect(ioLowerBoundBytes(problem, 2 ** 30)).toBe(compulsoryBytes(problem));
  });
});
