import { randomBelow, seededRandom } from "../random.ts";
import type { Kernel } from "../run-kernel.ts";

/**
 * The successor of each slot in one random cycle through all `slots` (Sattolo's algorithm), so a
 * chase visits every slot before repeating and no prefetcher can guess the next address.
 */
export function randomCycle(slots: number, seed: number): Uint32Array {
  const order = new Uint32Array(slots);
  for (let i = 0; i < slots; i++) order[i] = i;
  const random = seededRandom(seed);
  for (let i = slots - 1; i > 0; i--) {
    const j = randomBelow(random, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  // order[] is a cyclic sequence of slots; link each to the next.
  const next = new Uint32Array(slots);
  for (let i = 0; i < slots; i++) next[order[i]!] = order[(i + 1) % slots]!;
  return next;
}

/** Slots of a chase over `workingSetBytes` with slots `strideBytes` apart (at least 2). */
export function chaseSlots(workingSetBytes: number, strideBytes: number): number {
  return Math.max(2, Math.floor(workingSetBytes / (wordsPerSlot(strideBytes) * 4)));
}

function wordsPerSlot(strideBytes: number): number {
  return Math.max(1, Math.floor(strideBytes / 4));
}

/**
 * A chain of dependent loads over `workingSetBytes` of u32 words: slots `strideBytes` apart, each
 * holding the word index of the next slot in a random cycle. One invocation follows it for
 * `steps` loads and writes where it ended, which `expectedEnd` says on the CPU.
 */
export function pointerChaseKernel(
  workingSetBytes: number,
  strideBytes: number,
  steps: number,
  seed = 7,
): { kernel: Kernel; slots: number; expectedEnd: number } {
  const words = wordsPerSlot(strideBytes);
  const slots = chaseSlots(workingSetBytes, strideBytes);
  const next = randomCycle(slots, seed);
  const chain = new Uint32Array(slots * words);
  for (let slot = 0; slot < slots; slot++) chain[slot * words] = next[slot]! * words;
  let end = 0;
  for (let step = 0; step < steps; step++) end = chain[end]!;
  const code = `// pointer chase: dependent loads through a random cycle
@group(0) @binding(0) var<storage, read> chain: array<u32>;
@group(0) @binding(1) var<storage, read> steps: array<u32>;
@group(0) @binding(2) var<storage, read_write> end: array<u32>;
@compute @workgroup_size(1)
fn main() {
  var at = 0u;
  let count = steps[0];
  for (var step = 0u; step < count; step++) { at = chain[at]; }
  end[0] = at;
}
`;
  const kernel: Kernel = {
    label: `pointer chase ${slots * words * 4} B stride ${words * 4} B`,
    code,
    workgroups: [1, 1, 1],
    buffers: [
      { name: "chain", data: chain },
      { name: "steps", data: new Uint32Array([steps]) },
      { name: "end", bytes: 4, readBack: true },
    ],
  };
  return { kernel, slots, expectedEnd: end };
}
