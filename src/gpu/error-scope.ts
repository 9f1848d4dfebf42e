import { GpuValidationError } from "./errors.ts";

const SCOPES = ["internal", "out-of-memory", "validation"] as const;

/**
 * Runs `work` inside validation, out-of-memory and internal error scopes and throws a
 * GpuValidationError naming `operation` if WebGPU reported one. Without this an invalid command
 * buffer is dropped silently, and its timestamp queries read back stale values that look real.
 */
export async function withErrorScopes<T>(
  device: GPUDevice,
  operation: string,
  work: () => T | Promise<T>,
): Promise<T> {
  for (const filter of SCOPES) device.pushErrorScope(filter);
  let result: T | undefined;
  let thrown: unknown;
  let threw = false;
  try {
    result = await work();
  } catch (error) {
    thrown = error;
    threw = true;
  }
  // Scopes pop in reverse order of pushing, whatever happened inside.
  const errors = [];
  for (const filter of [...SCOPES].reverse()) {
    const error = await device.popErrorScope();
    if (error) errors.push({ filter, error });
  }
  if (threw) throw thrown;
  const first = errors[0];
  if (first) throw new GpuValidationError(operation, first.filter, first.error.message);
  return result as T;
}
