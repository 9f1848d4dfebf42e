import { z } from "zod";
import { parseOrThrow } from "../validation.ts";

/**
 * A systolic array described as data: R x C multiply-accumulate units (PEs), the dataflow that
 * decides which operand stays in the PEs, three double-buffered SRAMs and a DRAM interface.
 * Field names and defaults follow SCALE-Sim v2's config file (scale.cfg), with units in the names.
 */

/**
 * Which operand stays resident in the PEs while the others stream through:
 * - os (output stationary): each PE accumulates one output element.
 * - ws (weight stationary): each PE holds one filter weight.
 * - is (input stationary): each PE holds one input (im2col) element.
 */
export const DATAFLOWS = ["os", "ws", "is"] as const;
export type Dataflow = (typeof DATAFLOWS)[number];

/**
 * How sizes and cycles are counted (see docs/systolic.md, "Conventions"):
 * - textbook: output size floor((H + 2P - R) / S) + 1 (as PyTorch), cycles are a count,
 *   utilization is MACs / (PEs x cycles).
 * - scale-sim: SCALE-Sim v2/v3's own counting: output size ceil((H + 2P - R + S) / S), "Total
 *   Cycles" is the zero-based index of the last cycle (the count minus one), compute
 *   utilization divides by an extra C - 1 cycles for WS and IS, and the OS output writes count
 *   R + C extra words per fold.
 */
export const SYSTOLIC_CONVENTIONS = ["textbook", "scale-sim"] as const;
export type SystolicConvention = (typeof SYSTOLIC_CONVENTIONS)[number];

const positiveInteger = () => z.number().int("must be an integer").positive("must be > 0");
const positiveNumber = () => z.number().finite("must be finite").positive("must be > 0");

const systolicArraySchema = z.strictObject({
  /** PE rows (SCALE-Sim: ArrayHeight). */
  rows: positiveInteger(),
  /** PE columns (SCALE-Sim: ArrayWidth). */
  cols: positiveInteger(),
  /** Default "os", as in SCALE-Sim's scale.cfg. */
  dataflow: z.enum(DATAFLOWS, { error: `must be one of ${DATAFLOWS.join(", ")}` }).default("os"),
  /** Input feature map SRAM, bytes (default 64 KiB, scale.cfg). Double-buffered: half is active. */
  ifmapSramBytes: positiveNumber().default(64 * 1024),
  /** Filter SRAM, bytes (default 64 KiB). */
  filterSramBytes: positiveNumber().default(64 * 1024),
  /** Output feature map SRAM, bytes (default 64 KiB). */
  ofmapSramBytes: positiveNumber().default(64 * 1024),
  /** Bytes per operand word (default 1, as SCALE-Sim). */
  wordBytes: positiveNumber().default(1),
  /** DRAM interface, words per cycle, shared by the three operands; omit for unlimited. */
  dramWordsPerCycle: positiveNumber().optional(),
  /** Counting convention; default "textbook". */
  convention: z
    .enum(SYSTOLIC_CONVENTIONS, { error: `must be one of ${SYSTOLIC_CONVENTIONS.join(", ")}` })
    .default("textbook"),
});

/** A validated systolic array, defaults filled in. */
export type SystolicArray = z.output<typeof systolicArraySchema>;
/** A systolic array as written: everything but rows and cols may be left out. */
export type SystolicArrayInput = z.input<typeof systolicArraySchema>;

const validated = new WeakSet<object>();

/**
 * Validates `data` as a systolic array and returns it frozen, defaults filled in; throws one
 * ValidationError naming every bad field. A variant is a new object: `{ ...array, rows: 64 }`.
 */
export function parseSystolicArray(data: unknown, subject = "systolic array"): SystolicArray {
  const array = Object.freeze(parseOrThrow(systolicArraySchema, data, subject));
  validated.add(array);
  return array;
}

/** `array` itself when it came from parseSystolicArray, else `parseSystolicArray(array)`. */
export function ensureSystolicArray(array: SystolicArray | SystolicArrayInput): SystolicArray {
  return validated.has(array) ? (array as SystolicArray) : parseSystolicArray(array);
}
