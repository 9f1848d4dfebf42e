/**
 * Notebook state in the URL's hash: `#n=64&chip=h200`, one name=value pair per input. A value is
 * JSON when it parses as JSON (`64`, `true`, `[64,64]`, `"64"` for the string), else the text
 * itself. Links are parsed and checked, never evaluated.
 */

/** Longer hashes are ignored: no notebook's inputs need more, and parsing is then bounded. */
const MAX_HASH_LENGTH = 8192;

export interface UrlState {
  values: Map<string, unknown>;
  /** What was wrong with the link, one sentence each, to show as plain text. */
  problems: string[];
}

/** Reads state from a hash, keeping only names the notebook has. */
export function readUrlState(hash: string, known: ReadonlySet<string>): UrlState {
  const state: UrlState = { values: new Map(), problems: [] };
  const text = hash.replace(/^#/, "");
  if (text === "") return state;
  if (text.length > MAX_HASH_LENGTH) {
    state.problems.push(
      `the link's state is ${text.length} characters long, more than ${MAX_HASH_LENGTH}; it was ignored`,
    );
    return state;
  }
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    let name: string;
    let raw: string;
    try {
      name = decodeURIComponent(equals === -1 ? pair : pair.slice(0, equals));
      raw = equals === -1 ? "" : decodeURIComponent(pair.slice(equals + 1).replace(/\+/g, " "));
    } catch {
      state.problems.push(`ignored a malformed part of the link: ${truncate(pair)}`);
      continue;
    }
    if (!known.has(name)) {
      state.problems.push(
        `the link sets ${truncate(name)}, which this notebook does not have; ignored`,
      );
      continue;
    }
    state.values.set(name, parseValue(raw));
  }
  return state;
}

/** The hash for these values (empty when there are none). */
export function formatUrlState(values: ReadonlyMap<string, unknown>): string {
  const pairs: string[] = [];
  for (const [name, value] of values) {
    const text = formatValue(value);
    if (text !== undefined) pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(text)}`);
  }
  return pairs.length ? `#${pairs.join("&")}` : "";
}

function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Plain text for strings that cannot be mistaken for JSON; JSON for everything else. */
function formatValue(value: unknown): string | undefined {
  if (value instanceof Date) return formatValue(value.toISOString());
  if (typeof value === "string") {
    try {
      JSON.parse(value);
    } catch {
      return value;
    }
    return JSON.stringify(value);
  }
  if (value === undefined || typeof value === "function" || typeof value === "symbol")
    return undefined;
  if (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) !== Object.prototype
  ) {
    return undefined; // files, elements: not state a link can carry
  }
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
