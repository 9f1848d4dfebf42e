import type { CacheGeometry, MissRatioEstimate, MissRatioModel } from "./miss-ratio-model.ts";
import { setAssociativeMisses } from "./set-associative-estimate.ts";

/**
 * The stack-distance (reuse-distance) histogram of a trace at one line size: for each line
 * reference, the number of distinct other lines referenced since the previous reference to the
 * same line (Mattson et al., "Evaluation techniques for storage hierarchies", IBM Systems Journal
 * 9(2), 1970). A fully associative LRU cache of C lines hits exactly the references at distance
 * below C, so one pass gives the miss ratio of every size at once.
 */
export class StackDistanceProfile implements MissRatioModel {
  /** `missesFrom[d]`: references at distance d or more (d = 0 .. histogram.length). */
  private readonly missesFrom: Float64Array;

  constructor(
    /** Line size, bytes, the trace was profiled at. */
    readonly lineBytes: number,
    /** Line references: every line each access touches. */
    readonly references: number,
    /** First references to a line (a miss at any size); equals the number of distinct lines. */
    readonly coldMisses: number,
    /** `histogram[d]`: references at stack distance d. */
    readonly histogram: Float64Array,
  ) {
    this.missesFrom = new Float64Array(histogram.length + 1);
    for (let d = histogram.length - 1; d >= 0; d--) {
      this.missesFrom[d] = this.missesFrom[d + 1]! + histogram[d]!;
    }
  }

  /** Distinct lines in the trace. */
  get distinctLines(): number {
    return this.coldMisses;
  }

  /** Misses of a fully associative LRU cache of `lines` lines (exact). */
  missesAt(lines: number): number {
    const from = Math.min(Math.max(Math.ceil(lines), 0), this.histogram.length);
    return this.coldMisses + this.missesFrom[from]!;
  }

  /**
   * The miss ratio of an LRU cache of this geometry (lineBytes must be the profile's): exact
   * when fully associative (sets = 1), else the set-associative estimate (see
   * set-associative-estimate.ts for its assumption).
   */
  missRatio(geometry: CacheGeometry): MissRatioEstimate {
    const { sets, ways, lineBytes } = geometry;
    if (lineBytes !== this.lineBytes) {
      throw new RangeError(
        `this profile counts ${this.lineBytes}-byte lines; profile the trace again for ${lineBytes}-byte lines`,
      );
    }
    const exact = sets === 1;
    const misses = exact
      ? this.missesAt(ways)
      : setAssociativeMisses(this.histogram, this.missesFrom, this.coldMisses, sets, ways);
    return {
      geometry: { sets, ways, lineBytes },
      capacityBytes: sets * ways * lineBytes,
      references: this.references,
      misses,
      missRatio: this.references === 0 ? 0 : misses / this.references,
      method: exact ? "stack distance" : "set-associative estimate",
      exact,
      reason: exact
        ? `fully associative LRU of ${ways} lines: ${this.coldMisses} cold misses plus the references at stack distance ${ways} or more`
        : `LRU with ${sets} sets of ${ways} ways, estimated from stack distances assuming lines fall into sets uniformly at random`,
    };
  }

  /**
   * The fully associative LRU miss-ratio curve at every size: it is a step function, so this
   * lists the capacities (in lines, ascending, from 0) where it steps down and its value from each
   * up to the next. Past the last capacity only cold misses remain.
   */
  curve(): { capacityLines: Float64Array; capacityBytes: Float64Array; missRatio: Float64Array } {
    const steps = [0];
    for (let d = 0; d < this.histogram.length; d++) if (this.histogram[d]! > 0) steps.push(d + 1);
    const capacityLines = Float64Array.from(steps);
    const missRatio = capacityLines.map((lines) =>
      this.references === 0 ? 0 : this.missesAt(lines) / this.references,
    );
    return {
      capacityLines,
      capacityBytes: capacityLines.map((lines) => lines * this.lineBytes),
      missRatio,
    };
  }
}
