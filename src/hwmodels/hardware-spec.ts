import { z } from "zod";
import { PRECISIONS } from "./precision.ts";
import { specConsistencyIssues } from "./spec-consistency.ts";
import { type Dimension, parseQuantity } from "./units.ts";
import { parseOrThrow, ValidationError } from "./validation.ts";

/**
 * The hardware spec: an accelerator described as data, with units in field names. The format is
 * documented in docs/hardware-spec.md; a datasheet preset and a spec measured by `characterize`
 * use the same fields, and everything a datasheet may not state is optional.
 *
 * Each fact is stored once: cache capacity as `bytes` or as `sets` x `ways` x `lineBytes`; a peak
 * either as `flopsPerClockPerUnit` (times the clock and the unit count) or as `flopsPerSecond`.
 * Quantities may be written as numbers in base units or as strings with units ("3.35 TB/s").
 */

/** A number in base units, or a string with units parsed by `parseQuantity`; must be > 0. */
function quantity(dimension: Dimension) {
  return z
    .union([z.number(), z.string()], {
      error: `expected a number or a string with units, e.g. ${JSON.stringify(exampleOf(dimension))}`,
    })
    .transform((value, ctx) => {
      if (typeof value === "number") return value;
      try {
        return parseQuantity(value, dimension);
      } catch (error) {
        ctx.issues.push({ code: "custom", message: (error as Error).message, input: value });
        return z.NEVER;
      }
    })
    .pipe(positiveNumber());
}

function exampleOf(dimension: Dimension): string {
  return { bytes: "50 MiB", bytesPerSecond: "3.35 TB/s", hz: "1.98 GHz", seconds: "4 ns" }[
    dimension as "bytes"
  ];
}

function positiveNumber() {
  return z.number().finite("must be finite").positive("must be > 0");
}

function positiveInteger() {
  return z.number().int("must be an integer").positive("must be > 0");
}

function powerOfTwo() {
  return positiveInteger().refine((n) => (n & (n - 1)) === 0, "must be a power of two");
}

const kebabId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lower-case kebab-case, e.g. h100-sxm");

/** A peak throughput: stated per clock per compute unit, or as a total. */
const throughputSchema = z.strictObject({
  /** Operations per clock per compute unit (FLOP for floats, OP for integers; FMA = 2). */
  flopsPerClockPerUnit: positiveNumber().optional(),
  /** Total operations per second, when that is how it is stated or measured. */
  flopsPerSecond: quantity("flopsPerSecond").optional(),
  /** Name of a clock in `clock.domainsHz` this rate runs at, instead of `clock.hz`. */
  clockDomain: z.string().optional(),
  note: z.string().optional(),
});

function precisionTable() {
  const shape = Object.fromEntries(PRECISIONS.map((p) => [p, throughputSchema.optional()]));
  return z.strictObject(
    shape as Record<(typeof PRECISIONS)[number], z.ZodOptional<typeof throughputSchema>>,
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `unknown precision; known: ${PRECISIONS.join(", ")}`
          : undefined,
    },
  );
}

const computeSchema = z.strictObject({
  /** Matrix units (tensor cores, matrix cores, MXUs): dense peaks per precision. */
  matrix: precisionTable().optional(),
  /** Vector units (SIMT ALUs): peaks per precision. */
  vector: precisionTable().optional(),
});

export const MEMORY_KINDS = ["cache", "scratchpad", "cache+scratchpad", "memory"] as const;
export type MemoryKind = (typeof MEMORY_KINDS)[number];

const memoryLevelSchema = z.strictObject({
  /** Unique name, used by rooflines and sources: "L1", "L2", "HBM3". */
  name: z
    .string()
    .min(1, "must not be empty")
    .regex(/^[^.*]+$/, "must not contain '.' or '*' (sources address levels by name)"),
  /**
   * cache: hardware-managed; scratchpad: software-managed (shared memory, LDS);
   * cache+scratchpad: one array split between both (NVIDIA L1/shared); memory: device memory.
   */
  kind: z.enum(MEMORY_KINDS),
  /** unit: one per compute unit (sizes and per-unit rates are per unit); device: shared by all. */
  scope: z.enum(["unit", "device"]),
  /** Independent copies of a device-scope level (one L2 per chiplet, say); bytes are per copy. */
  instances: positiveInteger().optional(),
  /** Capacity (per unit for unit scope, per instance otherwise), when geometry is not given. */
  bytes: quantity("bytes").optional(),
  sets: positiveInteger().optional(),
  ways: positiveInteger().optional(),
  lineBytes: powerOfTwo().optional(),
  /** Aggregate bandwidth of the whole device at this level. */
  bytesPerSecond: quantity("bytesPerSecond").optional(),
  /** Aggregate bytes per clock (times `clock.hz`). */
  bytesPerClock: positiveNumber().optional(),
  /** Bytes per clock per compute unit (unit scope; times `clock.hz` and the unit count). */
  bytesPerClockPerUnit: positiveNumber().optional(),
  /** Load-to-use latency. */
  latencySeconds: quantity("seconds").optional(),
  latencyCycles: positiveNumber().optional(),
  /** Memory technology, e.g. "HBM3", "GDDR6X", "LPDDR5". */
  technology: z.string().optional(),
  note: z.string().optional(),
});

export const SOURCE_KINDS = [
  "datasheet",
  "whitepaper",
  "documentation",
  "paper",
  "article",
  "measurement",
] as const;

const sourceSchema = z.strictObject({
  /** Short id, unique in the spec: "a100-whitepaper". */
  id: kebabId,
  /** datasheet, whitepaper, documentation (vendor); paper, article (third party); measurement. */
  kind: z.enum(SOURCE_KINDS),
  title: z.string().min(1, "must not be empty"),
  url: z.url("must be a URL").optional(),
  /** Where in the document: "Table 3, p. 39". */
  where: z.string().optional(),
  date: z.string().optional(),
  /** For measurements: the adapter that ran them, as the runtime named it. */
  adapter: z.string().optional(),
  /** For measurements: the tool and its version. */
  tool: z.string().optional(),
  /**
   * The facts this source states, as spec paths with memory levels by name and `*` for any one
   * segment: "compute.matrix.fp16", "memory.HBM3.bytesPerSecond", "limits", "*".
   */
  covers: z.array(z.string().min(1)).min(1, "must list at least one field path"),
  note: z.string().optional(),
});

const specSchema = z.strictObject({
  /** Editors' JSON Schema reference; ignored. */
  $schema: z.string().optional(),
  id: kebabId,
  name: z.string().min(1, "must not be empty"),
  vendor: z.string().optional(),
  architecture: z.string().optional(),
  /** The clock the per-clock rates run at (the boost clock of vendor peaks). */
  clock: z
    .strictObject({
      hz: quantity("hz"),
      baseHz: quantity("hz").optional(),
      /** Further named clocks some rates run at, e.g. { "tensor": "1.83 GHz" }. */
      domainsHz: z.record(z.string(), quantity("hz")).optional(),
    })
    .optional(),
  /** Compute units: SMs, CUs, cores. Unknown on a device measured through WebGPU. */
  computeUnits: z
    .strictObject({
      count: positiveInteger(),
      /** What the vendor calls one: "SM", "CU", "core". */
      name: z.string().optional(),
      /** Threads per warp / wavefront / SIMD-group / subgroup. */
      subgroupSize: positiveInteger().optional(),
      /** Subgroups a unit can issue per clock (SM sub-partitions, SIMDs). */
      schedulers: positiveInteger().optional(),
    })
    .optional(),
  /** Resource limits per workgroup (thread block), per thread and per compute unit. */
  limits: z
    .strictObject({
      threadsPerWorkgroup: positiveInteger().optional(),
      sharedBytesPerWorkgroup: quantity("bytes").optional(),
      /** 32-bit registers one thread may use. */
      registersPerThread: positiveInteger().optional(),
      threadsPerUnit: positiveInteger().optional(),
      workgroupsPerUnit: positiveInteger().optional(),
      /** 32-bit registers in one unit's register file. */
      registersPerUnit: positiveInteger().optional(),
      /** Shared memory one unit can give its resident workgroups. */
      sharedBytesPerUnit: quantity("bytes").optional(),
    })
    .optional(),
  compute: computeSchema,
  /** From nearest the compute units to farthest; the last one is device memory. */
  memory: z.array(memoryLevelSchema).min(1, "must list at least device memory"),
  sources: z.array(sourceSchema).min(1, "must cite at least one source"),
  notes: z.array(z.string()).optional(),
});

/** A validated hardware spec, quantities in base units. */
export type HardwareSpec = z.output<typeof specSchema>;
/** A hardware spec as written in JSON: quantities may still be strings with units. */
export type HardwareSpecInput = z.input<typeof specSchema>;
export type MemoryLevel = HardwareSpec["memory"][number];
export type Throughput = z.output<typeof throughputSchema>;
export type SpecSource = HardwareSpec["sources"][number];

/** The zod schema of a hardware spec (fields only; `parseHardwareSpec` adds consistency checks). */
export const hardwareSpecSchema = specSchema;

/**
 * Validates `data` as a hardware spec and returns it with quantities in base units. Throws one
 * ValidationError listing every bad field by path (`memory[2].bytesPerSecond: must be > 0`);
 * once the fields are well-formed, also every inconsistency between them (geometry vs stated
 * size, L2 smaller than L1, a rate per clock without a clock, ...). `subject` names the input.
 *
 * The spec comes back deeply frozen: models cache what they derive from a spec object, so a
 * variant is a new object (`{ ...spec, clock: { hz: 2e9 } }`), never an edit in place.
 */
export function parseHardwareSpec(data: unknown, subject = "hardware spec"): HardwareSpec {
  const spec = parseOrThrow(specSchema, data, subject);
  const issues = specConsistencyIssues(spec);
  if (issues.length > 0) throw new ValidationError(subject, issues);
  return deepFreeze(spec);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
