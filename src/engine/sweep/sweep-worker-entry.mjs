// Worker threads start without the tsx loader the command line registers: register it, then
// load the worker's TypeScript source. (Node 20 does not apply `--import` to a worker's entry.)
import { register } from "tsx/esm/api";

register();
await import("./sweep-worker.ts");
