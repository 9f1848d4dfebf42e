import { observe } from "./observe.ts";

/** The current time in milliseconds since the epoch, once per animation frame (~60 Hz in Node). */
export function now(): Generator<Promise<number>, undefined> {
  return observe<number>((change) => {
    let stopped = false;
    const schedule =
      typeof requestAnimationFrame === "function"
        ? requestAnimationFrame
        : (tick: () => void) => setTimeout(tick, 16);
    const tick = () => {
      if (stopped) return;
      change(Date.now());
      schedule(tick);
    };
    tick();
    return () => {
      stopped = true;
    };
  });
}
