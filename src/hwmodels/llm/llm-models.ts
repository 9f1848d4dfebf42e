import { type LlmConfig, parseLlmConfig } from "./llm-config.ts";
import gpt3 from "./models/gpt-3-175b.json" with { type: "json" };
import llama2_7b from "./models/llama-2-7b.json" with { type: "json" };
import llama2_13b from "./models/llama-2-13b.json" with { type: "json" };
import llama2_70b from "./models/llama-2-70b.json" with { type: "json" };
import llama3_8b from "./models/llama-3-8b.json" with { type: "json" };
import llama3_70b from "./models/llama-3-70b.json" with { type: "json" };
import mistral7b from "./models/mistral-7b.json" with { type: "json" };

/**
 * Shipped model configs, one JSON file each under ./models, each citing the published
 * config.json (or paper) its numbers come from. Validated the first time they are asked for.
 */
const MODEL_DATA: Readonly<Record<string, unknown>> = {
  "llama-2-7b": llama2_7b,
  "llama-2-13b": llama2_13b,
  "llama-2-70b": llama2_70b,
  "llama-3-8b": llama3_8b,
  "llama-3-70b": llama3_70b,
  "mistral-7b": mistral7b,
  "gpt-3-175b": gpt3,
};

/** Ids of the shipped model configs, smallest family members first. */
export const llmModelIds: readonly string[] = Object.keys(MODEL_DATA);

/** An id that names no shipped model; the message lists the known ones. */
export class UnknownLlmModelError extends Error {
  override name = "UnknownLlmModelError";
  readonly id: string;
  constructor(id: string) {
    super(`unknown model "${id}"; known: ${llmModelIds.join(", ")}`);
    this.id = id;
  }
}

const validated = new Map<string, LlmConfig>();

/** The validated config `id`; throws UnknownLlmModelError (listing the known ids) otherwise. */
export function getLlmModel(id: string): LlmConfig {
  const cached = validated.get(id);
  if (cached) return cached;
  if (!Object.hasOwn(MODEL_DATA, id)) throw new UnknownLlmModelError(id);
  const config = parseLlmConfig(MODEL_DATA[id], `model ${id}`);
  if (config.id !== id) throw new Error(`model file for "${id}" declares id "${config.id}"`);
  validated.set(id, config);
  return config;
}

/** A shipped config by id, or a config object (validated unless it came from parseLlmConfig). */
export function resolveLlmModel(model: string | LlmConfig): LlmConfig {
  return typeof model === "string" ? getLlmModel(model) : parseLlmConfig(model);
}
