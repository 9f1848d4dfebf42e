import { createReadStream } from "node:fs";
import { UsageError } from "./usage-error.ts";

/**
 * The chunks of a trace file, or of stdin for `-`, streamed (1 MiB reads): a 10 GB trace never
 * sits in memory. Throws a UsageError when the file cannot be opened, or when stdin is a terminal
 * (nothing was piped in).
 */
export async function* traceChunks(path: string): AsyncGenerator<Uint8Array> {
  if (path === "-") {
    if (process.stdin.isTTY) {
      throw new UsageError("no trace: pass --trace <file>, or pipe one in and use --trace -");
    }
    yield* process.stdin as AsyncIterable<Uint8Array>;
    return;
  }
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    yield* stream as AsyncIterable<Uint8Array>;
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? String(error.code) : String(error);
    throw new UsageError(`cannot read trace ${path}: ${reason}`);
  }
}
