import type { CacheLevelConfig } from "./cache-config.ts";
import { FifoPolicy } from "./fifo-policy.ts";
import { LruPolicy } from "./lru-policy.ts";
import { MruPolicy } from "./mru-policy.ts";
import { RandomPolicy } from "./random-policy.ts";
import type { ReplacementPolicy, SetWords } from "./replacement-policy.ts";
import { TreePlruPolicy } from "./tree-plru-policy.ts";

type PolicyConfig = Pick<CacheLevelConfig, "policy" | "sets" | "ways" | "seed">;

/** Words per set a level must lend its policy (see SetWords). */
export function policyWordsPerSet({ policy, ways }: PolicyConfig): number {
  switch (policy) {
    case "LRU":
      return LruPolicy.wordsPerSet(ways);
    case "MRU":
      return MruPolicy.wordsPerSet(ways);
    case "FIFO":
      return FifoPolicy.wordsPerSet;
    case "PLRU":
      return TreePlruPolicy.wordsPerSet(ways);
    case "RANDOM":
      return 0;
  }
}

/** The replacement state a level's config asks for, in the words the level lends it. */
export function createReplacementPolicy(
  level: PolicyConfig,
  setWords: SetWords,
): ReplacementPolicy {
  switch (level.policy) {
    case "LRU":
      return new LruPolicy(level.sets, level.ways, setWords);
    case "FIFO":
      return new FifoPolicy(level.ways, setWords);
    case "MRU":
      return new MruPolicy(level.sets, level.ways, setWords);
    case "PLRU":
      return new TreePlruPolicy(level.ways, setWords);
    case "RANDOM":
      return new RandomPolicy(level.ways, level.seed);
  }
}
