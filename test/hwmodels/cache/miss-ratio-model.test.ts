// The simulator and the stack-distance profile answer the same question through one interface;
// where both are exact (fully associative LRU) they must agree exactly, and where the profile
// estimates (set-associative) its error is bounded on traces that meet the estimate's assumption.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AccessBatch, AccessTrace } from "../../../src/hwmodels/cache/access-trace.ts";
import { joinAddress } from "../../../src/hwmodels/cache/address.ts";
import { missRatioCurve } from "../../../src/hwmodels/cache/miss-ratio-curve.ts";
import type { CacheGeometry } from "../../../src/hwmodels/cache/miss-ratio-model.ts";
import { Xorshift32 } from "../../../src/hwmodels/cache/random-policy.ts";
import { simulatedMissRatioModel } from "../../../src/hwmodels/cache/simulated-miss-ratio.ts";
import { stackDistanceProfile } from "../../../src/hwmodels/cache/stack-distance-profiler.ts";
import { TraceParser } from "../../../src/hwmodels/cache/trace-parser.ts";

function randomTrace(accesses: number, footprintBytes: number, seed: number): AccessTrace {
  const random = new Xorshift32(seed);
  const addresses = new Float64Array(accesses);
  const stores = new Uint8Array(accesses);
  for (let i = 0; i < accesses; i++) {
    addresses[i] = (random.next() % (footprintBytes / 8)) * 8;
    stores[i] = random.next() % 5 === 0 ? 1 : 0;
  }
  return { addresses, stores, bytes: 8 };
}

/** A fixture trace as an in-process trace (64-bit addresses, with sizes and stores). */
function fixtureTrace(name: string): AccessTrace {
  const text = readFileSync(join(import.meta.dirname, "fixtures", "pycachesim", name));
  const addresses: bigint[] = [];
  const stores: number[] = [];
  const bytes: number[] = [];
  const parser = new TraceParser((batch: AccessBatch) => {
    for (let i = 0; i < batch.length; i++) {
      addresses.push(joinAddress(batch.hi[i]!, batch.lo[i]!));
      stores.push(batch.kinds[i]!);
      bytes.push(batch.bytes[i]!);
    }
  });
  parser.push(text);
  parser.end();
  return { addresses: BigUint64Array.from(addresses), stores, bytes };
}

const fullyAssociative = (lines: number, lineBytes = 64): CacheGeometry => ({
  sets: 1,
  ways: lines,
  lineBytes,
});

describe("fully associative LRU: profile and simulator agree exactly", () => {
  const traces: Array<[string, AccessTrace]> = [
    ["random loads and stores over 256 KiB", randomTrace(30000, 1 << 18, 1)],
    ["the tiled matmul fixture trace", fixtureTrace("matmul_tiled_24.trace")],
    [
      "the line-straddling fixture trace (16-byte accesses across lines)",
      fixtureTrace("straddle16.trace"),
    ],
    ["the mixed fixture trace (1- and 8-byte accesses)", fixtureTrace("mixed30.trace")],
  ];
  for (const [name, trace] of traces) {
    it(`on ${name}, at every size from 1 to 4096 lines (powers of two) and at odd sizes`, () => {
      const profile = stackDistanceProfile(trace);
      const simulator = simulatedMissRatioModel(trace);
      for (const lines of [1, 2, 3, 4, 8, 16, 24, 32, 64, 100, 128, 256, 512, 1024, 2048, 4096]) {
        const analytic = profile.missRatio(fullyAssociative(lines));
        const simulated = simulator.missRatio(fullyAssociative(lines));
        expect(analytic.exact).toBe(true);
        expect([analytic.references, analytic.misses]).toEqual([
          simulated.references,
          simulated.misses,
        ]);
      }
    });
  }

  it("also at 32- and 128-byte lines", () => {
    const trace = fixtureTrace("matmul_tiled_24.trace");
    for (const lineBytes of [32, 128]) {
      const profile = stackDistanceProfile(trace, lineBytes);
      const simulator = simulatedMissRatioModel(trace);
      for (const lines of [4, 40, 400]) {
        expect(profile.missRatio(fullyAssociative(lines, lineBytes)).misses).toBe(
          simulator.missRatio(fullyAssociative(lines, lineBytes)).misses,
        );
      }
    }
  });

  it("gives the same curve through missRatioCurve for both models", () => {
    const trace = randomTrace(20000, 1 << 17, 2);
    const analytic = missRatioCurve(stackDistanceProfile(trace), { maxBytes: 1 << 18 });
    const simulated = missRatioCurve(simulatedMissRatioModel(trace), { maxBytes: 1 << 18 });
    expect(analytic.map((point) => point.missRatio)).toEqual(
      simulated.map((point) => point.missRatio),
    );
    expect(analytic.map((point) => point.capacityBytes)).toEqual(
      Array.from({ length: 13 }, (_, i) => 64 * 2 ** i),
    );
  });
});

describe("set-associative estimate", () => {
  const geometries: CacheGeometry[] = [
    { sets: 64, ways: 8, lineBytes: 64 },
    { sets: 1024, ways: 1, lineBytes: 64 },
    { sets: 2048, ways: 4, lineBytes: 64 },
    { sets: 1000, ways: 12, lineBytes: 64 },
    { sets: 4096, ways: 2, lineBytes: 64 },
  ];

  it("is within 0.01 of the simulator where its assumption holds: lines scattered at random", () => {
    // 16384 lines drawn from a 2^40-byte space fall into sets at random; accesses pick among them.
    const random = new Xorshift32(5);
    const pool = Array.from(
      { length: 16384 },
      () => (random.next() * 256 + (random.next() % 256)) * 64,
    );
    const addresses = Float64Array.from(
      { length: 80000 },
      () => pool[random.next() % pool.length]!,
    );
    const profile = stackDistanceProfile({ addresses });
    const simulator = simulatedMissRatioModel({ addresses });
    for (const geometry of geometries) {
      const estimate = profile.missRatio(geometry);
      expect(estimate.exact).toBe(false);
      expect(estimate.method).toBe("set-associative estimate");
      expect(Math.abs(estimate.missRatio - simulator.missRatio(geometry).missRatio)).toBeLessThan(
        0.01,
      );
    }
  });

  it("overestimates by at most 0.08 on a contiguous footprint, which spreads evenly over sets", () => {
    for (const footprint of [1 << 17, 1 << 20]) {
      const trace = randomTrace(60000, footprint, 3);
      const profile = stackDistanceProfile(trace);
      const simulator = simulatedMissRatioModel(trace);
      for (const geometry of geometries) {
        const error =
          profile.missRatio(geometry).missRatio - simulator.missRatio(geometry).missRatio;
        expect(error).toBeGreaterThan(-0.005);
        expect(error).toBeLessThan(0.08);
      }
    }
  });

  it("assumes random set mapping: a stride that crowds every line into one set defeats it", () => {
    // 16 lines, 64 KiB apart, swept round-robin: all in set 0 of a 1024-set cache, which holds 4.
    const addresses = Float64Array.from({ length: 4000 }, (_, i) => (i % 16) * 65536);
    const geometry = { sets: 1024, ways: 4, lineBytes: 64 };
    const simulated = simulatedMissRatioModel({ addresses }).missRatio(geometry);
    const estimated = stackDistanceProfile({ addresses }).missRatio(geometry);
    expect(simulated.missRatio).toBe(1);
    expect(estimated.missRatio).toBeLessThan(0.05);
  });

  it("refuses a line size the profile was not taken at", () => {
    const profile = stackDistanceProfile({ addresses: [0] }, 64);
    expect(() => profile.missRatio({ sets: 1, ways: 4, lineBytes: 128 })).toThrow(
      "this profile counts 64-byte lines",
    );
  });
});
