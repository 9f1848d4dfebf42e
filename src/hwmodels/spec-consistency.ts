import type { HardwareSpec, MemoryLevel, Throughput } from "./hardware-spec.ts";
import {
  holdsSharedMemory,
  isOnCachePath,
  levelBytesPerSecond,
  levelCapacityBytes,
} from "./memory-levels.ts";
import { danglingCoverIssues } from "./spec-facts.ts";
import { formatQuantity } from "./units.ts";
import type { Issue } from "./validation.ts";

const DOCUMENT_KINDS = new Set(["datasheet", "whitepaper", "documentation", "paper", "article"]);

/**
 * Inconsistencies between well-formed fields of a spec, each at the path of the field to fix.
 * Empty for a consistent spec. Run by `parseHardwareSpec` after the field checks pass.
 */
export function specConsistencyIssues(spec: HardwareSpec): Issue[] {
  return [
    ...computeIssues(spec),
    ...clockIssues(spec),
    ...memoryIssues(spec),
    ...limitIssues(spec),
    ...sourceIssues(spec),
  ];
}

function computeIssues(spec: HardwareSpec): Issue[] {
  const issues: Issue[] = [];
  let peaks = 0;
  for (const unit of ["matrix", "vector"] as const) {
    for (const [precision, throughput] of Object.entries(spec.compute[unit] ?? {})) {
      if (!throughput) continue;
      peaks++;
      issues.push(...throughputIssues(spec, `compute.${unit}.${precision}`, throughput));
    }
  }
  if (peaks === 0) {
    issues.push({ path: "compute", message: "must state at least one peak (matrix or vector)" });
  }
  return issues;
}

function throughputIssues(spec: HardwareSpec, path: string, throughput: Throughput): Issue[] {
  const issues: Issue[] = [];
  const perClock = throughput.flopsPerClockPerUnit !== undefined;
  const total = throughput.flopsPerSecond !== undefined;
  if (perClock && total) {
    issues.push({
      path,
      message: "states both flopsPerClockPerUnit and flopsPerSecond; keep one (each fact once)",
    });
  } else if (!perClock && !total) {
    issues.push({ path, message: "needs flopsPerClockPerUnit or flopsPerSecond" });
  }
  if (perClock && !spec.clock) {
    issues.push({
      path: `${path}.flopsPerClockPerUnit`,
      message: "a rate per clock needs clock.hz",
    });
  }
  if (perClock && !spec.computeUnits) {
    issues.push({
      path: `${path}.flopsPerClockPerUnit`,
      message: "a rate per unit needs computeUnits.count",
    });
  }
  const domain = throughput.clockDomain;
  if (domain !== undefined) {
    const domains = spec.clock?.domainsHz ?? {};
    if (!perClock) {
      issues.push({
        path: `${path}.clockDomain`,
        message: "only a rate per clock has a clock domain",
      });
    } else if (!(domain in domains)) {
      const known = Object.keys(domains);
      issues.push({
        path: `${path}.clockDomain`,
        message: `no clock.domainsHz.${domain}; known: ${known.length ? known.join(", ") : "none"}`,
      });
    }
  }
  return issues;
}

function clockIssues(spec: HardwareSpec): Issue[] {
  const clock = spec.clock;
  if (clock?.baseHz !== undefined && clock.baseHz > clock.hz) {
    return [
      {
        path: "clock.baseHz",
        message: `base clock ${formatQuantity(clock.baseHz, "hz")} exceeds clock.hz ${formatQuantity(clock.hz, "hz")}`,
      },
    ];
  }
  return [];
}

function memoryIssues(spec: HardwareSpec): Issue[] {
  const issues: Issue[] = [];
  const last = spec.memory.length - 1;
  const firstIndexOf = new Map<string, number>();
  spec.memory.forEach((level, i) => {
    const at = `memory[${i}]`;
    const earlier = firstIndexOf.get(level.name);
    if (earlier !== undefined) {
      issues.push({ path: `${at}.name`, message: `"${level.name}" is already memory[${earlier}]` });
    } else {
      firstIndexOf.set(level.name, i);
    }
    if (level.kind === "memory" && i !== last) {
      issues.push({ path: `${at}.kind`, message: "only the last level may be device memory" });
    }
    if (i === last && level.kind !== "memory") {
      issues.push({
        path: `${at}.kind`,
        message: 'the last level must be device memory (kind "memory")',
      });
    }
    if (level.kind === "memory" && level.scope !== "device") {
      issues.push({ path: `${at}.scope`, message: 'device memory has scope "device"' });
    }
    if (holdsSharedMemory(level) && level.scope !== "unit") {
      issues.push({ path: `${at}.scope`, message: `a ${level.kind} level has scope "unit"` });
    }
    if (level.instances !== undefined && level.scope !== "device") {
      issues.push({ path: `${at}.instances`, message: "only a device-scope level has instances" });
    }
    issues.push(...geometryIssues(at, level), ...rateIssues(spec, at, level));
  });
  const memory = spec.memory[last];
  if (memory?.kind === "memory" && levelBytesPerSecond(spec, memory) === undefined) {
    issues.push({
      path: `memory[${last}]`,
      message: "device memory needs a bandwidth (bytesPerSecond, or bytesPerClock with clock.hz)",
    });
  }
  return [...issues, ...capacityOrderIssues(spec)];
}

function geometryIssues(at: string, level: MemoryLevel): Issue[] {
  const { sets, ways, lineBytes, bytes } = level;
  if (sets !== undefined && (ways === undefined || lineBytes === undefined)) {
    return [{ path: `${at}.sets`, message: "sets needs ways and lineBytes to give a size" }];
  }
  if (
    sets === undefined &&
    ways !== undefined &&
    (lineBytes === undefined || bytes === undefined)
  ) {
    return [
      { path: `${at}.ways`, message: "ways needs sets and lineBytes, or lineBytes and bytes" },
    ];
  }
  if (sets !== undefined && bytes !== undefined) {
    const derived = sets * ways! * lineBytes!;
    if (derived !== bytes) {
      return [
        {
          path: `${at}.bytes`,
          message: `${bytes} disagrees with sets x ways x lineBytes = ${sets} x ${ways} x ${lineBytes} = ${derived}; state the size once`,
        },
      ];
    }
  }
  if (sets === undefined && ways !== undefined && bytes! % (ways * lineBytes!) !== 0) {
    return [
      {
        path: `${at}.bytes`,
        message: `${bytes} is not a whole number of sets of ${ways} ways x ${lineBytes} B lines`,
      },
    ];
  }
  return [];
}

function rateIssues(spec: HardwareSpec, at: string, level: MemoryLevel): Issue[] {
  const issues: Issue[] = [];
  const rates = (["bytesPerSecond", "bytesPerClock", "bytesPerClockPerUnit"] as const).filter(
    (key) => level[key] !== undefined,
  );
  if (rates.length > 1) {
    issues.push({ path: at, message: `states ${rates.join(" and ")}; keep one (each fact once)` });
  }
  if (
    (level.bytesPerClock !== undefined || level.bytesPerClockPerUnit !== undefined) &&
    !spec.clock
  ) {
    issues.push({ path: `${at}.${rates.at(-1)}`, message: "a rate per clock needs clock.hz" });
  }
  if (level.bytesPerClockPerUnit !== undefined) {
    if (level.scope !== "unit") {
      issues.push({
        path: `${at}.bytesPerClockPerUnit`,
        message: 'a rate per unit needs scope "unit"',
      });
    }
    if (!spec.computeUnits) {
      issues.push({
        path: `${at}.bytesPerClockPerUnit`,
        message: "a rate per unit needs computeUnits.count",
      });
    }
  }
  if (level.latencySeconds !== undefined && level.latencyCycles !== undefined) {
    issues.push({ path: at, message: "states latencySeconds and latencyCycles; keep one" });
  }
  if (level.latencyCycles !== undefined && !spec.clock) {
    issues.push({ path: `${at}.latencyCycles`, message: "a latency in cycles needs clock.hz" });
  }
  return issues;
}

/**
 * Along the path loads take (caches, then device memory), each level must hold at least as much
 * as the one nearer the compute units: an L2 smaller than one unit's L1 is a mistake (or levels
 * listed in the wrong order). Scratchpads sit beside the path and are not compared.
 */
function capacityOrderIssues(spec: HardwareSpec): Issue[] {
  const issues: Issue[] = [];
  let nearer: { level: MemoryLevel; bytes: number } | undefined;
  spec.memory.forEach((level, i) => {
    if (!isOnCachePath(level)) return;
    const bytes = levelCapacityBytes(level);
    if (bytes === undefined) return;
    if (nearer && bytes < nearer.bytes) {
      const field = level.bytes !== undefined ? "bytes" : "sets";
      issues.push({
        path: `memory[${i}].${field}`,
        message: `${level.name} holds ${formatQuantity(bytes, "bytes", { binary: true })}, less than the nearer ${nearer.level.name} (${formatQuantity(nearer.bytes, "bytes", { binary: true })}${nearer.level.scope === "unit" ? " per unit" : ""}); list levels from nearest to farthest`,
      });
    }
    nearer = { level, bytes };
  });
  return issues;
}

function limitIssues(spec: HardwareSpec): Issue[] {
  const limits = spec.limits;
  if (!limits) return [];
  const issues: Issue[] = [];
  const exceeds = (field: keyof typeof limits, other: keyof typeof limits) => {
    const value = limits[field];
    const bound = limits[other];
    if (value !== undefined && bound !== undefined && value > bound) {
      issues.push({
        path: `limits.${field}`,
        message: `${value} exceeds limits.${other} (${bound})`,
      });
    }
  };
  exceeds("sharedBytesPerWorkgroup", "sharedBytesPerUnit");
  exceeds("threadsPerWorkgroup", "threadsPerUnit");
  exceeds("registersPerThread", "registersPerUnit");
  const sharedLevelIndex = spec.memory.findIndex(
    (level) => level.scope === "unit" && holdsSharedMemory(level),
  );
  const sharedLevel = spec.memory[sharedLevelIndex];
  const levelBytes = sharedLevel ? levelCapacityBytes(sharedLevel) : undefined;
  const perUnit = limits.sharedBytesPerUnit ?? limits.sharedBytesPerWorkgroup;
  if (sharedLevel && levelBytes !== undefined && perUnit !== undefined && perUnit > levelBytes) {
    const field =
      limits.sharedBytesPerUnit !== undefined ? "sharedBytesPerUnit" : "sharedBytesPerWorkgroup";
    issues.push({
      path: `limits.${field}`,
      message: `${perUnit} B of shared memory does not fit in ${sharedLevel.name} (memory[${sharedLevelIndex}]: ${levelBytes} B per unit)`,
    });
  }
  return issues;
}

function sourceIssues(spec: HardwareSpec): Issue[] {
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  spec.sources.forEach((source, i) => {
    const earlier = seen.get(source.id);
    if (earlier !== undefined) {
      issues.push({
        path: `sources[${i}].id`,
        message: `"${source.id}" is already sources[${earlier}]`,
      });
    } else {
      seen.set(source.id, i);
    }
    if (DOCUMENT_KINDS.has(source.kind) && source.url === undefined) {
      issues.push({ path: `sources[${i}].url`, message: `a ${source.kind} needs a URL` });
    }
    if (source.kind === "measurement" && source.adapter === undefined) {
      issues.push({
        path: `sources[${i}].adapter`,
        message: "a measurement names the adapter that ran it",
      });
    }
  });
  return [...issues, ...danglingCoverIssues(spec)];
}
