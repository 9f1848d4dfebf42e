import { z } from "zod";
import { hardwareSpecSchema } from "./hardware-spec.ts";

/**
 * JSON Schema (draft 2020-12) of a hardware spec file as written, for editors: quantities accept
 * a number in base units or a string with units. It checks fields only; the consistency checks
 * of `parseHardwareSpec` (geometry vs size, level order, ...) need the validator itself.
 */
export function hardwareSpecJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(hardwareSpecSchema, { io: "input", unrepresentable: "any" }),
    title: "Codesign Notebook hardware spec",
    description:
      "An accelerator as data: units in field names, every number cited in sources. See docs/hardware-spec.md.",
  };
}
