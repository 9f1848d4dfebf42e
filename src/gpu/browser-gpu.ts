/**
 * The browser's WebGPU entry point. Chosen over `node/dawn-gpu.ts` through the `#gpu-provider`
 * subpath import (package.json `imports`, `browser` condition), so a Vite bundle never pulls in
 * Dawn or `process`.
 */

/** The WebGPU implementation of this runtime, or undefined where there is none. */
export async function loadGpu(): Promise<GPU | undefined> {
  return globalThis.navigator?.gpu ?? undefined;
}

/** Nothing to release in the browser: the page owns `navigator.gpu`. */
export function releaseGpu(): void {}

export const gpuRuntime = "browser";

/** How to get WebGPU in this runtime, for the message of `GpuUnavailableError`. */
export const howToGetWebGpu =
  "use a browser with WebGPU (Chrome or Edge 113+, Safari 26+, Firefox 141+); on Linux Chrome " +
  "may need chrome://flags/#enable-unsafe-webgpu, and a page served over https or localhost";
