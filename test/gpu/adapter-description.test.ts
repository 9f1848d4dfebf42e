import { describe, expect, it } from "vitest";
import { describeAdapter } from "../../src/gpu/adapter-description.ts";

/** An adapter whose info fields are prototype getters, as in Dawn and browsers. */
function fakeAdapter(fields: Record<string, unknown>): GPUAdapter {
  const proto = {};
  for (const [key, value] of Object.entries(fields)) {
    Object.defineProperty(proto, key, { get: () => value, enumerable: false });
  }
  return { info: Object.create(proto) } as unknown as GPUAdapter;
}

describe("describeAdapter(adapter, runtime)", () => {
  it("copies prototype getters into plain data that survives JSON", () => {
    const described = describeAdapter(
      fakeAdapter({
        vendor: "google",
        architecture: "swiftshader",
        device: "swiftshader-device-subzero-",
        description: "SwiftShader driver 5.0.0",
        isFallbackAdapter: true,
      }),
      "node",
    );
    expect(JSON.parse(JSON.stringify(described))).toEqual({
      vendor: "google",
      architecture: "swiftshader",
      device: "swiftshader-device-subzero-",
      description: "SwiftShader driver 5.0.0",
      isFallbackAdapter: true,
      runtime: "node",
      name: "google swiftshader (SwiftShader driver 5.0.0, software fallback) via Dawn in Node",
    });
  });

  it("names an adapter whose browser withholds the details", () => {
    const described = describeAdapter(fakeAdapter({ vendor: "", architecture: "" }), "browser");
    expect(described.name).toBe("unknown adapter via browser WebGPU");
    expect(described.isFallbackAdapter).toBe(false);
  });
});
