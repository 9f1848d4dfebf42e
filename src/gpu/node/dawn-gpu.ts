/**
 * Node's WebGPU entry point: Dawn through the `webgpu` package. Selected by the `#gpu-provider`
 * subpath import's `default` condition, so browser bundles never see it.
 */
import { softwareVulkanEnv } from "./vulkan-env.ts";

/**
 * Dawn options. Timestamp quantization rounds timestamps to 65,536 ns steps (a fingerprinting
 * defence meant for browsers), which would make every short kernel read as 0 or 65 us.
 */
const DAWN_OPTIONS = ["disable-dawn-features=timestamp_quantization"];

let gpu: GPU | undefined;

/**
 * Creates Dawn once, after pointing the Vulkan loader at SwiftShader where the machine has no GPU
 * driver. Returns undefined when the `webgpu` package cannot load (no prebuilt binary for this
 * platform, missing libvulkan1).
 */
export async function loadGpu(): Promise<GPU | undefined> {
  if (gpu) return gpu;
  Object.assign(process.env, softwareVulkanEnv(process.env));
  let dawn: typeof import("webgpu");
  try {
    dawn = await import("webgpu");
  } catch {
    return undefined;
  }
  // GPUBufferUsage, GPUShaderStage, GPUMapMode...: globals in a browser, Dawn's to install here.
  Object.assign(globalThis, dawn.globals);
  gpu = dawn.create(DAWN_OPTIONS);
  return gpu;
}

/** Drops Dawn so Node can exit: Dawn keeps the event loop alive while it is referenced. */
export function releaseGpu(): void {
  gpu = undefined;
}

export const gpuRuntime = "node";

/** How to get WebGPU in this runtime, for the message of `GpuUnavailableError`. */
export const howToGetWebGpu =
  "install Debian's chromium (it ships the SwiftShader Vulkan driver) and libvulkan1 with " +
  "`npm run setup:system` (scripts/setup-system.sh), or a GPU with a Vulkan driver; then check " +
  "that VK_ICD_FILENAMES, if set, names an existing driver";
