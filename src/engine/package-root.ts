import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** This package's folder: where its sources and its node_modules are. */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
