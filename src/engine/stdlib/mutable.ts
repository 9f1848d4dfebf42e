import { observe } from "./generators/observe.ts";

/**
 * A value a cell can change after it runs: `const count = Mutable(0)` declares a generator whose
 * `value` can be read and assigned (`count.value++`) from functions defined in the same cell, and
 * every cell that uses `count` re-runs with the new value.
 */
export function Mutable<T>(initial: T): Generator<Promise<T>, undefined> & { value: T } {
  let current = initial;
  let change: ((value: T) => T) | undefined;
  const generator = observe<T>((c) => {
    change = c;
    if (current !== undefined) c(current);
  });
  return Object.defineProperty(generator, "value", {
    get: () => current,
    set: (value: T) => {
      current = value;
      change?.(value);
    },
  }) as Generator<Promise<T>, undefined> & { value: T };
}
