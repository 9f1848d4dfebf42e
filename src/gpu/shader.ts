import { withErrorScopes } from "./error-scope.ts";
import { GpuValidationError, ShaderCompileError } from "./errors.ts";

/**
 * Compiled pipelines per bind group layout (hence per device), keyed by WGSL source: a sweep
 * recompiles nothing it has seen.
 */
const pipelines = new WeakMap<GPUBindGroupLayout, Map<string, Promise<GPUComputePipeline>>>();

/**
 * Compiles `code` (entry point `main`) into a compute pipeline with bind group 0 laid out as
 * `layout`, cached. Throws ShaderCompileError with every error's line and column when the WGSL
 * does not compile, and GpuValidationError when the pipeline cannot be created (a workgroup too
 * large for the device, say).
 */
export function computePipeline(
  device: GPUDevice,
  label: string,
  code: string,
  layout: GPUBindGroupLayout,
): Promise<GPUComputePipeline> {
  let cache = pipelines.get(layout);
  if (!cache) {
    cache = new Map();
    pipelines.set(layout, cache);
  }
  let pipeline = cache.get(code);
  if (!pipeline) {
    pipeline = compile(device, label, code, layout);
    cache.set(code, pipeline);
    // Failures are not cached, so fixed WGSL or a new device gets a fresh try.
    pipeline.catch(() => cache.delete(code));
  }
  return pipeline;
}

async function compile(device: GPUDevice, label: string, code: string, layout: GPUBindGroupLayout) {
  const module = await withErrorScopes(device, `compiling ${label}`, async () => {
    const module = device.createShaderModule({ label, code });
    const info = await module.getCompilationInfo();
    const errors = info.messages
      .filter((message) => message.type === "error")
      .map(({ lineNum, linePos, message }) => ({ line: lineNum, column: linePos, message }));
    if (errors.length) throw new ShaderCompileError(label, errors, code);
    return module;
  }).catch((error: unknown) => {
    // Dawn also reports the compile failure as a validation error; the compiler's own messages,
    // with lines, say more.
    if (error instanceof GpuValidationError) {
      throw new ShaderCompileError(label, [{ line: 0, column: 0, message: error.message }], code);
    }
    throw error;
  });
  try {
    return await device.createComputePipelineAsync({
      label,
      layout: device.createPipelineLayout({ label, bindGroupLayouts: [layout] }),
      compute: { module, entryPoint: "main" },
    });
  } catch (error) {
    throw new GpuValidationError(
      `creating the ${label} pipeline`,
      "validation",
      error instanceof Error ? error.message : String(error),
    );
  }
}
