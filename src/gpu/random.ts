/**
 * A seeded pseudo-random generator (mulberry32): kernels get the same inputs on every run, so a
 * failure reproduces. Returns floats in [0, 1).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random integer in [0, bound) from a generator made by `seededRandom`. */
export function randomBelow(random: () => number, bound: number): number {
  return Math.floor(random() * bound);
}
