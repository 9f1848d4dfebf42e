import { readCacheEntries } from "#host-cpu";

/**
 * One cache of the CPU this code runs on, as Linux describes it in
 * /sys/devices/system/cpu/cpu0/cache/index<N>/ (Documentation/ABI/testing/sysfs-devices-system-cpu).
 * A software WebGPU adapter (SwiftShader) runs on this CPU, so its latency plateaus are these
 * caches'.
 */
export interface HostCpuCache {
  /** 1 for the level closest to the core. */
  level: number;
  /** `Data`, `Instruction` or `Unified`. */
  type: string;
  /** Capacity, bytes. */
  bytes: number;
  /** Ways per set, when stated. */
  ways?: number;
  /** Line size, bytes, when stated. */
  lineBytes?: number;
  /** CPUs sharing it (`0-1`), when stated. */
  sharedCpus?: string;
}

/** Binary size suffixes sysfs uses (`32K`, `1024K`, `32M`). */
const SIZE_UNITS: Record<string, number> = { "": 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30 };

/**
 * Reads one cache's sysfs files (file name -> contents). Returns undefined when `level`, `type`
 * or `size` is missing or malformed: such an entry describes no cache we can compare with.
 */
export function parseSysfsCache(files: Readonly<Record<string, string>>): HostCpuCache | undefined {
  const level = Number(files.level?.trim());
  const type = files.type?.trim();
  const size = /^(\d+)\s*([KMG]?)$/i.exec(files.size?.trim() ?? "");
  if (!Number.isInteger(level) || level < 1 || !type || !size) return undefined;
  const cache: HostCpuCache = {
    level,
    type,
    bytes: Number(size[1]) * SIZE_UNITS[size[2]!.toUpperCase()]!,
  };
  const ways = Number(files.ways_of_associativity?.trim());
  if (Number.isInteger(ways) && ways > 0) cache.ways = ways;
  const line = Number(files.coherency_line_size?.trim());
  if (Number.isInteger(line) && line > 0) cache.lineBytes = line;
  const shared = files.shared_cpu_list?.trim();
  if (shared) cache.sharedCpus = shared;
  return cache;
}

/**
 * The caches of the CPU running this code, closest first (data before instruction at a level),
 * or null where they cannot be read: in a browser, or on a system without Linux's sysfs.
 */
export async function hostCpuCaches(): Promise<HostCpuCache[] | null> {
  const entries = await readCacheEntries();
  if (entries === null) return null;
  const caches = entries.map(parseSysfsCache).filter((cache) => cache !== undefined);
  if (caches.length === 0) return null;
  return caches.sort((a, b) => a.level - b.level || a.type.localeCompare(b.type));
}
