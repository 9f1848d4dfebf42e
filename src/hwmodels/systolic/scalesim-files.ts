import { type Issue, ValidationError } from "../validation.ts";
import { parseSystolicArray, type SystolicArray } from "./systolic-array.ts";
import { parseSystolicLayers, type SystolicLayer } from "./systolic-layer.ts";

/**
 * Reads SCALE-Sim v2/v3's input files, so its published topologies and configs run here
 * unchanged (github.com/scalesim-project/scale-sim-v2, topologies/ and configs/).
 *
 * Topology CSV, convolution form: a header line, then
 *   name, ifmap height, ifmap width, filter height, filter width, channels, filters, stride[, stride width],
 * (SCALE-Sim's topology_utils.load_arrays_conv). A layer whose name contains "DP" is depthwise:
 * SCALE-Sim runs it as `channels` layers of one channel each, and so does this parser.
 * GEMM form (header "Layer Name, M, N, K"): name, M, N, K. Text after "#" is a comment.
 */
export function parseScaleSimTopology(text: string, subject = "topology"): SystolicLayer[] {
  const lines = text.split(/\r?\n/);
  const headerIndex = lines.findIndex((line) => stripComment(line).trim() !== "");
  if (headerIndex < 0) {
    throw new ValidationError(subject, [{ path: "", message: "is empty: expected a header line" }]);
  }
  const header = fields(lines[headerIndex]!).map((field) => field.toLowerCase());
  const gemm = header[1] === "m" && header[2] === "n" && header[3] === "k";
  const layers: unknown[] = [];
  const issues: Issue[] = [];
  lines.forEach((line, index) => {
    if (index <= headerIndex || stripComment(line).trim() === "") return;
    const path = `line ${index + 1}`;
    const [name, ...values] = fields(line);
    const numbers = values.map(Number);
    const bad = values.findIndex((value, i) => value === "" || !Number.isInteger(numbers[i]));
    const expected = gemm ? "M, N, K" : "7 or 8 numbers after the name";
    if (bad >= 0 || (gemm ? numbers.length !== 3 : numbers.length < 7 || numbers.length > 8)) {
      issues.push({
        path,
        message:
          bad >= 0
            ? `field ${bad + 2} is ${JSON.stringify(values[bad])}, not an integer`
            : `expected ${expected}, got ${numbers.length} field${numbers.length === 1 ? "" : "s"}`,
      });
      return;
    }
    if (gemm) {
      const [M, N, K] = numbers;
      layers.push({ kind: "gemm", name, M, N, K });
      return;
    }
    const [ifmapHeight, ifmapWidth, filterHeight, filterWidth, channels, filters, stride, strideW] =
      numbers as [number, number, number, number, number, number, number, number | undefined];
    const conv = {
      kind: "conv",
      ifmapHeight,
      ifmapWidth,
      filterHeight,
      filterWidth,
      filters,
      strideHeight: stride,
      strideWidth: strideW ?? stride,
    };
    if (name!.includes("DP")) {
      for (let channel = 0; channel < channels; channel++) {
        layers.push({ ...conv, name: `${name}Channel_${channel}`, channels: 1 });
      }
    } else {
      layers.push({ ...conv, name, channels });
    }
  });
  if (issues.length) throw new ValidationError(subject, issues);
  return parseSystolicLayers(layers, subject);
}

/** The fields of a CSV line, trimmed, comment and trailing empty field dropped. */
function fields(line: string): string[] {
  const parts = stripComment(line)
    .split(",")
    .map((part) => part.trim());
  if (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

function stripComment(line: string): string {
  const hash = line.indexOf("#");
  return hash >= 0 ? line.slice(0, hash) : line;
}

/** SCALE-Sim config keys and the systolic-array fields they set. */
const CONFIG_FIELDS: Record<string, (value: string) => [string, unknown]> = {
  arrayheight: (v) => ["rows", Number(v)],
  arraywidth: (v) => ["cols", Number(v)],
  ifmapsramszkb: (v) => ["ifmapSramBytes", Number(v) * 1024],
  filtersramszkb: (v) => ["filterSramBytes", Number(v) * 1024],
  ofmapsramszkb: (v) => ["ofmapSramBytes", Number(v) * 1024],
  dataflow: (v) => ["dataflow", v.toLowerCase()],
  bandwidth: (v) => ["dramWordsPerCycle", Number(v)],
};

/**
 * Reads a SCALE-Sim config (scale.cfg): ArrayHeight, ArrayWidth, Ifmap/Filter/OfmapSramSzkB
 * (KiB), Dataflow and Bandwidth (words per cycle) become a systolic array with the scale-sim
 * convention; SCALE-Sim's other keys (offsets, banks, sparsity, run name) do not affect this
 * model and are ignored. Bad values are reported by field and line.
 */
export function parseScaleSimConfig(text: string, subject = "config"): SystolicArray {
  const array: Record<string, unknown> = { convention: "scale-sim" };
  const lineOf: Record<string, number> = {};
  text.split(/\r?\n/).forEach((line, index) => {
    const match = /^\s*([A-Za-z_]\w*)\s*[:=]\s*(.*?)\s*$/.exec(stripComment(line));
    const field = match && CONFIG_FIELDS[match[1]!.toLowerCase()];
    if (!match || !field) return;
    const [key, value] = field(match[2]!);
    array[key] = value;
    lineOf[key] = index + 1;
  });
  try {
    return parseSystolicArray(array, subject);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      subject,
      error.issues.map((issue) =>
        lineOf[issue.path]
          ? { ...issue, path: `line ${lineOf[issue.path]} (${issue.path})` }
          : issue,
      ),
    );
  }
}
