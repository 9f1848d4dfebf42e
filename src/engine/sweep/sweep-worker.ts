// A sweep worker thread: prepares the notebook once, then runs the grid points it is sent.
import { parentPort, workerData } from "node:worker_threads";
import { executeNotebook, prepareNotebook } from "../node/run-notebook.ts";
import { sweepRow } from "./sweep-row.ts";

export interface SweepWorkerData {
  path: string;
  source: string;
  timeoutMs: number;
}

export type SweepWorkerRequest = { point: number; parameters: Record<string, unknown> };
export type SweepWorkerReply =
  | { ready: true }
  | { point: number; row: ReturnType<typeof sweepRow> };

const { path, source, timeoutMs } = workerData as SweepWorkerData;
const prepared = await prepareNotebook(source, path);
const port = parentPort!;
port.on("message", async ({ point, parameters }: SweepWorkerRequest) => {
  const run = await executeNotebook(prepared, { overrides: parameters, timeoutMs });
  port.postMessage({ point, row: sweepRow(point, parameters, run) } satisfies SweepWorkerReply);
});
port.postMessage({ ready: true } satisfies SweepWorkerReply);
