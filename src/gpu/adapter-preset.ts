import type { AdapterDescription } from "./adapter-description.ts";

/**
 * Which shipped hardware preset (src/hwmodels/presets) an adapter is, recognized by the device
 * name its driver reports (Vulkan's `deviceName`, as nvidia-smi prints it: `NVIDIA H100 80GB
 * HBM3`, `NVIDIA A100-SXM4-80GB`). Only the exact boards the presets describe: an H100 PCIe or
 * NVL, an H200 NVL or a laptop RTX 4090 has other clocks and bandwidths, so they match nothing.
 */
const PRESET_NAMES: ReadonlyArray<{ presetId: string; pattern: RegExp }> = [
  { presetId: "h100-sxm", pattern: /\bH100\b(?!.*\b(?:PCIe|NVL)\b)/i },
  { presetId: "h200", pattern: /\bH200\b(?!.*\bNVL\b)/i },
  { presetId: "a100-80gb-sxm", pattern: /\bA100\b(?=.*\bSXM4?\b)(?=.*\b80GB\b)/i },
  { presetId: "b200", pattern: /\bB200\b/i },
  { presetId: "rtx-4090", pattern: /\bRTX 4090\b(?! D\b)(?!.*\bLaptop\b)/i },
  { presetId: "mi300x", pattern: /\bMI300X\b/i },
  { presetId: "apple-m1-max", pattern: /\bM1 Max\b/i },
];

/**
 * The id of the preset describing this adapter's hardware, or undefined when none does or the
 * adapter does not say what it is (browsers usually report only vendor and architecture, which
 * cannot tell an H100 from an H200). A software adapter (SwiftShader) is never a preset: it is
 * the CPU.
 */
export function adapterPresetId(adapter: AdapterDescription): string | undefined {
  if (adapter.isFallbackAdapter) return undefined;
  // Words are split on `-` too: nvidia-smi writes `A100-SXM4-80GB`.
  const names = `${adapter.device} ${adapter.description}`.replace(/-/g, " ");
  return PRESET_NAMES.find(({ pattern }) => pattern.test(names))?.presetId;
}
