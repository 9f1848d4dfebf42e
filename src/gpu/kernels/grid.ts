/**
 * Workgroups covering `invocations` one-dimensional invocations of `workgroupSize`, folded into a
 * second dimension when one would exceed `maxPerDimension` (65,535 by default in WebGPU). The
 * WGSL recovers the linear index as `(wg.y * nwg.x + wg.x) * workgroupSize + local index`.
 */
export function linearGrid(
  invocations: number,
  workgroupSize: number,
  maxPerDimension: number,
): [number, number, number] {
  const groups = Math.max(1, Math.ceil(invocations / workgroupSize));
  if (groups <= maxPerDimension) return [groups, 1, 1];
  const y = Math.ceil(groups / maxPerDimension);
  return [Math.ceil(groups / y), y, 1];
}

/** WGSL parameters of `main` and the linear invocation index `id` for a `linearGrid`. */
export const LINEAR_GRID_PARAMETERS =
  "@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nwg: vec3u, " +
  "@builtin(local_invocation_index) lid: u32";

/** WGSL statement declaring `id`, the linear invocation index, for `workgroupSize`. */
export function linearIndex(workgroupSize: number): string {
  return `let id = (wg.y * nwg.x + wg.x) * ${workgroupSize}u + lid;`;
}
