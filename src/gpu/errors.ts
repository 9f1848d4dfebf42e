/**
 * The ways GPU work fails, each a class so callers (the CLI, a notebook cell) can tell a missing
 * GPU from a bad request from a wrong answer.
 */

/** No WebGPU here: no `navigator.gpu`, no adapter, or Dawn could not load. Says how to get one. */
export class GpuUnavailableError extends Error {
  override name = "GpuUnavailableError";
  constructor(reason: string, howToGetWebGpu: string) {
    super(`WebGPU is not available: ${reason}. To get it: ${howToGetWebGpu}.`);
  }
}

/** A request the device cannot satisfy (a limit or a feature), named, before anything runs. */
export class DeviceLimitError extends Error {
  override name = "DeviceLimitError";
  /** The WebGPU limit or feature concerned, e.g. `maxComputeWorkgroupStorageSize`, `shader-f16`. */
  readonly limit: string;
  readonly required: number | string;
  readonly available: number | string;

  constructor(
    message: string,
    limit: string,
    required: number | string,
    available: number | string,
  ) {
    super(message);
    this.limit = limit;
    this.required = required;
    this.available = available;
  }

  /** `what` needs `required` of `limit`; the device offers `available`. */
  static exceeded(what: string, limit: string, required: number, available: number) {
    return new DeviceLimitError(
      `${what} needs ${limit} >= ${required}, but this device allows ${available}`,
      limit,
      required,
      available,
    );
  }

  /** `what` needs a WebGPU feature the device does not have. */
  static missingFeature(what: string, feature: string) {
    return new DeviceLimitError(
      `${what} needs the WebGPU feature "${feature}", which this device does not have`,
      feature,
      "present",
      "absent",
    );
  }
}

/** A WebGPU validation or out-of-memory error raised while doing `operation`. */
export class GpuValidationError extends Error {
  override name = "GpuValidationError";
  readonly kind: "validation" | "out-of-memory" | "internal";
  constructor(operation: string, kind: GpuValidationError["kind"], message: string) {
    super(`WebGPU ${kind} error during ${operation}: ${message}`);
    this.kind = kind;
  }
}

/** One diagnostic from the WGSL compiler. */
export interface ShaderMessage {
  line: number;
  column: number;
  message: string;
}

/** WGSL that does not compile: every error with its line, column and the offending source line. */
export class ShaderCompileError extends Error {
  override name = "ShaderCompileError";
  readonly shader: string;
  readonly errors: readonly ShaderMessage[];

  constructor(shader: string, errors: readonly ShaderMessage[], source: string) {
    const lines = source.split("\n");
    const details = errors.map(({ line, column, message }) => {
      const text = lines[line - 1];
      return `  ${shader}:${line}:${column}: ${message}${text === undefined ? "" : `\n    ${text.trim()}`}`;
    });
    super(`WGSL compile error in ${shader}:\n${details.join("\n")}`);
    this.shader = shader;
    this.errors = errors;
  }
}

/** The device was lost (driver reset, `destroy()`, GPU removed); the next acquire gets a new one. */
export class DeviceLostError extends Error {
  override name = "DeviceLostError";
  readonly reason: string;
  constructor(reason: string, message: string) {
    super(`the WebGPU device was lost (${reason}): ${message}. Run again to acquire a new one.`);
    this.reason = reason;
  }
}

/** Where a kernel's output differs most from its CPU reference. */
export interface WorstElement {
  /** Flat index into the output. */
  index: number;
  /** The element's coordinates, e.g. `[row, column]`, when the output has a shape. */
  coordinates: number[];
  actual: number;
  expected: number;
  /** `|actual - expected|`. */
  error: number;
  /** The largest error allowed at this element. */
  tolerance: number;
}

/** A kernel produced a wrong result: never reported as a timing. */
export class VerificationError extends Error {
  override name = "VerificationError";
  readonly worst: WorstElement;
  readonly wrongElements: number;

  constructor(kernel: string, worst: WorstElement, wrongElements: number) {
    const at = worst.coordinates.length ? `[${worst.coordinates.join(", ")}]` : `[${worst.index}]`;
    super(
      `${kernel} computed a wrong result: ${wrongElements} element(s) off; worst at ${at}: ` +
        `got ${worst.actual}, expected ${worst.expected} (error ${worst.error.toExponential(3)} > ` +
        `tolerance ${worst.tolerance.toExponential(3)})`,
    );
    this.worst = worst;
    this.wrongElements = wrongElements;
  }
}
