/**
 * Node's half of `hostCpuCaches`: the files of each cache of CPU 0 under Linux's sysfs. Selected
 * by the `#host-cpu` subpath import's `default` condition, so browser bundles never see `node:fs`.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

export const SYSFS_CACHE_DIR = "/sys/devices/system/cpu/cpu0/cache";

const FILES = [
  "level",
  "type",
  "size",
  "ways_of_associativity",
  "coherency_line_size",
  "shared_cpu_list",
];

/**
 * One record per `index<N>` folder (file name -> contents; unreadable files left out), or null
 * when the folder cannot be listed (not Linux, sysfs not mounted).
 */
export async function readCacheEntries(
  folder = SYSFS_CACHE_DIR,
): Promise<Array<Record<string, string>> | null> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return null;
  }
  const indices = names.filter((name) => /^index\d+$/.test(name)).sort();
  return Promise.all(
    indices.map(async (index) => {
      const files: Record<string, string> = {};
      for (const file of FILES) {
        try {
          files[file] = await readFile(join(folder, index, file), "utf8");
        } catch {
          // Some kernels leave fields out (ways on a few ARM cores): parse what is there.
        }
      }
      return files;
    }),
  );
}
