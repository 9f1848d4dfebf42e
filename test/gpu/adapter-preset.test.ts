import { describe, expect, it } from "vitest";
import type { AdapterDescription } from "../../src/gpu/adapter-description.ts";
import { adapterPresetId } from "../../src/gpu/adapter-preset.ts";
import { presetIds } from "../../src/hwmodels/presets.ts";

function adapter(device: string, fields: Partial<AdapterDescription> = {}): AdapterDescription {
  return {
    vendor: "nvidia",
    architecture: "hopper",
    device,
    description: "",
    isFallbackAdapter: false,
    runtime: "node",
    name: device,
    ...fields,
  };
}

describe("adapterPresetId(adapter)", () => {
  // Device names as the drivers report them (nvidia-smi --query-gpu=name, Vulkan deviceName).
  it.each([
    ["NVIDIA H100 80GB HBM3", "h100-sxm"],
    ["NVIDIA H200", "h200"],
    ["NVIDIA A100-SXM4-80GB", "a100-80gb-sxm"],
    ["NVIDIA B200", "b200"],
    ["NVIDIA GeForce RTX 4090", "rtx-4090"],
    ["AMD Instinct MI300X", "mi300x"],
    ["Apple M1 Max", "apple-m1-max"],
  ])("recognizes %s as the preset %s", (device, presetId) => {
    expect(presetIds).toContain(presetId);
    expect(adapterPresetId(adapter(device))).toBe(presetId);
  });

  it.each([
    "NVIDIA H100 PCIe",
    "NVIDIA H100 NVL",
    "NVIDIA H200 NVL",
    "NVIDIA A100-PCIE-40GB",
    "NVIDIA A100-SXM4-40GB",
    "NVIDIA GeForce RTX 4090 Laptop GPU",
    "NVIDIA GeForce RTX 4090 D",
    "NVIDIA GeForce RTX 4080",
    "Apple M1 Pro",
  ])("matches no preset for %s, a board with other clocks or bandwidths", (device) => {
    expect(adapterPresetId(adapter(device))).toBeUndefined();
  });

  it("reads the driver description too, where the device field is empty", () => {
    expect(adapterPresetId(adapter("", { description: "NVIDIA H200" }))).toBe("h200");
  });

  it("cannot tell from vendor and architecture alone, as browsers report them", () => {
    expect(adapterPresetId(adapter("", { runtime: "browser" }))).toBeUndefined();
  });

  it("never calls a software adapter a preset: SwiftShader is the CPU", () => {
    expect(
      adapterPresetId(
        adapter("swiftshader-device-subzero-", {
          vendor: "google",
          architecture: "swiftshader",
          description: "SwiftShader driver 5.0.0",
          isFallbackAdapter: true,
        }),
      ),
    ).toBeUndefined();
  });
});
