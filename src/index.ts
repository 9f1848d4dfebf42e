// codesign-notebook: the engine's public API. Hardware models and WebGPU have their own entry
// points, `codesign-notebook/hwmodels` and `codesign-notebook/gpu`.
export * from "./engine/index.ts";
