import type { AccessTrace } from "./access-trace.ts";
import { CacheHierarchy } from "./cache-hierarchy.ts";
import type { CacheGeometry, MissRatioEstimate, MissRatioModel } from "./miss-ratio-model.ts";

/**
 * The MissRatioModel of the simulator: each question runs the trace through one LRU,
 * write-back level of that geometry (hardware semantics, so loads and stores are both looked
 * up). Exact for any geometry; costs a simulation per answer.
 */
export function simulatedMissRatioModel(trace: AccessTrace): MissRatioModel {
  return {
    missRatio(geometry: CacheGeometry): MissRatioEstimate {
      const { sets, ways, lineBytes } = geometry;
      const simulator = new CacheHierarchy({ levels: [{ name: "cache", sets, ways, lineBytes }] });
      const { HIT_count, MISS_count } = simulator.run(trace).stats().cache!;
      const references = HIT_count + MISS_count;
      return {
        geometry: { sets, ways, lineBytes },
        capacityBytes: sets * ways * lineBytes,
        references,
        misses: MISS_count,
        missRatio: references === 0 ? 0 : MISS_count / references,
        method: "simulation",
        exact: true,
        reason: `simulated LRU with ${sets} sets of ${ways} ways of ${lineBytes} bytes`,
      };
    },
  };
}
