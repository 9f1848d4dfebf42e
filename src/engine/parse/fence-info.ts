import type { CellLanguage } from "../notebook.ts";

export interface FenceInfo {
  /** The fence's language when it is a cell (js or ts), otherwise undefined. */
  language?: CellLanguage;
  echo: boolean;
  run: boolean;
  snapshot: boolean;
}

const LANGUAGES: Record<string, CellLanguage> = {
  js: "js",
  javascript: "js",
  ts: "ts",
  typescript: "ts",
};

/**
 * Reads a fence's info string as Observable Framework does: `js`, `ts`, then flags such as
 * `echo` (show the source too), `run=false` (show the source, do not run it) and `snapshot`
 * (a built report keeps the author's result, to re-run on demand).
 */
export function parseFenceInfo(info: string): FenceInfo {
  const [first = "", ...flags] = info.trim().split(/\s+/);
  const options = new Map<string, string>();
  for (const flag of flags) {
    const [key = "", value = "true"] = flag.split("=", 2);
    options.set(key, value);
  }
  return {
    language: LANGUAGES[first.toLowerCase()],
    echo: options.get("echo") === "true",
    run: options.get("run") !== "false",
    snapshot: options.get("snapshot") === "true",
  };
}
