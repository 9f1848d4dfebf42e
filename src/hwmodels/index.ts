// Pure, deterministic hardware models: no DOM, no GPU, no I/O. Exported by name, one flat list.

export * from "./cache/index.ts";
export { type DerivedFigures, deriveFigures, type LevelFigures } from "./derived-figures.ts";
export {
  DEFAULT_SUBGROUP_SIZE,
  type GemmMachine,
  type GemmMachineLevel,
  gemmMachine,
} from "./gemm-machine.ts";
export {
  compulsoryBytes,
  type GemmProblem,
  gemmFlops,
  gemmProblemIssues,
  ioLowerBoundBytes,
  outputBytesPerElement,
} from "./gemm-problem.ts";
export {
  formatTile,
  type GemmTile,
  parseTile,
  threadsPerWorkgroup,
  tileProblems,
} from "./gemm-tile.ts";
export {
  bytesPastCache,
  type CacheReuse,
  globalBytes,
  RESIDENT_FRACTION,
  trafficPastCache,
} from "./gemm-traffic.ts";
export {
  type HardwareSpec,
  type HardwareSpecInput,
  hardwareSpecSchema,
  MEMORY_KINDS,
  type MemoryKind,
  type MemoryLevel,
  parseHardwareSpec,
  SOURCE_KINDS,
  type SpecSource,
  type Throughput,
} from "./hardware-spec.ts";
export {
  type LlmConfig,
  type LlmConfigInput,
  type LlmParameterCounts,
  llmParameterCounts,
  parseLlmConfig,
} from "./llm/llm-config.ts";
export { type LlmInferenceResult, llmInference } from "./llm/llm-inference.ts";
export {
  type LlmMemoryFootprint,
  llmMemoryFootprint,
  ModelDoesNotFitError,
} from "./llm/llm-memory.ts";
export {
  getLlmModel,
  llmModelIds,
  resolveLlmModel,
  UnknownLlmModelError,
} from "./llm/llm-models.ts";
export {
  attendedPairs,
  keysRead,
  type LlmOperatorWork,
  type LlmPhase,
  type LlmPhaseShape,
  llmOperatorWork,
  phaseShape,
  type TensorBytes,
} from "./llm/llm-operators.ts";
export { type LlmOperatorCost, type LlmPhaseResult, llmPhase } from "./llm/llm-phase.ts";
export {
  ATTENTION_KERNELS,
  type AttentionKernel,
  kernelOverhead,
  LLM_OPERATOR_KINDS,
  LLM_PRECISIONS,
  LLM_TENSOR_CLASSES,
  type LlmOperatorKind,
  type LlmPrecision,
  type LlmTensorClass,
  type LlmWorkload,
  type LlmWorkloadInput,
  parseLlmWorkload,
} from "./llm/llm-workload.ts";
export {
  deviceCaches,
  deviceMemory,
  levelBytesPerSecond,
  levelCapacityBytes,
  levelCopies,
  levelLatencySeconds,
  levelTotalBytes,
  sharedMemoryLevel,
} from "./memory-levels.ts";
export { defaultUnitFor, type Peak, peakFlopsPerSecond, statedPeaks } from "./peak.ts";
export {
  ACCUMULATOR_BYTES,
  BYTES_PER_ELEMENT,
  COMPUTE_UNIT_KINDS,
  type ComputeUnitKind,
  isPrecision,
  PRECISIONS,
  type Precision,
  parsePrecision,
} from "./precision.ts";
export { allPresets, getPreset, presetIds, UnknownPresetError } from "./presets.ts";
export {
  attainableFlops,
  type ComputeCeiling,
  type ComputeRoof,
  type KernelWork,
  kernelWorkIssues,
  type MemoryCeiling,
  type MemoryRoof,
  type RidgePoint,
  type RooflineCeilings,
  type RooflineResult,
  roofline,
  rooflineCeilings,
} from "./roofline.ts";
export { type SpecScaling, scaleSpec } from "./scale-spec.ts";
export { specConsistencyIssues } from "./spec-consistency.ts";
export { coversFact, factSources, specFacts, uncitedFacts } from "./spec-facts.ts";
export { hardwareSpecJsonSchema } from "./spec-json-schema.ts";
export {
  STREAM_COUNTS,
  type StreamKernelWork,
  type StreamWork,
  streamKernelWork,
} from "./stream-kernel.ts";
export { resnet50Layers } from "./systolic/resnet50-layers.ts";
export { parseScaleSimConfig, parseScaleSimTopology } from "./systolic/scalesim-files.ts";
export {
  DATAFLOWS,
  type Dataflow,
  ensureSystolicArray,
  parseSystolicArray,
  SYSTOLIC_CONVENTIONS,
  type SystolicArray,
  type SystolicArrayInput,
  type SystolicConvention,
} from "./systolic/systolic-array.ts";
export {
  type ConvGeometry,
  type ConvLayer,
  convOutputSize,
  type GemmLayer,
  inputTileWords,
  type LoweredLayer,
  lowerLayer,
  parseSystolicLayers,
  type SystolicLayer,
  type SystolicLayerInput,
} from "./systolic/systolic-layer.ts";
export {
  computeCycles,
  computeUtilization,
  type FoldCycles,
  type FoldMapping,
  foldCycles,
  mappingEfficiency,
  mapToArray,
} from "./systolic/systolic-mapping.ts";
export {
  type SystolicLayerResult,
  type SystolicNetworkResult,
  systolicLayer,
  systolicNetwork,
} from "./systolic/systolic-model.ts";
export {
  type ArrayShape,
  arrayShapes,
  powersOfTwo,
  type SweepPoint,
  systolicSweep,
} from "./systolic/systolic-sweep.ts";
export {
  type DramTraffic,
  dramStallCycles,
  dramTraffic,
  type OperandDram,
  type SramTraffic,
  sramTraffic,
} from "./systolic/systolic-traffic.ts";
export { transformerGemmLayers } from "./systolic/transformer-layers.ts";
export {
  cachedTileFootprint,
  describeTileProblem,
  MATRIX_K_STEP_BYTES,
  MIN_MATRIX_WARP_TILE_ELEMENTS,
  type OccupancyLimit,
  REGISTER_OVERHEAD,
  type TileFootprint,
  type TileProblemKind,
  tileFootprint,
} from "./tile-footprint.ts";
export {
  DEFAULT_TILE_SPACE,
  enumerateTiles,
  type RankedTile,
  type RejectedTiles,
  type SearchTilesOptions,
  searchTiles,
  type TileSearchResult,
  type TileSpace,
} from "./tile-search.ts";
export {
  describeTiming,
  type LevelTime,
  newTileTiming,
  type TiledGemmOptions,
  type TiledGemmResult,
  type TileTiming,
  tiledGemm,
  tiledGemmSeconds,
  timeTile,
} from "./tiled-gemm.ts";
export {
  BINARY_PREFIXES,
  DECIMAL_PREFIXES,
  DIMENSIONS,
  type Dimension,
  formatQuantity,
  parseQuantity,
  SUB_UNIT_PREFIXES,
} from "./units.ts";
export {
  formatIssue,
  formatPath,
  type Issue,
  parseOrThrow,
  ValidationError,
} from "./validation.ts";
