import { observe } from "./observe.ts";

/** An element with a value: an Observable input, a form control, or anything with `.value`. */
export type InputElement = EventTarget & { value?: unknown };

/**
 * The values of an input element over time: its current value, then a new one on each `input`
 * event (`change` for file inputs and checkboxes, as their input event is unreliable). The
 * generator carries the element as `.element`, so the engine can set its value for `--set`.
 */
export function input(
  element: InputElement,
): Generator<Promise<unknown>, undefined> & { element: InputElement } {
  const generator = observe<unknown>((change) => {
    const event = eventOf(element);
    const listener = () => change(inputValue(element));
    element.addEventListener(event, listener);
    const value = inputValue(element);
    if (value !== undefined) change(value);
    return () => element.removeEventListener(event, listener);
  });
  return Object.assign(generator, { element });
}

function eventOf(element: InputElement): string {
  const type = (element as HTMLInputElement).type;
  return type === "file" || type === "checkbox" || type === "radio" ? "change" : "input";
}

/** Reads an element's value the way a form control means it (numbers as numbers, and so on). */
export function inputValue(element: InputElement): unknown {
  if (
    typeof HTMLSelectElement !== "undefined" &&
    element instanceof HTMLSelectElement &&
    element.multiple
  ) {
    return Array.from(element.selectedOptions, (option) => option.value);
  }
  if (typeof HTMLInputElement === "undefined" || !(element instanceof HTMLInputElement))
    return element.value;
  switch (element.type) {
    case "range":
    case "number":
      return element.valueAsNumber;
    case "date":
      return element.valueAsDate;
    case "checkbox":
      return element.checked;
    case "file":
      return element.multiple ? element.files : element.files?.[0];
    default:
      return element.value;
  }
}

/** The input element behind a view() value (a generator of the input's values), if any. */
export function viewElement(value: unknown): (EventTarget & { value?: unknown }) | undefined {
  const candidate = value as
    | { next?: unknown; element?: EventTarget & { value?: unknown } }
    | null
    | undefined;
  return typeof candidate?.next === "function" ? candidate.element : undefined;
}
