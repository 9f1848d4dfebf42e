// Headless Debian Chromium for end-to-end tests, driven by playwright-core.
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM = process.env.CODESIGN_CHROMIUM ?? "/usr/bin/chromium";

/** Flags that keep Chromium off the network (this machine has none) and quiet. */
const QUIET = [
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** Launches headless Chromium; `webgpu` adds WebGPU compute on SwiftShader. */
export function launchChromium({ webgpu = false } = {}): Promise<Browser> {
  // playwright gives each launch a fresh, temporary profile.
  const args = ["--no-sandbox", ...QUIET];
  if (webgpu)
    args.push(
      "--enable-unsafe-webgpu",
      "--enable-features=Vulkan",
      "--use-vulkan=swiftshader",
      "--use-angle=vulkan",
    );
  return chromium.launch({ executablePath: CHROMIUM, args });
}
