import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, type ViteDevServer } from "vite";
import { notebookViteConfig } from "../../src/engine/vite/config.ts";

/** A dev server over a temporary copy of a notebooks folder, so tests may edit its files. */
export async function startDevServer(
  fixture: string,
): Promise<{ server: ViteDevServer; url: string; folder: string }> {
  const folder = mkdtempSync(join(tmpdir(), "cn-notebooks-"));
  cpSync(fixture, folder, { recursive: true });
  const config = notebookViteConfig(folder);
  const server = await createServer({
    ...config,
    logLevel: "error",
    server: { ...config.server, port: 0, host: "127.0.0.1" },
  });
  await server.listen();
  const address = server.httpServer!.address() as { port: number };
  return { server, url: `http://127.0.0.1:${address.port}`, folder };
}

/** A dev server over a folder of plain test pages (an index.html and its modules), no notebooks. */
export async function startPageServer(
  root: string,
): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({
    root,
    configFile: false,
    logLevel: "silent",
    server: { host: "127.0.0.1", port: 0 },
  });
  await server.listen();
  const address = server.httpServer!.address() as { port: number };
  return { server, url: `http://127.0.0.1:${address.port}` };
}
