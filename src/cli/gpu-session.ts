import { acquireDevice, type GpuContext, releaseDevice } from "../gpu/device.ts";
import { DeviceLimitError, GpuUnavailableError } from "../gpu/errors.ts";
import { UsageError } from "./usage-error.ts";

/**
 * Runs `work` on the shared GPU device and releases the device afterwards, so the process can
 * exit. No WebGPU, or a request over the device's limits, is the caller's to fix: UsageError
 * (exit status 2) with the message that says how.
 */
export async function withGpu<T>(work: (context: GpuContext) => Promise<T>): Promise<T> {
  try {
    return await work(await acquireDevice());
  } catch (error) {
    if (error instanceof GpuUnavailableError || error instanceof DeviceLimitError) {
      throw new UsageError(error.message);
    }
    throw error;
  } finally {
    await releaseDevice();
  }
}
