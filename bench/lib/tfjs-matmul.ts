// TensorFlow.js's WebGPU matmul, run on our device, as the peer library our matmul is compared
// with. tfjs normally acquires its own device from navigator.gpu; here it is handed ours, so both
// kernels run on the same adapter in the same process, timed by GPU timestamps (tf.time's
// kernelMs comes from timestampWrites around each of its programs).
import backendPackage from "@tensorflow/tfjs-backend-webgpu/package.json" with { type: "json" };
import type { GpuContext } from "../../src/gpu/device.ts";

export interface PeerMatmul {
  /** Library and version, e.g. `@tensorflow/tfjs-backend-webgpu 4.22.0`. */
  name: string;
  /**
   * C = A B (row-major f32), after `warmup` unmeasured calls: C of the last call, and the GPU
   * seconds of each of `repeats` calls.
   */
  run(
    a: Float32Array,
    b: Float32Array,
    shape: { M: number; N: number; K: number },
    { warmup, repeats }: { warmup: number; repeats: number },
  ): Promise<{ c: Float32Array; seconds: number[] }>;
}

export async function tfjsMatmul(context: GpuContext): Promise<PeerMatmul> {
  // tfjs only checks that navigator.gpu exists before using the device it is given.
  const scope = globalThis as { navigator?: { gpu?: unknown } };
  if (!scope.navigator?.gpu) {
    Object.defineProperty(globalThis, "navigator", {
      value: { ...scope.navigator, gpu: {} },
      configurable: true,
    });
  }
  const tf = await import("@tensorflow/tfjs-core");
  const { WebGPUBackend } = await import("@tensorflow/tfjs-backend-webgpu");
  if (tf.findBackendFactory("webgpu")) tf.removeBackend("webgpu");
  tf.registerBackend("webgpu", () => new WebGPUBackend(context.device), 100);
  await tf.setBackend("webgpu");
  return {
    name: `@tensorflow/tfjs-backend-webgpu ${backendPackage.version}`,
    async run(aData, bData, { M, N, K }, { warmup, repeats }) {
      const a = tf.tensor2d(aData, [M, K]);
      const b = tf.tensor2d(bData, [K, N]);
      try {
        for (let i = 0; i < warmup; i++) {
          const c = tf.matMul(a, b);
          await c.data();
          c.dispose();
        }
        const seconds: number[] = [];
        let c: Float32Array = new Float32Array(0);
        for (let i = 0; i < repeats; i++) {
          let product: ReturnType<typeof tf.matMul> | undefined;
          const info = await tf.time(() => {
            product = tf.matMul(a, b);
          });
          if (typeof info.kernelMs !== "number") {
            throw new Error(`tfjs could not time its kernels: ${JSON.stringify(info.kernelMs)}`);
          }
          seconds.push(info.kernelMs / 1e3);
          c = (await product!.data()) as Float32Array;
          product!.dispose();
        }
        return { c, seconds };
      } finally {
        a.dispose();
        b.dispose();
      }
    },
  };
}
