import type { HardwareSpec } from "../hardware-spec.ts";
import type { LlmConfig } from "./llm-config.ts";
import { type LlmMemoryFootprint, llmMemoryFootprint, ModelDoesNotFitError } from "./llm-memory.ts";
import { resolveLlmModel } from "./llm-models.ts";
import { type LlmPhaseResult, llmPhase } from "./llm-phase.ts";
import { type LlmWorkload, type LlmWorkloadInput, parseLlmWorkload } from "./llm-workload.ts";

/**
 * LLM inference on one hardware spec: the prefill of the prompts and one decode step, every
 * operator on the roofline, and what the device must hold. Throws ModelDoesNotFitError (with
 * the numbers) when the footprint exceeds device memory, rather than time a run that cannot
 * happen; llmMemoryFootprint and llmPhase answer without that check.
 */
export interface LlmInferenceResult {
  model: string;
  hw: string;
  workload: LlmWorkload;
  prefill: LlmPhaseResult;
  decode: LlmPhaseResult;
  /** Prefill time: every prompt processed, first token of each sampled. */
  timeToFirstTokenSeconds: number;
  /** One decode step at kvCacheLength: one token for every sequence. */
  timePerOutputTokenSeconds: number;
  /** batch / timePerOutputTokenSeconds. */
  decodeTokensPerSecond: number;
  /** batch x sequenceLength / timeToFirstTokenSeconds. */
  prefillTokensPerSecond: number;
  memory: LlmMemoryFootprint;
  assumptions: string[];
}

const ASSUMPTIONS = [
  "each operator is one kernel on the roofline: max(matrix FLOPs / peak + vector FLOPs / fp32 vector peak, bytes / device-memory bandwidth), plus any launch overhead given",
  "every operator reads its inputs from and writes its outputs to device memory once; nothing stays in caches between operators",
  "weights are read once per forward pass, for the whole batch",
  "peaks and bandwidths are the spec's, with no efficiency factor",
];

export function llmInference(
  model: string | LlmConfig,
  hw: HardwareSpec,
  workloadInput: LlmWorkloadInput | LlmWorkload = {},
): LlmInferenceResult {
  const config = resolveLlmModel(model);
  const workload = parseLlmWorkload(workloadInput);
  const memory = llmMemoryFootprint(config, hw, workload);
  if (memory.fits === false) throw new ModelDoesNotFitError(memory);
  const prefill = llmPhase(config, hw, workload, "prefill");
  const decode = llmPhase(config, hw, workload, "decode");
  const assumptions = [...ASSUMPTIONS];
  if (memory.fits === null) assumptions.push(memory.reason);
  return {
    model: config.id,
    hw: hw.id,
    workload,
    prefill,
    decode,
    timeToFirstTokenSeconds: prefill.seconds,
    timePerOutputTokenSeconds: decode.seconds,
    decodeTokensPerSecond: workload.batch / decode.seconds,
    prefillTokensPerSecond: (workload.batch * workload.sequenceLength) / prefill.seconds,
    memory,
    assumptions,
  };
}
