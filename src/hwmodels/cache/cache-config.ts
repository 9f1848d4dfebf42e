import { z } from "zod";
import { parseOrThrow } from "../validation.ts";
import { MEMORY_LEVEL_NAME } from "./level-stats.ts";

/** Which line a full set gives up; see the policy files for each rule. */
export const REPLACEMENT_POLICIES = ["LRU", "FIFO", "MRU", "PLRU", "RANDOM"] as const;
export type ReplacementPolicyName = (typeof REPLACEMENT_POLICIES)[number];

/**
 * `write-back` always comes with write-allocate (a store miss fetches the line); `write-through`
 * with no-write-allocate (stores pass through, a store miss allocates nothing).
 */
export const WRITE_POLICIES = ["write-back", "write-through"] as const;
export type WritePolicyName = (typeof WRITE_POLICIES)[number];

/**
 * How hits are counted. `hardware` (default): a store hit is a hit and refreshes recency, and each
 * line of a multi-line access counts the bytes that fall in it. `pycachesim`: pycachesim 0.3.1's
 * rules, where a store hit at a write-back level is neither counted nor refreshes recency, and
 * every line of a multi-line load counts min(lineBytes, access bytes). See docs/cache-models.md.
 */
export const CACHE_SEMANTICS = ["hardware", "pycachesim"] as const;
export type CacheSemantics = (typeof CACHE_SEMANTICS)[number];

/** One cache level. Geometry is stored once; capacity is derived (`sets * ways * lineBytes`). */
export interface CacheLevelConfig {
  /** Unique, not `MEM`; keys the level's statistics. */
  name: string;
  /** Number of sets, any positive integer (line n lives in set n mod sets). 1 = fully associative. */
  sets: number;
  /** Lines per set. 1 = direct-mapped. */
  ways: number;
  /** Line size in bytes, a power of two, never smaller than the level above. */
  lineBytes: number;
  /** Replacement policy; defaults to `LRU`. `PLRU` (tree pseudo-LRU) needs power-of-two ways. */
  policy: ReplacementPolicyName;
  /** Defaults to `write-back`. */
  writePolicy: WritePolicyName;
  /** Seed of the `RANDOM` policy's generator (an unsigned 32-bit integer); defaults to 1. */
  seed: number;
}

/** A cache hierarchy, first level (closest to the core) first; memory is implicit below the last. */
export interface CacheHierarchyConfig {
  levels: CacheLevelConfig[];
  semantics: CacheSemantics;
}

/** What a caller may write: everything with a default may be left out. */
export type CacheLevelInput = Pick<CacheLevelConfig, "name" | "sets" | "ways" | "lineBytes"> &
  Partial<Pick<CacheLevelConfig, "policy" | "writePolicy" | "seed">>;
export interface CacheHierarchyInput {
  levels: CacheLevelInput[];
  semantics?: CacheSemantics;
}

/** Upper bounds that keep set indexing exact and the tag arrays of one level under ~1 GiB. */
const MAX_SETS = 2 ** 30;
const MAX_LINE_BYTES = 2 ** 30;
const MAX_LINES_PER_LEVEL = 2 ** 26;

const positiveInteger = (max: number) =>
  z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .positive("must be at least 1")
    .max(max, `must be at most ${max}`);

const levelSchema = z.strictObject({
  name: z
    .string({ error: "must be a string" })
    .min(1, "must not be empty")
    .refine((name) => name !== MEMORY_LEVEL_NAME, `"${MEMORY_LEVEL_NAME}" names main memory`),
  sets: positiveInteger(MAX_SETS),
  ways: positiveInteger(MAX_LINES_PER_LEVEL),
  lineBytes: positiveInteger(MAX_LINE_BYTES).refine(isPowerOfTwo, "must be a power of two"),
  policy: z
    .enum(REPLACEMENT_POLICIES, {
      error: (issue) =>
        `unknown policy ${JSON.stringify(issue.input)}; expected one of ${REPLACEMENT_POLICIES.join(", ")}`,
    })
    .default("LRU"),
  writePolicy: z
    .enum(WRITE_POLICIES, {
      error: (issue) =>
        `unknown write policy ${JSON.stringify(issue.input)}; expected ${WRITE_POLICIES.join(" or ")}`,
    })
    .default("write-back"),
  seed: z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(0, "must be at least 0")
    .max(0xffffffff, "must fit in 32 bits")
    .default(1),
});

const hierarchySchema = z
  .strictObject({
    levels: z.array(levelSchema, { error: "must be a list of levels" }).min(1, "needs a level"),
    semantics: z
      .enum(CACHE_SEMANTICS, {
        error: (issue) =>
          `unknown semantics ${JSON.stringify(issue.input)}; expected ${CACHE_SEMANTICS.join(" or ")}`,
      })
      .default("hardware"),
  })
  .superRefine(({ levels }, context) => {
    const seen = new Set<string>();
    levels.forEach((level, i) => {
      const issue = (field: string, message: string) =>
        context.addIssue({ code: "custom", path: ["levels", i, field], message });
      if (seen.has(level.name)) issue("name", `duplicate level name "${level.name}"`);
      seen.add(level.name);
      if (level.sets * level.ways > MAX_LINES_PER_LEVEL) {
        issue("ways", `sets x ways must be at most ${MAX_LINES_PER_LEVEL} lines`);
      }
      if (level.policy === "PLRU" && !isPowerOfTwo(level.ways)) {
        issue(
          "policy",
          `PLRU (tree pseudo-LRU) needs a power-of-two number of ways, not ${level.ways}`,
        );
      }
      const above = levels[i - 1];
      if (above && level.lineBytes < above.lineBytes) {
        issue(
          "lineBytes",
          `line sizes must not shrink towards memory: ${level.lineBytes} < ${above.lineBytes} of levels[${i - 1}] (${above.name})`,
        );
      }
    });
  });

/**
 * Validates a hierarchy config (the fixtures' `config` format, see docs/cache-models.md) and fills
 * in defaults. Throws a ValidationError listing every bad field by path (`levels[1].lineBytes`);
 * `subject` names the input in that message (a file name, say).
 */
export function parseCacheConfig(data: unknown, subject = "cache config"): CacheHierarchyConfig {
  return parseOrThrow(hierarchySchema, data, subject);
}

/** Capacity of one level in bytes. */
export function cacheCapacityBytes(
  level: Pick<CacheLevelConfig, "sets" | "ways" | "lineBytes">,
): number {
  return level.sets * level.ways * level.lineBytes;
}

export function isPowerOfTwo(value: number): boolean {
  return Number.isInteger(value) && value > 0 && 2 ** Math.round(Math.log2(value)) === value;
}
