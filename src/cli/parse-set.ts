import { UsageError } from "./usage-error.ts";

/**
 * Reads `--set name=value` flags: a value that parses as JSON is taken as JSON (`n=64` is a
 * number, `tile=[64,64]` an array), anything else as a string (`l2=32MiB`).
 */
export function parseSets(sets: readonly string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const set of sets) {
    const equals = set.indexOf("=");
    if (equals <= 0) throw new UsageError(`--set ${set}: expected name=value`);
    const name = set.slice(0, equals).trim();
    if (!/^[A-Za-z_$][\w$]*$/.test(name))
      throw new UsageError(`--set ${set}: "${name}" is not a valid name`);
    values[name] = parseValue(set.slice(equals + 1));
  }
  return values;
}

export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Commander collector for repeatable flags. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
