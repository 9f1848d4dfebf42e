import type { CacheGeometry, MissRatioEstimate, MissRatioModel } from "./miss-ratio-model.ts";

/**
 * Miss ratios of one model over many cache shapes: capacities from `minBytes` to `maxBytes`
 * (powers of two) at fixed ways and line size, or fully associative when `ways` is omitted. The
 * same call works on a simulator model and a stack-distance profile, so a notebook can plot both.
 */
export function missRatioCurve(
  model: MissRatioModel,
  {
    lineBytes = 64,
    ways,
    minBytes = lineBytes,
    maxBytes,
  }: { lineBytes?: number; ways?: number; minBytes?: number; maxBytes: number },
): MissRatioEstimate[] {
  const points: MissRatioEstimate[] = [];
  for (let bytes = minBytes; bytes <= maxBytes; bytes *= 2) {
    const lines = Math.floor(bytes / lineBytes);
    if (lines < 1) continue;
    const geometry: CacheGeometry =
      ways === undefined
        ? { sets: 1, ways: lines, lineBytes }
        : { sets: Math.max(1, Math.floor(lines / ways)), ways, lineBytes };
    points.push(model.missRatio(geometry));
  }
  return points;
}
