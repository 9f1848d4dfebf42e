import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The Vulkan ICD that Debian's `chromium` package ships: SwiftShader, a CPU Vulkan driver. */
export const SWIFTSHADER_ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";

const ICD_DIRS = [
  "/usr/share/vulkan/icd.d",
  "/etc/vulkan/icd.d",
  "/usr/local/nvidia/share/vulkan/icd.d",
];

/**
 * Environment variables Dawn needs to find a Vulkan driver, filled in only where unset:
 * `XDG_RUNTIME_DIR` (Dawn fails without one) and, unless the machine has an NVIDIA driver or the
 * caller chose an ICD, `VK_ICD_FILENAMES` pointing at SwiftShader. Mesa's Intel and Radeon ICDs
 * are installed on GPU-less machines too, so only NVIDIA's counts as evidence of a real GPU;
 * Mesa's lavapipe is rejected by Dawn. Returns only the variables to add.
 */
export function softwareVulkanEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const added: Record<string, string> = {};
  if (!env.XDG_RUNTIME_DIR) {
    const dir = join(tmpdir(), `codesign-notebook-xdg-${process.getuid?.() ?? 0}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    added.XDG_RUNTIME_DIR = dir;
  }
  const chosen = env.VK_ICD_FILENAMES || env.VK_DRIVER_FILES;
  if (!chosen && !hasNvidiaIcd() && existsSync(SWIFTSHADER_ICD)) {
    added.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  }
  return added;
}

function hasNvidiaIcd(): boolean {
  return ICD_DIRS.some((dir) => listOrEmpty(dir).some((file) => /nvidia/i.test(file)));
}

function listOrEmpty(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
