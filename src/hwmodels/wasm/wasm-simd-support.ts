import { ModuleBuilder, simdOp, valueType } from "./wasm-emitter.ts";

let supported: boolean | undefined;

/**
 * Whether this JavaScript engine runs WebAssembly with the fixed-width SIMD instructions (Node 16.4+,
 * Chromium 91+, Firefox 89+, Safari 16.4+): it validates a one-function module that uses them.
 * Validation compiles nothing, so a content security policy that forbids compiling WebAssembly
 * does not show here; callers handle that when they compile. Checked once.
 */
export function wasmSimdSupported(): boolean {
  supported ??= detectWasmSimd();
  return supported;
}

/** The check behind wasmSimdSupported, run afresh each call. */
export function detectWasmSimd(): boolean {
  if (typeof WebAssembly !== "object" || typeof WebAssembly.validate !== "function") return false;
  const module = new ModuleBuilder();
  // () -> i32: any_true(splat(0)).
  module
    .addFunction([], [valueType.i32])
    .code.i32Const(0)
    .simd(simdOp["i32x4.splat"], simdOp["v128.any_true"]);
  try {
    return WebAssembly.validate(module.encode());
  } catch {
    return false;
  }
}
