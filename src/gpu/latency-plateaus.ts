/** Latency of dependent loads over one working set. */
export interface LatencyPoint {
  workingSetBytes: number;
  secondsPerLoad: number;
}

/** A run of working sets with about the same latency: they fit the same level of the hierarchy. */
export interface LatencyPlateau {
  /** Smallest and largest working set on the plateau, bytes. */
  fromBytes: number;
  toBytes: number;
  /** Median latency of its points, seconds per load. */
  secondsPerLoad: number;
  points: number;
}

/** What a latency curve says about one cache level. */
export interface CacheEstimate {
  /** 1 for the fastest level measured. */
  level: number;
  /**
   * Estimated capacity, bytes: the largest working set still on the level's plateau. Accurate to
   * the sweep's step (one doubling, for a sweep that doubles): a working set a little larger than
   * the cache still mostly hits, so the plateau may end one step past the true size.
   */
  bytes: number;
  /** Latency of a hit in this level, seconds. */
  secondsPerLoad: number;
}

export interface LatencyProfile {
  plateaus: LatencyPlateau[];
  /** One per plateau but the last, which is memory beyond the last cache measured. */
  caches: CacheEstimate[];
}

/**
 * Finds the plateaus of a latency curve and the cache sizes they imply. Walking up the working
 * sets, a point more than `jump` times the median of the current plateau starts a new one; runs
 * of a single point (working sets that half fit, between two levels) are transitions, not
 * levels, and are dropped unless they end the curve. `jump` defaults to 1.3: the gap between
 * two cache levels is rarely below 1.5x, and repeat noise on a quiet device rarely above 1.1x.
 */
export function latencyPlateaus(
  points: readonly LatencyPoint[],
  { jump = 1.3 }: { jump?: number } = {},
): LatencyProfile {
  const sorted = [...points].sort((a, b) => a.workingSetBytes - b.workingSetBytes);
  const runs: LatencyPoint[][] = [];
  for (const point of sorted) {
    const current = runs[runs.length - 1];
    if (current && point.secondsPerLoad <= median(current) * jump) current.push(point);
    else runs.push([point]);
  }
  const kept = runs.filter((run, i) => run.length > 1 || i === runs.length - 1);
  const plateaus: LatencyPlateau[] = [];
  for (const run of kept) {
    const previous = plateaus[plateaus.length - 1];
    const latency = median(run);
    // Dropping a transition can leave two neighbours at one level: join them.
    if (previous && latency <= previous.secondsPerLoad * jump) {
      previous.toBytes = run[run.length - 1]!.workingSetBytes;
      previous.points += run.length;
      continue;
    }
    plateaus.push({
      fromBytes: run[0]!.workingSetBytes,
      toBytes: run[run.length - 1]!.workingSetBytes,
      secondsPerLoad: latency,
      points: run.length,
    });
  }
  const caches = plateaus.slice(0, -1).map((plateau, i) => ({
    level: i + 1,
    bytes: plateau.toBytes,
    secondsPerLoad: plateau.secondsPerLoad,
  }));
  return { plateaus, caches };
}

function median(run: readonly LatencyPoint[]): number {
  const values = run.map((point) => point.secondsPerLoad).sort((a, b) => a - b);
  const middle = values.length >> 1;
  return values.length % 2 ? values[middle]! : (values[middle - 1]! + values[middle]!) / 2;
}
