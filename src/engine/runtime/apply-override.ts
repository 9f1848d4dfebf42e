import { dispatchInput } from "../stdlib/dispatch-input.ts";
import { inputValue, viewElement } from "../stdlib/generators/input.ts";

/** Called when an input shown by view() did not take an override (out of range, not an option). */
export type OverrideRejected = (name: string, wanted: unknown, actual: unknown) => void;

/**
 * Makes a declared name take a given value. For a `view(input)` name the input itself is set, so
 * it shows the value and the reader can move on from it; any other name is replaced outright.
 */
export function applyOverride(
  name: string,
  wanted: unknown,
  rejected: OverrideRejected,
): (value: unknown) => unknown {
  return (value) => {
    const element = viewElement(value);
    if (!element) return wanted;
    element.value = wanted;
    dispatchInput(element);
    const actual = inputValue(element);
    if (!sameValue(actual, wanted)) rejected(name, wanted, actual);
    return value;
  };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}
