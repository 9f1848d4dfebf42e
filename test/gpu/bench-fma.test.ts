import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchFma } from "../../src/gpu/bench-fma.ts";
import { acquireDevice, type GpuContext, releaseDevice } from "../../src/gpu/device.ts";
import { fmaChainKernel } from "../../src/gpu/kernels/fma-chain.ts";
import { QUICK } from "./quick-timing.ts";

let context: GpuContext;
beforeAll(async () => {
  context = await acquireDevice();
});
afterAll(releaseDevice);

describe("benchFma(context, options)", () => {
  it("counts two FLOPs per multiply-add of every chain and checks every invocation", async () => {
    const result = await benchFma(context, { invocations: 1000, iterations: 32, timing: QUICK });
    // 1000 invocations x 32 iterations x 8 vec4 chains x 2 FLOPs.
    expect(result.flops).toBe(1000 * 32 * 32 * 2);
    expect(result.verification.checkedElements).toBe(1000);
    expect(result.flopsPerSecond).toBeCloseTo(result.flops / result.timing.summary.median);
  });

  it("rounds iterations up to the unrolled loop body", () => {
    expect(fmaChainKernel("f32", 4, 20, 65535).iterations).toBe(32);
  });

  it("refuses iterations that would leave f16's exact integers", () => {
    expect(() => fmaChainKernel("f16", 4, 4096, 65535)).toThrow(/exact range \(at most 2032\)/);
  });

  it("needs shader-f16 for f16 chains", async () => {
    if (context.hasF16) {
      const result = await benchFma(context, {
        precision: "f16",
        invocations: 256,
        iterations: 16,
        timing: QUICK,
      });
      expect(result.verification.checkedElements).toBe(256);
    } else {
      await expect(benchFma(context, { precision: "f16" })).rejects.toThrow(/shader-f16/);
    }
  });
});
