import { describe, expect, it } from "vitest";
import { type LatencyPoint, latencyPlateaus } from "../../src/gpu/latency-plateaus.ts";

const KiB = 1024;
const MiB = 1024 * KiB;

/** A doubling sweep whose latency is `levels` [capacity, seconds] and then `memory` seconds. */
function curve(levels: Array<[number, number]>, memory: number, to = 64 * MiB): LatencyPoint[] {
  const points: LatencyPoint[] = [];
  for (let bytes = 4 * KiB; bytes <= to; bytes *= 2) {
    const level = levels.find(([capacity]) => bytes <= capacity);
    points.push({ workingSetBytes: bytes, secondsPerLoad: level ? level[1] : memory });
  }
  return points;
}

describe("latencyPlateaus(points)", () => {
  it("finds one plateau per level and the largest working set that fits each cache", () => {
    // Shaped like the V100 figures of Jia et al., "Dissecting the NVIDIA Volta GPU Architecture
    // via Microbenchmarking" (arXiv:1804.06826, table 3.1): L1 28 cycles, L2 193, memory ~400.
    const ns = 1e-9;
    const { plateaus, caches } = latencyPlateaus(
      curve(
        [
          [128 * KiB, 28 * ns],
          [6 * MiB, 193 * ns],
        ],
        400 * ns,
      ),
    );
    expect(plateaus.map((p) => p.secondsPerLoad)).toEqual([28 * ns, 193 * ns, 400 * ns]);
    expect(caches).toEqual([
      { level: 1, bytes: 128 * KiB, secondsPerLoad: 28 * ns },
      { level: 2, bytes: 4 * MiB, secondsPerLoad: 193 * ns },
    ]);
  });

  it("treats a single point between two levels as a transition, not a level", () => {
    const points = curve([[32 * KiB, 1]], 10);
    const halfway = points.find((p) => p.workingSetBytes === 64 * KiB)!;
    halfway.secondsPerLoad = 4;
    const { plateaus, caches } = latencyPlateaus(points);
    expect(plateaus).toHaveLength(2);
    expect(caches).toEqual([{ level: 1, bytes: 32 * KiB, secondsPerLoad: 1 }]);
  });

  it("tolerates repeat noise below the jump factor", () => {
    const points = curve([[1 * MiB, 25]], 300).map((p, i) => ({
      ...p,
      secondsPerLoad: p.secondsPerLoad * (i % 2 ? 1.1 : 0.95),
    }));
    const { caches } = latencyPlateaus(points);
    expect(caches.map((c) => c.bytes)).toEqual([1 * MiB]);
  });

  it("reports no cache when the curve is flat", () => {
    const { plateaus, caches } = latencyPlateaus(curve([], 100));
    expect(plateaus).toHaveLength(1);
    expect(caches).toEqual([]);
  });

  it("accepts points in any order", () => {
    const points = curve([[16 * KiB, 1]], 5).reverse();
    expect(latencyPlateaus(points).caches[0]?.bytes).toBe(16 * KiB);
  });
});
