import type { TimingOptions } from "../../src/gpu/timing.ts";

/** Timing for tests, which check results, not speed: no warm-up, two single-dispatch passes. */
export const QUICK: TimingOptions = { warmup: 0, repeats: 2, dispatchesPerPass: 1 };
