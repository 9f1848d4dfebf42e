import { gpuRuntime, howToGetWebGpu, loadGpu, releaseGpu } from "#gpu-provider";
import { type AdapterDescription, describeAdapter } from "./adapter-description.ts";
import { type BufferLedger, trackBuffers } from "./buffer-ledger.ts";
import { DeviceLimitError, DeviceLostError, GpuUnavailableError } from "./errors.ts";

/** Features used when present; none is required. */
const OPTIONAL_FEATURES: GPUFeatureName[] = ["timestamp-query", "shader-f16", "subgroups"];

/**
 * Limits requested at the adapter's maximum. WebGPU hands out small defaults (128 MiB storage
 * bindings, 16 KiB workgroup storage) unless a device asks for more, and asking costs nothing.
 */
const COMPUTE_LIMITS = [
  "maxStorageBufferBindingSize",
  "maxBufferSize",
  "maxComputeWorkgroupStorageSize",
  "maxComputeInvocationsPerWorkgroup",
  "maxComputeWorkgroupSizeX",
  "maxComputeWorkgroupSizeY",
  "maxComputeWorkgroupSizeZ",
  "maxComputeWorkgroupsPerDimension",
  "maxStorageBuffersPerShaderStage",
] as const;

export type ComputeLimitName = (typeof COMPUTE_LIMITS)[number];

/** The compute limits of a device, as plain numbers. */
export type ComputeLimits = Record<ComputeLimitName, number>;

/** What a piece of GPU work needs from the device. */
export interface DeviceRequirements {
  /** Features it cannot run without, e.g. `["shader-f16"]`. */
  features?: GPUFeatureName[];
  /** Minimum limits, e.g. `{ maxStorageBufferBindingSize: 2 ** 30 }` (bytes). */
  limits?: Partial<ComputeLimits>;
}

/** Why a device was lost, as WebGPU reported it. */
export interface DeviceLoss {
  reason: string;
  message: string;
}

/** An acquired device and what it can do, as plain data next to the device. */
export interface GpuContext {
  device: GPUDevice;
  adapter: AdapterDescription;
  /** Features enabled on the device. */
  features: readonly string[];
  limits: ComputeLimits;
  /** `timestamp-query` is enabled: kernels are timed on the GPU, not by wall clock. */
  hasTimestamps: boolean;
  /** `shader-f16` is enabled: f16 kernels can run. */
  hasF16: boolean;
  /** `subgroups` is enabled. */
  hasSubgroups: boolean;
  /** Buffers created on this device and not yet destroyed. */
  buffers: BufferLedger;
  /** Resolves when the device is lost (including by `releaseDevice`). */
  lost: Promise<DeviceLoss>;
  /** Set once the device is lost. */
  readonly loss: DeviceLoss | undefined;
}

let current: Promise<GpuContext> | undefined;

/**
 * The shared device, acquired on first use with every optional feature the adapter has
 * (`timestamp-query`, `shader-f16`, `subgroups`) and the adapter's maximum compute limits.
 * Later calls return the same context until its device is lost; then the next call acquires a
 * new one. Throws GpuUnavailableError (which says how to get WebGPU) when there is none, and
 * DeviceLimitError when the device lacks a required feature or limit.
 */
export async function acquireDevice(requirements: DeviceRequirements = {}): Promise<GpuContext> {
  if (!current) {
    current = createContext();
    // A failed attempt is not cached: WebGPU may be available on the next try.
    current.catch(() => {
      current = undefined;
    });
  }
  const context = await current;
  assertMeets(context, requirements);
  return context;
}

/**
 * Destroys the shared device and lets the runtime go (in Node, Dawn keeps the process alive
 * while referenced). The next `acquireDevice` starts afresh.
 */
export async function releaseDevice(): Promise<void> {
  const pending = current;
  current = undefined;
  if (pending) {
    const context = await pending.catch(() => undefined);
    context?.device.destroy();
  }
  releaseGpu();
}

/** Throws DeviceLostError if the context's device has been lost. */
export function assertAlive(context: GpuContext): void {
  const loss = context.loss;
  if (loss) throw new DeviceLostError(loss.reason, loss.message);
}

async function createContext(): Promise<GpuContext> {
  const gpu = await loadGpu();
  if (!gpu) throw new GpuUnavailableError(`no WebGPU in this ${gpuRuntime}`, howToGetWebGpu);
  const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) throw new GpuUnavailableError("no WebGPU adapter was found", howToGetWebGpu);
  const requiredFeatures = OPTIONAL_FEATURES.filter((feature) => adapter.features.has(feature));
  const requiredLimits: Record<string, number> = {};
  for (const name of COMPUTE_LIMITS) requiredLimits[name] = adapter.limits[name];
  const device = await adapter.requestDevice({
    label: "codesign-notebook",
    requiredFeatures,
    requiredLimits,
  });
  const limits = {} as ComputeLimits;
  for (const name of COMPUTE_LIMITS) limits[name] = device.limits[name];
  const features = [...device.features].sort();
  let loss: DeviceLoss | undefined;
  const self = current;
  const lost = device.lost.then((info) => {
    loss = { reason: info.reason ?? "unknown", message: info.message };
    if (current === self) current = undefined;
    return loss;
  });
  return {
    device,
    adapter: describeAdapter(adapter, gpuRuntime),
    features,
    limits,
    hasTimestamps: device.features.has("timestamp-query"),
    hasF16: device.features.has("shader-f16"),
    hasSubgroups: device.features.has("subgroups"),
    buffers: trackBuffers(device),
    lost,
    get loss() {
      return loss;
    },
  };
}

function assertMeets(context: GpuContext, { features = [], limits = {} }: DeviceRequirements) {
  for (const feature of features) {
    if (!context.features.includes(feature)) {
      throw DeviceLimitError.missingFeature("this work", feature);
    }
  }
  for (const [name, required] of Object.entries(limits) as [ComputeLimitName, number][]) {
    const available = context.limits[name];
    if (available < required)
      throw DeviceLimitError.exceeded("this work", name, required, available);
  }
}
