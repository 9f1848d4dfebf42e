import { type Canvas, createCanvas } from "@napi-rs/canvas";
import { JSDOM } from "jsdom";

let dom: JSDOM | undefined;

/**
 * Gives Node the DOM that Plot and Inputs expect (jsdom), once per process: `window`,
 * `document` and every DOM class Node lacks become globals. Node's own globals (Event, fetch,
 * timers) are left alone, and so is requestAnimationFrame, so the runtime keeps Node's faster
 * setImmediate scheduling. Canvas 2D contexts come from @napi-rs/canvas, for raster marks and
 * color legends.
 */
export function installDom(): Window {
  if (dom) return dom.window as unknown as Window;
  dom = new JSDOM("<!doctype html><html><head></head><body></body></html>", {
    url: "http://localhost/",
  });
  const window = dom.window;
  const skip = new Set([
    "constructor",
    "requestAnimationFrame",
    "cancelAnimationFrame",
    "window",
    "self",
    "top",
    "parent",
  ]);
  for (
    let source: object | null = window;
    source && source !== Object.prototype;
    source = Object.getPrototypeOf(source)
  ) {
    for (const key of Object.getOwnPropertyNames(source)) {
      if (skip.has(key) || key in globalThis) continue;
      try {
        const value = (window as unknown as Record<string, unknown>)[key];
        Object.defineProperty(globalThis, key, { value, configurable: true, writable: true });
      } catch {
        // Some jsdom accessors throw outside a browsing context; Plot and Inputs need none of them.
      }
    }
  }
  Object.defineProperty(globalThis, "window", {
    value: window,
    configurable: true,
    writable: true,
  });
  patchCanvas(window);
  return window as unknown as Window;
}

function patchCanvas(window: JSDOM["window"]): void {
  const backing = new WeakMap<object, Canvas>();
  const canvasOf = (element: HTMLCanvasElement): Canvas => {
    let canvas = backing.get(element);
    if (!canvas || canvas.width !== element.width || canvas.height !== element.height) {
      canvas = createCanvas(element.width || 300, element.height || 150);
      backing.set(element, canvas);
    }
    return canvas;
  };
  const prototype = window.HTMLCanvasElement.prototype as unknown as Record<string, unknown>;
  prototype.getContext = function (this: HTMLCanvasElement, type: string) {
    return type === "2d" ? canvasOf(this).getContext("2d") : null;
  };
  prototype.toDataURL = function (this: HTMLCanvasElement, type?: string) {
    return canvasOf(this).toDataURL((type ?? "image/png") as "image/png");
  };
}
