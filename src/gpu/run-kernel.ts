import { abortable } from "./abortable.ts";
import { assertAlive, type ComputeLimits, type GpuContext } from "./device.ts";
import { withErrorScopes } from "./error-scope.ts";
import { DeviceLimitError } from "./errors.ts";
import { computePipeline } from "./shader.ts";
import { type DispatchTiming, type TimingOptions, timeDispatches } from "./timing.ts";

/** A storage buffer of a kernel, bound at `@group(0) @binding(i)` in the order given. */
export interface KernelBuffer {
  /** Name for messages, e.g. `A`. */
  name: string;
  /** Initial contents. Omitted for outputs, which start zeroed. */
  data?: ArrayBufferView<ArrayBuffer>;
  /** Size in bytes when there is no `data`. */
  bytes?: number;
  /** Copy back to the CPU after the run. */
  readBack?: boolean;
  /**
   * How the WGSL declares it: `var<storage, read>` or `var<storage, read_write>`. Defaults to
   * `read` for a buffer with `data` that is not read back, else `read_write`.
   */
  access?: "read" | "read_write";
}

/** A generated compute kernel and what to run it on. */
export interface Kernel {
  /** Names the kernel and its parameters, e.g. `matmul 64x64x16/8x8 f32 1024x1024x1024`. */
  label: string;
  /** WGSL with entry point `main`. */
  code: string;
  buffers: KernelBuffer[];
  /** Workgroups per dispatch in x, y, z. */
  workgroups: readonly [number, number, number];
}

/** A timed kernel run and the contents of its read-back buffers, by name. */
export interface KernelRun {
  timing: DispatchTiming;
  outputs: Map<string, ArrayBuffer>;
}

/**
 * Compiles, uploads, times (see `timeDispatches`) and reads back `kernel`. Checks sizes against
 * the device's limits before allocating anything, and destroys every buffer it made whatever
 * happens, cancellation included.
 */
export async function runKernel(
  context: GpuContext,
  kernel: Kernel,
  options: TimingOptions = {},
): Promise<KernelRun> {
  checkKernelFits(context, kernel);
  options.signal?.throwIfAborted();
  assertAlive(context);
  const { device } = context;
  const pipeline = await computePipeline(
    device,
    kernel.label,
    kernel.code,
    bindGroupLayout(device, kernel),
  );
  const buffers: GPUBuffer[] = [];
  try {
    const bound = await withErrorScopes(device, `allocating ${kernel.label}`, () => {
      const bound = kernel.buffers.map((spec) => {
        const buffer = device.createBuffer({
          label: `${kernel.label}: ${spec.name}`,
          size: paddedBytes(spec),
          usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
        });
        buffers.push(buffer);
        if (spec.data) device.queue.writeBuffer(buffer, 0, padded(spec.data));
        return buffer;
      });
      const bindGroup = device.createBindGroup({
        label: kernel.label,
        layout: bindGroupLayout(device, kernel),
        entries: bound.map((buffer, binding) => ({ binding, resource: { buffer } })),
      });
      return { buffers: bound, bindGroup };
    });
    const timing = await timeDispatches(
      context,
      { label: kernel.label, pipeline, bindGroup: bound.bindGroup, workgroups: kernel.workgroups },
      options,
    );
    const outputs = await readBack(context, kernel, bound.buffers, buffers, options.signal);
    return { timing, outputs };
  } finally {
    for (const buffer of buffers) buffer.destroy();
  }
}

/** Throws DeviceLimitError naming the first buffer, dispatch or binding count over a limit. */
export function checkKernelFits(context: GpuContext, kernel: Kernel): void {
  const { limits } = context;
  if (kernel.buffers.length > limits.maxStorageBuffersPerShaderStage) {
    throw DeviceLimitError.exceeded(
      kernel.label,
      "maxStorageBuffersPerShaderStage",
      kernel.buffers.length,
      limits.maxStorageBuffersPerShaderStage,
    );
  }
  for (const spec of kernel.buffers) {
    checkBufferFits(limits, `${kernel.label}: buffer ${spec.name}`, paddedBytes(spec));
  }
  for (const count of kernel.workgroups) {
    if (count > limits.maxComputeWorkgroupsPerDimension) {
      throw DeviceLimitError.exceeded(
        `${kernel.label}: ${count} workgroups in one dimension`,
        "maxComputeWorkgroupsPerDimension",
        count,
        limits.maxComputeWorkgroupsPerDimension,
      );
    }
  }
}

/**
 * The layout the buffers imply, stated rather than inferred from the WGSL: an inferred layout
 * drops bindings the shader never uses, and then binding them fails.
 */
function bindGroupLayout(device: GPUDevice, kernel: Kernel): GPUBindGroupLayout {
  return layoutFor(device, kernel.buffers.map(accessOf).join(","));
}

const layouts = new WeakMap<GPUDevice, Map<string, GPUBindGroupLayout>>();

function layoutFor(device: GPUDevice, signature: string): GPUBindGroupLayout {
  let cache = layouts.get(device);
  if (!cache) {
    cache = new Map();
    layouts.set(device, cache);
  }
  let layout = cache.get(signature);
  if (!layout) {
    layout = device.createBindGroupLayout({
      label: `storage buffers ${signature}`,
      entries: signature.split(",").map((access, binding) => ({
        binding,
        visibility: GPUShaderStage.COMPUTE,
        buffer: { type: access === "read" ? "read-only-storage" : "storage" },
      })),
    });
    cache.set(signature, layout);
  }
  return layout;
}

function accessOf(spec: KernelBuffer): "read" | "read_write" {
  return spec.access ?? (spec.data && !spec.readBack ? "read" : "read_write");
}

/**
 * Throws DeviceLimitError when one storage buffer of `bytes` exceeds the device's binding or
 * buffer size limit. Callers check before building large inputs on the CPU.
 */
export function checkBufferFits(limits: ComputeLimits, what: string, bytes: number): void {
  for (const limit of ["maxStorageBufferBindingSize", "maxBufferSize"] as const) {
    if (bytes > limits[limit]) {
      throw DeviceLimitError.exceeded(`${what} (${bytes} bytes)`, limit, bytes, limits[limit]);
    }
  }
}

async function readBack(
  context: GpuContext,
  kernel: Kernel,
  bound: GPUBuffer[],
  owned: GPUBuffer[],
  signal: AbortSignal | undefined,
): Promise<Map<string, ArrayBuffer>> {
  const { device } = context;
  const wanted = kernel.buffers.flatMap((spec, i) =>
    spec.readBack ? [{ spec, source: bound[i]! }] : [],
  );
  const staged = await withErrorScopes(device, `reading back ${kernel.label}`, () => {
    const encoder = device.createCommandEncoder({ label: `${kernel.label}: read back` });
    const staged = wanted.map(({ spec, source }) => {
      const staging = device.createBuffer({
        label: `${kernel.label}: ${spec.name} readback`,
        size: source.size,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      });
      owned.push(staging);
      encoder.copyBufferToBuffer(source, 0, staging, 0, source.size);
      return { spec, staging };
    });
    device.queue.submit([encoder.finish()]);
    return staged;
  });
  const outputs = new Map<string, ArrayBuffer>();
  for (const { spec, staging } of staged) {
    await abortable(staging.mapAsync(GPUMapMode.READ), signal);
    outputs.set(spec.name, staging.getMappedRange().slice(0, unpaddedBytes(spec)));
    staging.unmap();
  }
  return outputs;
}

function unpaddedBytes(spec: KernelBuffer): number {
  return spec.data ? spec.data.byteLength : (spec.bytes ?? 0);
}

/** WebGPU sizes and copies come in multiples of 4 bytes; an f16 array may have an odd length. */
function paddedBytes(spec: KernelBuffer): number {
  return Math.max(4, Math.ceil(unpaddedBytes(spec) / 4) * 4);
}

function padded(data: ArrayBufferView<ArrayBuffer>): ArrayBufferView<ArrayBuffer> {
  if (data.byteLength % 4 === 0) return data;
  const copy = new Uint8Array(Math.ceil(data.byteLength / 4) * 4);
  copy.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return copy;
}
