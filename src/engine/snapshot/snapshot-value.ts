import { isTable } from "../is-table.ts";
/**
 * A revivable JSON form of cell values, for measured cells' snapshots in built reports: the
 * author's values travel in the page and come back as the same kinds of values (tables as
 * arquero tables, plots as elements), so the cells that use them run on in the reader's browser.
 * What cannot travel (functions, devices) comes back as undefined, marked with what it was.
 */
export type SnapshotValue =
  | null
  | boolean
  | number
  | string
  | SnapshotValue[]
  | { [key: string]: SnapshotValue }
  | Tagged;

type Tagged =
  | { $snapshot: "undefined" }
  | { $snapshot: "number"; value: string }
  | { $snapshot: "bigint"; value: string }
  | { $snapshot: "date"; value: string }
  | { $snapshot: "typed-array"; kind: string; values: number[] }
  | { $snapshot: "table"; columns: Record<string, SnapshotValue[]> }
  | { $snapshot: "html"; html: string }
  | { $snapshot: "map"; entries: [SnapshotValue, SnapshotValue][] }
  | { $snapshot: "set"; values: SnapshotValue[] }
  | { $snapshot: "object"; entries: [string, SnapshotValue][] }
  | { $snapshot: "unavailable"; kind: string };

const TYPED_ARRAYS = [
  "Int8Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "Int16Array",
  "Uint16Array",
  "Int32Array",
  "Uint32Array",
  "Float32Array",
  "Float64Array",
] as const;

export function encodeSnapshotValue(value: unknown, seen = new Set<unknown>()): SnapshotValue {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : { $snapshot: "number", value: String(value) };
    case "bigint":
      return { $snapshot: "bigint", value: String(value) };
    case "undefined":
      return { $snapshot: "undefined" };
    case "function":
    case "symbol":
      return { $snapshot: "unavailable", kind: typeof value };
  }
  if (value === null) return null;
  if (seen.has(value)) return { $snapshot: "unavailable", kind: "circular reference" };
  seen.add(value);
  try {
    return encodeObject(value as object, seen);
  } finally {
    seen.delete(value);
  }
}

function encodeObject(value: object, seen: Set<unknown>): SnapshotValue {
  const encode = (v: unknown) => encodeSnapshotValue(v, seen);
  if (value instanceof Date) return { $snapshot: "date", value: value.toISOString() };
  if (typeof Node !== "undefined" && value instanceof Node)
    return { $snapshot: "html", html: (value as Element).outerHTML ?? value.textContent ?? "" };
  if (
    ArrayBuffer.isView(value) &&
    (TYPED_ARRAYS as readonly string[]).includes(value.constructor.name)
  ) {
    return {
      $snapshot: "typed-array",
      kind: value.constructor.name,
      values: Array.from(value as unknown as ArrayLike<number>, Number),
    };
  }
  if (isTable(value)) {
    const columns: Record<string, SnapshotValue[]> = {};
    for (const name of value.columnNames())
      columns[name] = Array.from(value.array(name) as ArrayLike<unknown>, encode);
    return { $snapshot: "table", columns };
  }
  if (Array.isArray(value)) return value.map(encode);
  if (value instanceof Map)
    return { $snapshot: "map", entries: [...value].map(([k, v]) => [encode(k), encode(v)]) };
  if (value instanceof Set) return { $snapshot: "set", values: [...value].map(encode) };
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    return { $snapshot: "unavailable", kind: prototype?.constructor?.name || "object" };
  }
  const entries = Object.entries(value).map(([k, v]) => [k, encode(v)] as [string, SnapshotValue]);
  if (entries.some(([k]) => k === "$snapshot")) return { $snapshot: "object", entries };
  return Object.fromEntries(entries);
}

/** What decoding needs from the host: a table from columns, an element from markup. */
export interface SnapshotReviver {
  table(columns: Record<string, unknown[]>): unknown;
  html(markup: string): unknown;
}

export function decodeSnapshotValue(value: SnapshotValue, revive: SnapshotReviver): unknown {
  const decode = (v: SnapshotValue) => decodeSnapshotValue(v, revive);
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(decode);
  if (!("$snapshot" in value) || typeof value.$snapshot !== "string") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, decode(v as SnapshotValue)]),
    );
  }
  const tagged = value as Tagged;
  switch (tagged.$snapshot) {
    case "undefined":
    case "unavailable":
      return undefined;
    case "number":
      return Number(tagged.value);
    case "bigint":
      return BigInt(tagged.value);
    case "date":
      return new Date(tagged.value);
    case "typed-array": {
      const Kind = globalThis[tagged.kind as (typeof TYPED_ARRAYS)[number]] as unknown as {
        from(values: number[]): unknown;
      };
      return Kind.from(tagged.values);
    }
    case "table":
      return revive.table(
        Object.fromEntries(Object.entries(tagged.columns).map(([k, v]) => [k, v.map(decode)])),
      );
    case "html":
      return revive.html(tagged.html);
    case "map":
      return new Map(tagged.entries.map(([k, v]) => [decode(k), decode(v)]));
    case "set":
      return new Set(tagged.values.map(decode));
    case "object":
      return Object.fromEntries(tagged.entries.map(([k, v]) => [k, decode(v)]));
  }
}
