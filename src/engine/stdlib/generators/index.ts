import { input } from "./input.ts";
import { now } from "./now.ts";
import { observe } from "./observe.ts";
import { queue } from "./queue.ts";
import { width } from "./width.ts";

/** Helpers for values that change over time; a cell whose value is a generator takes each yield. */
export const Generators = { input, now, observe, queue, width };
