// codesign-notebook/gpu: real WebGPU runs, the same in the browser (navigator.gpu) and in Node
// (Dawn). Every measurement names its adapter and timing method; every kernel run is verified.

export type { AdapterDescription } from "./adapter-description.ts";
export {
  type AutotuneOptions,
  type AutotuneResult,
  autotuneTiles,
  candidateTiles,
} from "./autotune-tiles.ts";
export {
  benchChase,
  type ChaseOptions,
  type ChasePoint,
  type ChaseResult,
  DEFAULT_CHASE_BYTES,
} from "./bench-chase.ts";
export { benchFma, type FmaOptions, type FmaResult } from "./bench-fma.ts";
export {
  benchMatmul,
  DEFAULT_TILE,
  type MatmulOptions,
  type MatmulResult,
  matmulBytes,
} from "./bench-matmul.ts";
export {
  benchStream,
  DEFAULT_STREAM_BYTES,
  type StreamOptions,
  type StreamPoint,
  type StreamResult,
} from "./bench-stream.ts";
export type { BufferLedger } from "./buffer-ledger.ts";
export {
  type Characterization,
  type CharacterizeOptions,
  characterizeDevice,
} from "./characterize.ts";
export {
  acquireDevice,
  type ComputeLimitName,
  type ComputeLimits,
  type DeviceLoss,
  type DeviceRequirements,
  type GpuContext,
  releaseDevice,
} from "./device.ts";
export { withErrorScopes } from "./error-scope.ts";
export {
  DeviceLimitError,
  DeviceLostError,
  GpuUnavailableError,
  GpuValidationError,
  ShaderCompileError,
  type ShaderMessage,
  VerificationError,
  type WorstElement,
} from "./errors.ts";
export { type FmaPrecision, fmaChainKernel } from "./kernels/fma-chain.ts";
export { naiveMatmulWgsl } from "./kernels/matmul-naive.ts";
export type { MatmulPrecision, MatmulShape } from "./kernels/matmul-problem.ts";
export {
  assertTileRuns,
  REGISTERS_PER_INVOCATION,
  tiledMatmulWgsl,
  tileRegisters,
  tileWorkgroupBytes,
} from "./kernels/matmul-tiled.ts";
export { pointerChaseKernel, randomCycle } from "./kernels/pointer-chase.ts";
export { STREAM_OPS, type StreamOp, streamKernel } from "./kernels/stream.ts";
export {
  type CacheEstimate,
  type LatencyPlateau,
  type LatencyPoint,
  type LatencyProfile,
  latencyPlateaus,
} from "./latency-plateaus.ts";
export type { DeviceMeasurements, MeasuredMemoryLevel, MeasuredSpec } from "./measured-spec.ts";
export type { ProgressListener } from "./progress.ts";
export {
  checkBufferFits,
  type Kernel,
  type KernelBuffer,
  type KernelRun,
  runKernel,
} from "./run-kernel.ts";
export { type OutputCheck, runVerified } from "./run-verified.ts";
export { type SampleSummary, summarizeSamples } from "./sample-summary.ts";
export { computePipeline } from "./shader.ts";
export {
  type ComputeWork,
  type DispatchTiming,
  type TimingMethod,
  type TimingOptions,
  timeDispatches,
} from "./timing.ts";
export { type ElementCheck, type Verification, verifyElements } from "./verify.ts";
