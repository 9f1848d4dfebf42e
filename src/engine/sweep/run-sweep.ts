import { cpus } from "node:os";
import { Worker } from "node:worker_threads";
import { checkOverrideNames, executeNotebook, prepareNotebook } from "../node/run-notebook.ts";
import { type Grid, gridPoint, gridSize, type Shard, shardPoints } from "./grid.ts";
import { failedRow, type SweepRow, sweepRow } from "./sweep-row.ts";
import type { SweepWorkerData, SweepWorkerReply, SweepWorkerRequest } from "./sweep-worker.ts";

export interface SweepOptions {
  path: string;
  source: string;
  grid: Grid;
  shard?: Shard;
  /** Worker threads; 0 runs every point in this thread. Defaults to the CPU count. */
  workers?: number;
  /** Per point: cells still running after this long fail. */
  timeoutMs?: number;
  onProgress?: (progress: SweepProgress) => void;
  /** Stops the sweep; the points finished so far are kept. */
  signal?: AbortSignal;
}

export interface SweepProgress {
  done: number;
  failed: number;
  total: number;
}

export interface SweepResult {
  /** One row per finished point, in point order. */
  rows: SweepRow[];
  /** Points in this shard of the grid, and in the whole grid. */
  total: number;
  gridTotal: number;
  interrupted: boolean;
  startedAt: Date;
  endedAt: Date;
}

/**
 * Runs a notebook once per grid point (in this shard), in parallel over worker threads, each
 * preparing the notebook once. A point whose cells fail becomes a row with `ok: false` and its
 * error; the sweep goes on. Grid names must be the notebook's params or declared names.
 */
export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const startedAt = new Date();
  const prepared = await prepareNotebook(options.source, options.path);
  checkOverrideNames(
    prepared,
    options.grid.axes.map((axis) => axis.name),
    "--grid",
  );
  const gridTotal = gridSize(options.grid);
  const points = shardPoints(gridTotal, options.shard);
  const rows = new Map<number, SweepRow>();
  let failed = 0;
  const record = (point: number, row: SweepRow) => {
    rows.set(point, row);
    if (!row.ok) failed++;
    options.onProgress?.({ done: rows.size, failed, total: points.length });
  };
  const workers = Math.min(options.workers ?? cpus().length, points.length);
  const timeoutMs = options.timeoutMs ?? 300_000;

  if (workers <= 0) {
    for (const point of points) {
      if (options.signal?.aborted) break;
      const parameters = gridPoint(options.grid, point);
      record(
        point,
        sweepRow(
          point,
          parameters,
          await executeNotebook(prepared, { overrides: parameters, timeoutMs }),
        ),
      );
    }
  } else {
    await runOnWorkers(
      workers,
      { path: options.path, source: options.source, timeoutMs },
      points,
      options,
      record,
    );
  }

  return {
    rows: [...rows.keys()].sort((a, b) => a - b).map((point) => rows.get(point)!),
    total: points.length,
    gridTotal,
    interrupted: rows.size < points.length,
    startedAt,
    endedAt: new Date(),
  };
}

const workerUrl = new URL("./sweep-worker-entry.mjs", import.meta.url);

/**
 * Hands idle workers chunks of points that shrink as the queue drains (guided scheduling): big
 * chunks early save a message round trip per point, small ones late keep slow points from
 * holding up the end. A worker replies once per point, in order, so the first unanswered point
 * of a chunk is the one that was running when a worker died.
 */
function runOnWorkers(
  count: number,
  data: SweepWorkerData,
  points: number[],
  options: SweepOptions,
  record: (point: number, row: SweepRow) => void,
): Promise<void> {
  const queue = [...points];
  const chunkSize = () => Math.max(1, Math.min(MAX_CHUNK, Math.ceil(queue.length / (4 * count))));
  return new Promise((resolve, reject) => {
    let live = 0;
    let failedToStart: Error | undefined;
    const finishIfIdle = () => {
      if (live > 0) return;
      if (failedToStart) reject(failedToStart);
      else resolve();
    };
    const start = () => {
      live++;
      const worker = new Worker(workerUrl, { workerData: data });
      let ready = false;
      let pending: number[] = [];
      const next = () => {
        pending = options.signal?.aborted ? [] : queue.splice(0, chunkSize());
        if (pending.length === 0) void worker.terminate();
        else {
          const request: SweepWorkerRequest = {
            points: pending.map((point) => ({ point, parameters: gridPoint(options.grid, point) })),
          };
          worker.postMessage(request);
        }
      };
      worker.on("message", (reply: SweepWorkerReply) => {
        ready = true;
        if ("row" in reply) {
          pending.shift();
          record(reply.point, reply.row);
          // Stopping: the point that was running has finished; drop the rest of the chunk.
          if (options.signal?.aborted) pending = [];
        }
        if (pending.length === 0) next();
      });
      // The worker died mid-point: that point fails; the rest of its chunk goes back in line
      // and a fresh worker takes over.
      const died = (message: string) => {
        const [crashed, ...unstarted] = pending;
        pending = [];
        if (crashed !== undefined) {
          record(crashed, failedRow(crashed, gridPoint(options.grid, crashed), message));
        }
        if (options.signal?.aborted) return;
        queue.unshift(...unstarted);
        if (queue.length) start();
      };
      worker.on("error", (error) => {
        if (ready) return died(`worker crashed: ${error.message}`);
        // It could not even load the notebook: another worker would fail the same way.
        failedToStart = new Error(`sweep worker failed to start: ${error.message}`);
        queue.splice(0);
      });
      worker.on("exit", (code) => {
        // A cell that calls process.exit ends the worker without an error event.
        if (pending.length) died(`worker exited with code ${code}`);
        live--;
        finishIfIdle();
      });
    };
    options.signal?.addEventListener("abort", () => queue.splice(0));
    for (let i = 0; i < count; i++) start();
  });
}

/** The largest chunk: a few hundred milliseconds of fast model points per message. */
const MAX_CHUNK = 64;
