import { createRequire } from "node:module";
import { type Canvas, createCanvas } from "@napi-rs/canvas";
import type { JSDOM } from "jsdom";
import knownDomGlobals from "./dom-global-names.json" with { type: "json" };

let dom: JSDOM | undefined;

/** Names the DOM does not make globals: the scheduler's, and the window's names for itself. */
const NOT_GLOBAL = new Set([
  "constructor",
  "requestAnimationFrame",
  "cancelAnimationFrame",
  "window",
  "self",
  "top",
  "parent",
]);

/**
 * The names `installDom` makes globals (before leaving out Node's own): every property of a jsdom
 * window and of its prototypes. `dom-global-names.json` holds them for jsdom's pinned version, so
 * `installDomOnDemand` can stand in for them without loading jsdom; a test keeps the two equal.
 */
export function domGlobalNames(window: object): string[] {
  const names = new Set<string>();
  for (
    let source: object | null = window;
    source && source !== Object.prototype;
    source = Object.getPrototypeOf(source)
  ) {
    for (const key of Object.getOwnPropertyNames(source)) if (!NOT_GLOBAL.has(key)) names.add(key);
  }
  return [...names];
}

/** Names that stand in for the DOM until something reads one of them. */
const standIns = new Set<string>();

/**
 * Globals libraries read to detect their platform (zod reads `navigator` as it loads): standing
 * in for them would load the DOM for every notebook. Node 21 and later have their own
 * `navigator`; on Node 20 it appears with the DOM.
 */
const NO_STAND_IN = new Set(["navigator"]);

/** Whether the DOM is installed: a value that is a DOM node can only exist once it is. */
export function domInstalled(): boolean {
  return dom !== undefined;
}

/**
 * Makes `window`, `document` and every other DOM global install the DOM when first read (or
 * written), so a notebook that never touches the DOM does not pay for loading jsdom (about half
 * a second per process: each `run`, each sweep worker).
 */
export function installDomOnDemand(): void {
  if (dom || standIns.size > 0) return;
  for (const name of [...knownDomGlobals, "window"]) {
    if (name in globalThis || NO_STAND_IN.has(name)) continue;
    standIns.add(name);
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        installDom();
        return (globalThis as Record<string, unknown>)[name];
      },
      set(value: unknown) {
        installDom();
        (globalThis as Record<string, unknown>)[name] = value;
      },
    });
  }
}

/**
 * Gives Node the DOM that Plot and Inputs expect (jsdom), once per process: `window`,
 * `document` and every DOM class Node lacks become globals. Node's own globals (Event, fetch,
 * timers) are left alone, and so is requestAnimationFrame, so the runtime keeps Node's faster
 * setImmediate scheduling. Canvas 2D contexts come from @napi-rs/canvas, for raster marks and
 * color legends. Synchronous (jsdom is CommonJS), so a stand-in's getter can call it.
 */
export function installDom(): Window {
  if (dom) return dom.window as unknown as Window;
  const { JSDOM } = createRequire(import.meta.url)("jsdom") as typeof import("jsdom");
  dom = new JSDOM("<!doctype html><html><head></head><body></body></html>", {
    url: "http://localhost/",
  });
  const window = dom.window;
  for (const name of standIns) delete (globalThis as Record<string, unknown>)[name];
  standIns.clear();
  for (const key of domGlobalNames(window)) {
    if (key in globalThis) continue;
    try {
      const value = (window as unknown as Record<string, unknown>)[key];
      Object.defineProperty(globalThis, key, { value, configurable: true, writable: true });
    } catch {
      // Some jsdom accessors throw outside a browsing context; Plot and Inputs need none of them.
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
