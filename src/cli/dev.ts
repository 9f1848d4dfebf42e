import { existsSync, statSync } from "node:fs";
import type { Command } from "commander";
import { UsageError } from "./usage-error.ts";

export function registerDev(program: Command): void {
  program
    .command("dev")
    .description("serve a folder of notebooks with per-cell hot reload")
    .argument("[dir]", "folder of notebooks", "notebooks")
    .option("--port <port>", "port to listen on", "5173")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--open", "open the index in a browser")
    .action(async (dir: string, flags: { port: string; host: string; open?: boolean }) => {
      requireFolder(dir);
      const { createServer } = await import("vite");
      const { notebookViteConfig } = await import("../engine/vite/config.ts");
      const server = await createServer({
        ...notebookViteConfig(dir),
        server: {
          ...notebookViteConfig(dir).server,
          port: Number(flags.port),
          host: flags.host,
          open: flags.open ?? false,
        },
      });
      await server.listen();
      server.printUrls();
    });
}

export function requireFolder(dir: string): void {
  if (!existsSync(dir)) throw new UsageError(`${dir}: no such folder`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`${dir}: not a folder of notebooks`);
}
