// The headless host: run a notebook in Node and read its values (what `codesign-notebook run` does).
export { type RunManifest, runManifest } from "./node/manifest.ts";
export {
  type CellResult,
  checkOverrideNames,
  executeNotebook,
  type NotebookRun,
  type PreparedNotebook,
  prepareNotebook,
  type RunOptions,
  runNotebook,
  UnknownOverrideError,
} from "./node/run-notebook.ts";
export { type RunResultJson, runResultJson } from "./node/run-result-json.ts";
export { serializeValue } from "./node/serialize-value.ts";
