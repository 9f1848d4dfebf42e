import type { CacheLevelConfig } from "./cache-config.ts";
import { FifoPolicy } from "./fifo-policy.ts";
import { LruPolicy } from "./lru-policy.ts";
import { MruPolicy } from "./mru-policy.ts";
import { RandomPolicy } from "./random-policy.ts";
import type { ReplacementPolicy } from "./replacement-policy.ts";
import { TreePlruPolicy } from "./tree-plru-policy.ts";

/** The replacement state a level's config asks for. */
export function createReplacementPolicy(
  level: Pick<CacheLevelConfig, "policy" | "sets" | "ways" | "seed">,
): ReplacementPolicy {
  switch (level.policy) {
    case "LRU":
      return new LruPolicy(level.sets, level.ways);
    case "FIFO":
      return new FifoPolicy(level.sets, level.ways);
    case "MRU":
      return new MruPolicy(level.sets, level.ways);
    case "PLRU":
      return new TreePlruPolicy(level.sets, level.ways);
    case "RANDOM":
      return new RandomPolicy(level.ways, level.seed);
  }
}
