import type { GpuContext } from "./device.ts";
import { type Kernel, runKernel } from "./run-kernel.ts";
import type { DispatchTiming, TimingOptions } from "./timing.ts";
import { type ElementCheck, type Verification, verifyElements } from "./verify.ts";

/** Which read-back buffer of a kernel to check, and against what. */
export interface OutputCheck {
  /** Name of the buffer (`KernelBuffer.name`), read back after the run. */
  output: string;
  /** Element type of the buffer. Default `f32`. */
  type?: "f32" | "u32";
  checks: Iterable<ElementCheck>;
  /** Shape of the output, for the worst element's coordinates. */
  shape?: readonly number[];
  /** The tolerance rule, in words. */
  tolerance: string;
}

/**
 * Runs and times `kernel` (see `runKernel`), then checks one of its outputs: a timing is only
 * returned for a verified result, and a wrong one throws VerificationError.
 */
export async function runVerified(
  context: GpuContext,
  kernel: Kernel,
  { output, type = "f32", checks, shape, tolerance }: OutputCheck,
  timing?: TimingOptions,
): Promise<{ timing: DispatchTiming; verification: Verification }> {
  const run = await runKernel(context, kernel, timing);
  const bytes = run.outputs.get(output);
  if (!bytes) throw new Error(`${kernel.label}: no read-back buffer named ${output}`);
  const values = type === "u32" ? new Uint32Array(bytes) : new Float32Array(bytes);
  const verification = verifyElements(kernel.label, values, checks, {
    tolerance,
    ...(shape ? { shape } : {}),
  });
  return { timing: run.timing, verification };
}
