/**
 * The browser's half of `hostCpuCaches`: a page cannot read the CPU's cache sizes. Chosen over
 * `node/sysfs-cache-entries.ts` through the `#host-cpu` subpath import (package.json `imports`,
 * `browser` condition).
 */
export async function readCacheEntries(): Promise<Array<Record<string, string>> | null> {
  return null;
}
