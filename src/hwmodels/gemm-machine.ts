import { outputBytesPerElement } from "./gemm-problem.ts";
import type { HardwareSpec } from "./hardware-spec.ts";
import { KeyedCache } from "./keyed-cache.ts";
import {
  deviceCaches,
  deviceMemory,
  levelBytesPerSecond,
  levelCapacityBytes,
  sharedMemoryLevel,
} from "./memory-levels.ts";
import { peakFlopsPerSecond } from "./peak.ts";
import {
  ACCUMULATOR_BYTES,
  BYTES_PER_ELEMENT,
  type ComputeUnitKind,
  type Precision,
} from "./precision.ts";

/**
 * What the GEMM model needs from a spec, resolved to numbers once per (spec, dtype, unit) so that
 * a tile search evaluates thousands of tiles without touching the spec again. Unknown facts stay
 * undefined and the model says which assumption replaced them.
 */
export interface GemmMachine {
  hw: HardwareSpec;
  dtype: Precision;
  unit: ComputeUnitKind;
  /** Bytes per element of A and B. */
  elementBytes: number;
  /** Bytes per element of C (`outputBytesPerElement`). */
  outputBytes: number;
  accumulatorBytes: number;
  peakFlopsPerSecond: number;
  /** Compute units; undefined when the spec does not know (a WebGPU measurement). */
  units: number | undefined;
  subgroupSize: number;
  schedulers: number | undefined;
  limits: NonNullable<HardwareSpec["limits"]>;
  /** The unit-scope level holding shared memory, and its bandwidth per unit (bytes/s). */
  sharedLevel: string | undefined;
  sharedBytesPerSecondPerUnit: number | undefined;
  /** Device-scope caches then device memory, nearest first. */
  levels: GemmMachineLevel[];
}

export interface GemmMachineLevel {
  name: string;
  /** Capacity of one instance (undefined if unknown; 0 for device memory, which caches nothing). */
  capacityBytes: number | undefined;
  instances: number;
  bytesPerSecond: number | undefined;
  isDeviceMemory: boolean;
}

/** Threads per subgroup assumed when the spec does not say (NVIDIA warps, Apple SIMD-groups). */
export const DEFAULT_SUBGROUP_SIZE = 32;

const machines = new KeyedCache<HardwareSpec, GemmMachine>();

/** The resolved machine for `hw` running `dtype` GEMMs on `unit` (default: matrix if stated). */
export function gemmMachine(
  hw: HardwareSpec,
  dtype: Precision,
  unit?: ComputeUnitKind,
): GemmMachine {
  // Sweeps ask for the same machine over and over: check the last answer before the cache.
  const last = lastMachine;
  if (last && last.hw === hw && last.dtype === dtype && last.askedUnit === unit)
    return last.machine;
  // Keyed by the unit as asked ("" for the default), so a hit skips resolving the peak.
  const machine = machines.get(hw, `${dtype}/${unit ?? ""}`, () =>
    resolveGemmMachine(hw, dtype, unit),
  );
  lastMachine = { hw, dtype, askedUnit: unit, machine };
  return machine;
}

let lastMachine:
  | {
      hw: HardwareSpec;
      dtype: Precision;
      askedUnit: ComputeUnitKind | undefined;
      machine: GemmMachine;
    }
  | undefined;

function resolveGemmMachine(
  hw: HardwareSpec,
  dtype: Precision,
  unit?: ComputeUnitKind,
): GemmMachine {
  const peak = peakFlopsPerSecond(hw, dtype, unit);

  const units = hw.computeUnits?.count;
  const shared = sharedMemoryLevel(hw);
  const sharedBandwidth = shared ? levelBytesPerSecond(hw, shared) : undefined;
  const memory = deviceMemory(hw);
  const machine: GemmMachine = {
    hw,
    dtype,
    unit: peak.unit,
    elementBytes: BYTES_PER_ELEMENT[dtype],
    outputBytes: outputBytesPerElement(dtype),
    accumulatorBytes: ACCUMULATOR_BYTES[dtype],
    peakFlopsPerSecond: peak.flopsPerSecond,
    units,
    subgroupSize: hw.computeUnits?.subgroupSize ?? DEFAULT_SUBGROUP_SIZE,
    schedulers: hw.computeUnits?.schedulers,
    limits: hw.limits ?? {},
    sharedLevel: shared?.name,
    sharedBytesPerSecondPerUnit:
      sharedBandwidth === undefined ? undefined : sharedBandwidth / (units ?? 1),
    levels: [
      ...deviceCaches(hw).map((level) => ({
        name: level.name,
        capacityBytes: levelCapacityBytes(level),
        instances: level.instances ?? 1,
        bytesPerSecond: levelBytesPerSecond(hw, level),
        isDeviceMemory: false,
      })),
      {
        name: memory.name,
        capacityBytes: 0,
        instances: 1,
        bytesPerSecond: levelBytesPerSecond(hw, memory),
        isDeviceMemory: true,
      },
    ],
  };
  return machine;
}
