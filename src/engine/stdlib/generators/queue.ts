import { pushGenerator } from "./observe.ts";

/**
 * Like `observe`, but every pushed value is kept and yielded in order: for event streams where
 * each value matters (clicks, progress messages), not just the latest.
 */
export function queue<T>(
  initialize: (change: (value: T) => T) => unknown,
): Generator<Promise<T>, undefined> {
  const pending: T[] = [];
  const waiting: ((value: T) => void)[] = [];
  const change = (value: T): T => {
    const resolve = waiting.shift();
    if (resolve) resolve(value);
    else pending.push(value);
    return value;
  };
  const dispose = initialize(change);
  if (dispose != null && typeof dispose !== "function") {
    throw new TypeError("queue: the initializer must return a function that stops it, or nothing");
  }
  return pushGenerator(
    () =>
      pending.length
        ? Promise.resolve(pending.shift() as T)
        : new Promise<T>((r) => waiting.push(r)),
    dispose as (() => void) | undefined,
  );
}
