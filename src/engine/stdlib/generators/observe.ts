/**
 * A generator of values pushed by a callback: `initialize(change)` starts listening and may
 * return a function that stops. Each `next()` gives a promise of the latest value; values
 * pushed while nobody waits collapse into the latest one (use `queue` to keep them all).
 * The runtime pulls it once per frame and calls `return()` when the cell is invalidated.
 */
export function observe<T>(
  initialize: (change: (value: T) => T) => unknown,
): Generator<Promise<T>, undefined> {
  let resolve: ((value: T) => void) | undefined;
  let latest: T;
  let fresh = false;
  const change = (value: T): T => {
    latest = value;
    if (resolve) {
      resolve(value);
      resolve = undefined;
    } else {
      fresh = true;
    }
    return value;
  };
  const dispose = initialize(change);
  if (dispose != null && typeof dispose !== "function") {
    throw new TypeError(
      "observe: the initializer must return a function that stops it, or nothing",
    );
  }
  return pushGenerator(
    () => {
      if (fresh) {
        fresh = false;
        return Promise.resolve(latest);
      }
      return new Promise<T>((r) => {
        resolve = r;
      });
    },
    dispose as (() => void) | undefined,
  );
}

/** A never-ending generator of promises, stoppable with `return()`. */
export function pushGenerator<T>(
  next: () => Promise<T>,
  dispose?: () => void,
): Generator<Promise<T>, undefined> {
  let done = false;
  const generator: Generator<Promise<T>, undefined> = {
    next: () => (done ? { done: true, value: undefined } : { done: false, value: next() }),
    return: () => {
      if (!done) {
        done = true;
        dispose?.();
      }
      return { done: true, value: undefined };
    },
    throw: (error: unknown) => {
      generator.return(undefined);
      throw error;
    },
    [Symbol.iterator]: () => generator,
  };
  return generator;
}
