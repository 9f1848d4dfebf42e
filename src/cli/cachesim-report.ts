import {
  type CacheHierarchyConfig,
  type CacheStats,
  cacheCapacityBytes,
  levelMissRatio,
  MEMORY_LEVEL_NAME,
} from "../hwmodels/cache/index.ts";

/** What the run read, for the report's heading. */
export interface CachesimRun {
  trace: string;
  format: string;
  records: number;
  flushed: boolean;
}

/**
 * The human-readable report: one line on the run, the hierarchy, then each level's counts and
 * bytes (and memory's) in a table.
 */
export function formatCachesimReport(
  config: CacheHierarchyConfig,
  stats: CacheStats,
  run: CachesimRun,
): string {
  const source = run.trace === "-" ? "stdin" : run.trace;
  const lines = [
    `${run.records} accesses from ${source} (${run.format} format), ${config.semantics} semantics` +
      (run.flushed ? ", dirty lines written back at the end" : ""),
    "",
  ];
  for (const level of config.levels) {
    lines.push(
      `  ${level.name}: ${level.sets} sets x ${level.ways} ways x ${level.lineBytes} B = ` +
        `${formatBytes(cacheCapacityBytes(level))}, ${level.policy}, ${level.writePolicy}`,
    );
  }
  lines.push("");
  const header = [
    "level",
    "loads",
    "load B",
    "stores",
    "store B",
    "hits",
    "hit B",
    "misses",
    "miss B",
    "evicts",
    "evict B",
    "miss ratio",
  ];
  const rows = Object.entries(stats).map(([name, s]) => [
    name,
    ...[
      s.LOAD_count,
      s.LOAD_byte,
      s.STORE_count,
      s.STORE_byte,
      s.HIT_count,
      s.HIT_byte,
      s.MISS_count,
      s.MISS_byte,
      s.EVICT_count,
      s.EVICT_byte,
    ].map(String),
    name === MEMORY_LEVEL_NAME ? "-" : levelMissRatio(s).toFixed(4),
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => row[i]!.length)),
  );
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join("  ");
  lines.push(format(header), ...rows.map(format));
  return `${lines.join("\n")}\n`;
}

function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ["GiB", 2 ** 30],
    ["MiB", 2 ** 20],
    ["KiB", 2 ** 10],
  ] as const) {
    if (bytes >= size && bytes % (size / 1024) === 0)
      return `${+(bytes / size).toFixed(3)} ${unit}`;
  }
  return `${bytes} B`;
}
