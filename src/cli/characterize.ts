import { writeFile } from "node:fs/promises";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import packageJson from "../../package.json" with { type: "json" };
import { type CharacterizeOptions, characterizeDevice } from "../gpu/characterize.ts";
import type { ProgressListener } from "../gpu/progress.ts";
import { withGpu } from "./gpu-session.ts";
import {
  formatBandwidth,
  formatBytes,
  formatFlops,
  formatSeconds,
  formatTable,
} from "./measurement-format.ts";
import { byteSize, listOf, nonNegativeInteger, positiveInteger } from "./option-parsers.ts";

interface CharacterizeFlags {
  json?: boolean;
  out?: string;
  warmup?: number;
  repeats?: number;
  streamBytes?: number[];
  workingSet?: number[];
  fmaInvocations?: number;
}

/**
 * `characterize [--json] [--out spec.json]`: measures this machine's WebGPU adapter (FMA peaks,
 * STREAM bandwidth, pointer-chase latency and cache sizes) and writes a hardware spec in the
 * hwmodels format. Progress goes to stderr: a bar on a terminal, plain lines otherwise.
 */
export function registerCharacterize(program: Command): void {
  program
    .command("characterize")
    .description("measure this machine's WebGPU adapter and write a hardware spec")
    .option("--out <file>", "write the hardware spec (JSON) to this file")
    .option("--json", "print the spec and the measurements as one JSON object")
    .option("--warmup <passes>", "passes discarded before each measurement", nonNegativeInteger)
    .option("--repeats <passes>", "measured passes per measurement", positiveInteger)
    .option("--stream-bytes <sizes>", "STREAM bytes per array, comma-separated", listOf(byteSize))
    .option(
      "--working-set <sizes>",
      "pointer-chase working sets, comma-separated",
      listOf(byteSize),
    )
    .option("--fma-invocations <n>", "invocations per FMA dispatch", positiveInteger)
    .action(async (flags: CharacterizeFlags) => {
      const progress = progressDisplay();
      const options: CharacterizeOptions = {
        tool: `codesign-notebook ${packageJson.version} characterize`,
        onProgress: progress.update,
        timing: {
          ...(flags.warmup !== undefined ? { warmup: flags.warmup } : {}),
          ...(flags.repeats !== undefined ? { repeats: flags.repeats } : {}),
        },
        ...(flags.streamBytes ? { streamBytes: flags.streamBytes } : {}),
        ...(flags.workingSet ? { chaseBytes: flags.workingSet } : {}),
        ...(flags.fmaInvocations ? { fmaInvocations: flags.fmaInvocations } : {}),
      };
      const { spec, measurements } = await withGpu((context) =>
        characterizeDevice(context, options),
      ).finally(progress.stop);
      if (flags.out) await writeFile(flags.out, `${JSON.stringify(spec, null, 2)}\n`);
      if (flags.json) {
        const { fma, stream, chase } = measurements;
        const summary = (timing: { method: string; summary: unknown }) => ({
          method: timing.method,
          summarySeconds: timing.summary,
        });
        const json = {
          command: "characterize",
          adapter: measurements.adapter,
          spec,
          measurements: {
            fma: fma.map((result) => ({
              precision: result.precision,
              flopsPerSecond: result.flopsPerSecond,
              timing: summary(result.timing),
              verification: result.verification,
            })),
            stream: stream.points.map((point) => ({
              op: point.op,
              bytesPerArray: point.bytesPerArray,
              bytesPerSecond: point.bytesPerSecond,
              timing: summary(point.timing),
              verification: point.verification,
            })),
            chase: {
              points: chase.points.map((point) => ({
                workingSetBytes: point.workingSetBytes,
                strideBytes: point.strideBytes,
                secondsPerLoad: point.secondsPerLoad,
                verification: point.verification,
              })),
              profiles: chase.profiles,
            },
          },
        };
        process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
        return;
      }
      const peaks = Object.entries(spec.compute.vector).map(
        ([precision, peak]) => `${precision} ${formatFlops(peak!.flopsPerSecond)}`,
      );
      process.stdout.write(
        [
          spec.name,
          `peak (FMA chains): ${peaks.join(", ")}`,
          ...formatTable(
            spec.memory.map((level) => ({
              level: level.name,
              capacity: level.bytes ? formatBytes(level.bytes) : "-",
              bandwidth: level.bytesPerSecond ? formatBandwidth(level.bytesPerSecond) : "-",
              latency: level.latencySeconds ? formatSeconds(level.latencySeconds) : "-",
            })),
          ),
          ...spec.notes,
          flags.out ? `spec written to ${flags.out}` : "(use --out spec.json to save the spec)",
        ].join("\n") + "\n",
      );
    });
}

/** A progress bar on a terminal; on a pipe or file, one line per measurement. */
function progressDisplay(): { update: ProgressListener; stop: () => void } {
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      format: "characterize [{bar}] {value}/{total} {label}",
      stream: process.stderr,
      hideCursor: true,
    });
    let started = false;
    return {
      update: (done, total, label) => {
        if (!started) {
          bar.start(total, 0, { label });
          started = true;
        }
        bar.update(done, { label });
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  return {
    update: (done, total, label) =>
      process.stderr.write(`characterize: ${done}/${total} ${label}\n`),
    stop: () => {},
  };
}
