import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createServer } from "vite";
import { describe, expect, it } from "vitest";
import { readCacheEntries as browserEntries } from "../../src/gpu/browser-host-cpu.ts";
import { hostCpuCaches, parseSysfsCache } from "../../src/gpu/host-cpu-caches.ts";
import { readCacheEntries, SYSFS_CACHE_DIR } from "../../src/gpu/node/sysfs-cache-entries.ts";

/** A fake sysfs cache folder: one index<N> folder per entry, one file per field. */
function sysfsFolder(entries: Array<Record<string, string>>): string {
  const folder = mkdtempSync(join(tmpdir(), "cn-sysfs-"));
  entries.forEach((files, i) => {
    mkdirSync(join(folder, `index${i}`));
    for (const [name, text] of Object.entries(files))
      writeFileSync(join(folder, `index${i}`, name), text);
  });
  return folder;
}

describe("parseSysfsCache(files)", () => {
  it("reads an AMD EPYC L2 as sysfs writes it (values end in newlines, sizes in KiB)", () => {
    expect(
      parseSysfsCache({
        level: "2\n",
        type: "Unified\n",
        size: "1024K\n",
        ways_of_associativity: "8\n",
        coherency_line_size: "64\n",
        shared_cpu_list: "0\n",
      }),
    ).toEqual({
      level: 2,
      type: "Unified",
      bytes: 1024 * 1024,
      ways: 8,
      lineBytes: 64,
      sharedCpus: "0",
    });
  });

  it("takes M and G suffixes and sizes without one as bytes", () => {
    expect(parseSysfsCache({ level: "3", type: "Unified", size: "32M" })?.bytes).toBe(32 * 2 ** 20);
    expect(parseSysfsCache({ level: "3", type: "Unified", size: "1G" })?.bytes).toBe(2 ** 30);
    expect(parseSysfsCache({ level: "1", type: "Data", size: "49152" })?.bytes).toBe(49152);
  });

  it("leaves out fields that are missing or zero, and rejects entries without level, type or size", () => {
    expect(
      parseSysfsCache({ level: "1", type: "Data", size: "32K", ways_of_associativity: "0" }),
    ).toEqual({
      level: 1,
      type: "Data",
      bytes: 32768,
    });
    expect(parseSysfsCache({ type: "Data", size: "32K" })).toBeUndefined();
    expect(parseSysfsCache({ level: "1", size: "32K" })).toBeUndefined();
    expect(parseSysfsCache({ level: "1", type: "Data", size: "lots" })).toBeUndefined();
  });
});

describe("readCacheEntries(folder), Node", () => {
  it("reads every index<N> folder and skips files it cannot read", () => {
    const folder = sysfsFolder([
      { level: "1\n", type: "Data\n", size: "32K\n" },
      { level: "2\n", type: "Unified\n", size: "1024K\n", ways_of_associativity: "8\n" },
    ]);
    writeFileSync(join(folder, "uevent"), "");
    return expect(readCacheEntries(folder)).resolves.toEqual([
      { level: "1\n", type: "Data\n", size: "32K\n" },
      { level: "2\n", type: "Unified\n", size: "1024K\n", ways_of_associativity: "8\n" },
    ]);
  });

  it("is null where the folder does not exist (not Linux)", () => {
    return expect(readCacheEntries(join(tmpdir(), "cn-no-such-sysfs"))).resolves.toBeNull();
  });
});

describe("hostCpuCaches()", () => {
  it("in Node, lists this machine's caches closest first, as sysfs states them", async () => {
    const caches = await hostCpuCaches();
    const entries = await readCacheEntries(SYSFS_CACHE_DIR);
    if (entries === null) {
      // Not Linux: nothing to read, and the function says so instead of guessing.
      expect(caches).toBeNull();
      return;
    }
    expect(caches?.length).toBe(entries.filter((files) => parseSysfsCache(files)).length);
    const levels = caches!.map((cache) => cache.level);
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
    for (const cache of caches!) expect(cache.bytes).toBeGreaterThan(0);
  });

  it("in a browser, which cannot read them, is null: Vite serves the browser half, without node:fs", async () => {
    expect(await browserEntries()).toBeNull();
    const server = await createServer({
      root: fileURLToPath(new URL("./browser-page/", import.meta.url)),
      configFile: false,
      logLevel: "silent",
      server: { middlewareMode: true },
    });
    try {
      const source = fileURLToPath(new URL("../../src/gpu/host-cpu-caches.ts", import.meta.url));
      const module = await server.transformRequest(`/@fs${source}`);
      expect(module?.code).toMatch(/browser-host-cpu\.ts/);
      expect(module?.code).not.toMatch(/sysfs-cache-entries|node:fs/);
    } finally {
      await server.close();
    }
  });
});
