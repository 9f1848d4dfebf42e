// Cache models: an exact multi-level simulator, trace readers and generators, and miss-ratio
// curves from stack distances. See docs/cache-models.md.

export type { AccessTrace } from "./access-trace.ts";
export {
  ACCESS_FLUSH,
  ACCESS_LOAD,
  ACCESS_STORE,
  AccessBatch,
  validateTrace,
} from "./access-trace.ts";
export { formatAddress, joinAddress, splitAddress } from "./address.ts";
export type {
  CacheHierarchyConfig,
  CacheHierarchyInput,
  CacheLevelConfig,
  CacheLevelInput,
  CacheSemantics,
  ReplacementPolicyName,
  WritePolicyName,
} from "./cache-config.ts";
export {
  CACHE_SEMANTICS,
  cacheCapacityBytes,
  parseCacheConfig,
  REPLACEMENT_POLICIES,
  WRITE_POLICIES,
} from "./cache-config.ts";
export type { CacheHierarchyOptions } from "./cache-hierarchy.ts";
export { CacheHierarchy } from "./cache-hierarchy.ts";
export type { FastPathKind, RunPath } from "./fast-path.ts";
export { FAST_PATHS } from "./fast-path.ts";
export type { CacheLevelStats, CacheStats } from "./level-stats.ts";
export {
  CACHE_STAT_FIELDS,
  emptyCacheLevelStats,
  levelMissRatio,
  MEMORY_LEVEL_NAME,
} from "./level-stats.ts";
export { lruFastPathHandles } from "./lru-fast-path.ts";
export { missRatioCurve } from "./miss-ratio-curve.ts";
export type {
  CacheGeometry,
  MissRatioEstimate,
  MissRatioMethod,
  MissRatioModel,
} from "./miss-ratio-model.ts";
export { setAssociativeMisses } from "./set-associative-estimate.ts";
export type { TraceSimulation, TraceSimulationOptions } from "./simulate-trace.ts";
export { simulateTrace, simulateTraceText } from "./simulate-trace.ts";
export { simulatedMissRatioModel } from "./simulated-miss-ratio.ts";
export { StackDistanceProfile } from "./stack-distance-profile.ts";
export { StackDistanceProfiler, stackDistanceProfile } from "./stack-distance-profiler.ts";
export type { StencilName, StencilTraceOptions } from "./stencil-trace.ts";
export { STENCILS, stencilTrace } from "./stencil-trace.ts";
export type { StreamKernel, StreamTraceOptions } from "./stream-trace.ts";
export { streamTrace } from "./stream-trace.ts";
export type { MatrixLayout, TiledGemmTraceOptions } from "./tiled-gemm-trace.ts";
export { tiledGemmTrace } from "./tiled-gemm-trace.ts";
export { collectTrace, DEFAULT_CHUNK_ACCESSES } from "./trace-chunks.ts";
export type { TraceFormat, TraceParserOptions } from "./trace-parser.ts";
export { TRACE_FORMATS, TraceParser } from "./trace-parser.ts";
export { TraceSyntaxError } from "./trace-syntax-error.ts";
