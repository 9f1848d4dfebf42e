import { defineConfig } from "vitest/config";
import { softwareVulkanEnv } from "./src/gpu/node/vulkan-env.ts";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Dawn reads these when the first device is created; SwiftShader stands in for a GPU.
    env: softwareVulkanEnv(process.env),
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
