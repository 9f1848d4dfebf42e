/**
 * A parameter grid: named axes of values, swept as their cartesian product. Point `i` is always
 * the same combination (the last axis varies fastest), which is what makes shards and merges
 * deterministic.
 */
export interface Grid {
  axes: { name: string; values: unknown[] }[];
}

export class GridError extends Error {
  override name = "GridError";
}

/**
 * Reads `--grid name=v1,v2,...` flags. Values are JSON when they parse (`64` is a number), else
 * strings (`32MiB`); `name=[...]` takes a JSON array, for values that contain commas.
 */
export function parseGrid(flags: readonly string[]): Grid {
  if (flags.length === 0)
    throw new GridError("no --grid given: name at least one axis, e.g. --grid tile=32,64,128");
  const axes: Grid["axes"] = [];
  for (const flag of flags) {
    const equals = flag.indexOf("=");
    const name = flag.slice(0, Math.max(0, equals)).trim();
    if (equals <= 0 || !/^[A-Za-z_$][\w$]*$/.test(name))
      throw new GridError(`--grid ${flag}: expected name=v1,v2,...`);
    if (axes.some((axis) => axis.name === name))
      throw new GridError(`--grid ${name} is given twice`);
    const values = parseValues(flag.slice(equals + 1), name);
    if (values.length === 0) throw new GridError(`--grid ${name}: no values`);
    axes.push({ name, values });
  }
  return { axes };
}

function parseValues(text: string, name: string): unknown[] {
  if (text.trim().startsWith("[")) {
    try {
      const values: unknown = JSON.parse(text);
      if (Array.isArray(values)) return values;
    } catch {
      throw new GridError(`--grid ${name}=${text}: not a JSON array`);
    }
  }
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "")
    .map((item) => {
      try {
        return JSON.parse(item) as unknown;
      } catch {
        return item;
      }
    });
}

export function gridSize(grid: Grid): number {
  return grid.axes.reduce((size, axis) => size * axis.values.length, 1);
}

/** The parameter values of point `index` (0-based, the last axis varying fastest). */
export function gridPoint(grid: Grid, index: number): Record<string, unknown> {
  const point: Record<string, unknown> = {};
  let rest = index;
  for (let i = grid.axes.length - 1; i >= 0; i--) {
    const axis = grid.axes[i]!;
    point[axis.name] = axis.values[rest % axis.values.length];
    rest = Math.floor(rest / axis.values.length);
  }
  return Object.fromEntries(grid.axes.map((axis) => [axis.name, point[axis.name]]));
}

/** A deterministic slice of the grid: shard `index` of `count` takes points index, index + count, ... */
export interface Shard {
  index: number;
  count: number;
}

/** Reads `i/N` (0 <= i < N), as a Slurm array task or a Kubernetes indexed job would pass it. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) throw new GridError(`--shard ${text}: expected i/N, e.g. 0/4`);
  const shard = { index: Number(match[1]), count: Number(match[2]) };
  if (shard.count < 1) throw new GridError(`--shard ${text}: N must be at least 1`);
  if (shard.index >= shard.count)
    throw new GridError(`--shard ${text}: i must be between 0 and ${shard.count - 1}`);
  return shard;
}

/** The point indexes a shard runs, in order. */
export function shardPoints(total: number, shard: Shard = { index: 0, count: 1 }): number[] {
  const points: number[] = [];
  for (let point = shard.index; point < total; point += shard.count) points.push(point);
  return points;
}
