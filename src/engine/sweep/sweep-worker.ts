// A sweep worker thread: prepares the notebook once, then runs the chunks of grid points it is
// sent, one point at a time and in order, replying once per point.
import { parentPort, workerData } from "node:worker_threads";
import { executeNotebook, prepareNotebook } from "../node/run-notebook.ts";
import { sweepRow } from "./sweep-row.ts";

export interface SweepWorkerData {
  path: string;
  source: string;
  timeoutMs: number;
}

export type SweepWorkerRequest = {
  points: { point: number; parameters: Record<string, unknown> }[];
};
export type SweepWorkerReply =
  | { ready: true }
  | { point: number; row: ReturnType<typeof sweepRow> };

const { path, source, timeoutMs } = workerData as SweepWorkerData;
const prepared = await prepareNotebook(source, path);
const port = parentPort!;
port.on("message", async ({ points }: SweepWorkerRequest) => {
  for (const { point, parameters } of points) {
    const run = await executeNotebook(prepared, { overrides: parameters, timeoutMs });
    port.postMessage({ point, row: sweepRow(point, parameters, run) } satisfies SweepWorkerReply);
  }
});
port.postMessage({ ready: true } satisfies SweepWorkerReply);
