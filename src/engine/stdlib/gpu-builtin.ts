import type { GpuContext } from "../../gpu/index.ts";

export interface GpuBuiltinHost {
  /** Shown to the reader when there is no WebGPU, with how to get it. */
  notice(message: string): void;
  /** Called once a device is acquired: hosts record which adapter ran the measurements. */
  acquired?(context: GpuContext): void;
}

/**
 * The `gpu` builtin: a WebGPU device context acquired on first use (navigator.gpu in the browser,
 * Dawn in Node), or null, with a notice saying how to get WebGPU, where there is none. Cells
 * write `if (gpu) ...` and the rest of the notebook runs either way.
 */
export function gpuBuiltin(host: GpuBuiltinHost): () => Promise<GpuContext | null> {
  return async () => {
    // Loaded on first use: notebooks without measured cells never load the GPU layer.
    const { acquireDevice, GpuUnavailableError } = await import("../../gpu/index.ts");
    try {
      const context = await acquireDevice();
      host.acquired?.(context);
      return context;
    } catch (error) {
      if (!(error instanceof GpuUnavailableError)) throw error;
      host.notice(error.message);
      return null;
    }
  };
}
