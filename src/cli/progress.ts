import { SingleBar } from "cli-progress";

/** Reports progress: a bar on a terminal, a line every few seconds (and at the end) otherwise. */
export interface Progress {
  update(done: number, total: number, note?: string): void;
  stop(): void;
}

export function progressReporter(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (stream.isTTY) {
    const bar = new SingleBar({
      format: `${label} [{bar}] {value}/{total} {note} ETA {eta_formatted}`,
      stream,
      hideCursor: true,
      clearOnComplete: false,
    });
    let started = false;
    return {
      update(done, total, note = "") {
        if (!started) {
          bar.start(total, done, { note });
          started = true;
        } else {
          bar.setTotal(total);
          bar.update(done, { note });
        }
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  return {
    update(done, total, note = "") {
      const now = Date.now();
      if (done < total && now - last < 2000) return;
      last = now;
      stream.write(`${label}: ${done}/${total}${note ? ` ${note}` : ""}\n`);
    },
    stop() {},
  };
}
