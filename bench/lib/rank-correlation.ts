/**
 * Spearman's rank correlation of two paired lists: 1 when they order the items the same way,
 * -1 when reversed, near 0 when unrelated. Ties get their average rank.
 */
export function spearman(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length || xs.length < 2) return Number.NaN;
  const rx = ranks(xs);
  const ry = ranks(ys);
  const mean = (rx.length + 1) / 2;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let i = 0; i < rx.length; i++) {
    covariance += (rx[i]! - mean) * (ry[i]! - mean);
    varianceX += (rx[i]! - mean) ** 2;
    varianceY += (ry[i]! - mean) ** 2;
  }
  return covariance / Math.sqrt(varianceX * varianceY);
}

/** 1-based ranks, ties averaged. */
function ranks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const result = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end++;
    for (let i = start; i <= end; i++) result[order[i]!.index] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return result;
}
