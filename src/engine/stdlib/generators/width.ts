import { observe } from "./observe.ts";

/** The width of an element in pixels, updated as it resizes (a ResizeObserver on the element). */
export function width(element: Element): Generator<Promise<number>, undefined> {
  return observe<number>((change) => {
    let last: number | undefined;
    const observer = new ResizeObserver(([entry]) => {
      const value = Math.floor(entry!.contentRect.width);
      if (value === last) return;
      last = value;
      change(value);
    });
    observer.observe(element);
    return () => observer.disconnect();
  });
}
