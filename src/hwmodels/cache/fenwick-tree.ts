/**
 * A Fenwick (binary indexed) tree of integer counts over positions 0 .. size-1: point updates and
 * prefix sums in O(log size).
 */
export class FenwickTree {
  /** 1-based: node i sums the positions (i - lowbit(i), i]. */
  private nodes: Int32Array;

  constructor(readonly size: number) {
    this.nodes = new Int32Array(size + 1);
  }

  /** Adds `delta` at `position`. */
  add(position: number, delta: number): void {
    const nodes = this.nodes;
    const size = this.size;
    for (let i = position + 1; i <= size; i += i & -i) nodes[i]! += delta;
  }

  /** Sum of the positions 0 .. position (inclusive). */
  prefixSum(position: number): number {
    const nodes = this.nodes;
    let sum = 0;
    for (let i = position + 1; i > 0; i -= i & -i) sum += nodes[i]!;
    return sum;
  }

  /** Sets every position to `valueAt(position)`, in O(size). */
  resetFrom(valueAt: (position: number) => number): void {
    const nodes = this.nodes;
    nodes.fill(0);
    for (let i = 1; i <= this.size; i++) {
      nodes[i]! += valueAt(i - 1);
      const parent = i + (i & -i);
      if (parent <= this.size) nodes[parent]! += nodes[i]!;
    }
  }
}
