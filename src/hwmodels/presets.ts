import { type HardwareSpec, parseHardwareSpec } from "./hardware-spec.ts";
import a100 from "./presets/a100-80gb-sxm.json" with { type: "json" };
import appleM1Max from "./presets/apple-m1-max.json" with { type: "json" };
import b200 from "./presets/b200.json" with { type: "json" };
import h100 from "./presets/h100-sxm.json" with { type: "json" };
import h200 from "./presets/h200.json" with { type: "json" };
import mi300x from "./presets/mi300x.json" with { type: "json" };
import rtx4090 from "./presets/rtx-4090.json" with { type: "json" };

/**
 * Datasheet presets, one JSON file each under ./presets, imported statically so they ship in the
 * browser bundle as well as in Node. Each is validated the first time it is asked for.
 */
const PRESET_DATA: Readonly<Record<string, unknown>> = {
  "a100-80gb-sxm": a100,
  "h100-sxm": h100,
  h200,
  b200,
  mi300x,
  "rtx-4090": rtx4090,
  "apple-m1-max": appleM1Max,
};

/** Ids of the shipped presets, in a stable order (data center first). */
export const presetIds: readonly string[] = Object.keys(PRESET_DATA);

const validated = new Map<string, HardwareSpec>();

/** An id that names no preset; the message lists the known ones. */
export class UnknownPresetError extends Error {
  override name = "UnknownPresetError";
  readonly id: string;
  constructor(id: string) {
    super(`unknown hardware preset "${id}"; known: ${presetIds.join(", ")}`);
    this.id = id;
  }
}

/** The validated preset `id`; throws UnknownPresetError (listing the known ids) otherwise. */
export function getPreset(id: string): HardwareSpec {
  const cached = validated.get(id);
  if (cached) return cached;
  if (!Object.hasOwn(PRESET_DATA, id)) throw new UnknownPresetError(id);
  const spec = parseHardwareSpec(PRESET_DATA[id], `preset ${id}`);
  if (spec.id !== id) throw new Error(`preset file for "${id}" declares id "${spec.id}"`);
  validated.set(id, spec);
  return spec;
}

/** Every preset, validated. */
export function allPresets(): HardwareSpec[] {
  return presetIds.map(getPreset);
}
