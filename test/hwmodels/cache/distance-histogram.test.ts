import { describe, expect, it } from "vitest";
import { DistanceHistogram } from "../../../src/hwmodels/cache/distance-histogram.ts";
import { Xorshift32 } from "../../../src/hwmodels/cache/random-policy.ts";

function naiveCounts(distances: readonly number[]): number[] {
  const counts: number[] = [];
  for (const d of distances) counts[d] = (counts[d] ?? 0) + 1;
  return Array.from(counts, (count) => count ?? 0);
}

describe("DistanceHistogram", () => {
  it("counts every distance, across batches and groups of the histogram", () => {
    // 200 000 distances (several batches of 65 536) up to 50 000 (more than one group of 4096).
    const random = new Xorshift32(3);
    const distances = Array.from({ length: 200_000 }, () => random.next() % 50_000);
    const histogram = new DistanceHistogram();
    for (const d of distances) histogram.add(d);
    expect([...histogram.toArray()]).toEqual(naiveCounts(distances));
    expect(histogram.longest).toBe(distances.reduce((a, b) => Math.max(a, b)));
  });

  it("keeps counting exactly after its int32 counts spill into float64 totals", () => {
    const random = new Xorshift32(4);
    const distances = Array.from({ length: 100_000 }, () => random.next() % 300);
    const histogram = new DistanceHistogram(1000);
    distances.forEach((d, i) => {
      histogram.add(d);
      // Reading in between counts the queue, so spills happen at several points.
      if (i % 9999 === 0) histogram.toArray();
    });
    expect([...histogram.toArray()]).toEqual(naiveCounts(distances));
  });

  it("is empty before any distance", () => {
    expect(new DistanceHistogram().toArray().length).toBe(0);
  });
});
