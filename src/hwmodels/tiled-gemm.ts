import { type GemmMachine, gemmMachine } from "./gemm-machine.ts";
import {
  compulsoryBytes,
  type GemmProblem,
  gemmFlops,
  gemmProblemIssues,
  ioLowerBoundBytes,
} from "./gemm-problem.ts";
import { formatTile, type GemmTile } from "./gemm-tile.ts";
import {
  bytesPastCache,
  type CacheReuse,
  cacheReuse,
  globalBytes,
  RESIDENT_FRACTION,
} from "./gemm-traffic.ts";
import type { HardwareSpec } from "./hardware-spec.ts";
import { KeyedCache } from "./keyed-cache.ts";
import type { ComputeUnitKind, Precision } from "./precision.ts";
import { cachedTileFootprint, type OccupancyLimit, type TileFootprint } from "./tile-footprint.ts";
import { formatFixed, formatQuantity } from "./units.ts";
import { type Issue, ValidationError } from "./validation.ts";

/**
 * Analytic model of a tiled GEMM on a GPU-like machine: CUTLASS-style tiles, occupancy and wave
 * quantization, a hierarchical roofline over shared memory, the caches and device memory.
 *
 * Time. Each unit runs its tiles; the busiest unit gets n = ceil(tiles / units) of them (this is
 * where wave quantization bites) and runs up to r = workgroupsPerUnit at once, sharing its peak:
 *
 *   compute  = floor(n / r) r F / (P_unit u(r)) + (n mod r) F / (P_unit u(n mod r))
 *   F        = 2 BM BN ceil(K / BK) BK           (padded tiles still compute whole steps)
 *   u(q)     = min(1, q subgroups / schedulers)  (a unit with fewer resident subgroups than
 *                                               schedulers leaves pipes idle)
 *   shared   = n ceil(K / BK) sharedTrafficPerKStep / sharedBandwidthPerUnit
 *   level    = bytes(level) / bandwidth(level)   for each device cache and device memory
 *
 * With double buffering (stages >= 2) or several resident workgroups, loads overlap compute and
 * seconds = max(compute, shared, levels); with one stage and one workgroup they serialize:
 * seconds = compute + max(shared, levels). A launch overhead, if given, is added.
 *
 * References: Williams et al., Roofline (CACM 2009); NVIDIA CUTLASS docs ("Efficient GEMM in
 * CUDA": threadblock/warp/thread tiles, multistage pipelines, threadblock swizzle); NVIDIA's
 * "Matrix Multiplication Background" guide (tile and wave quantization); Hong & Kung (1981) and
 * Smith et al. (2019) for the I/O lower bound 2MNK / sqrt(S).
 */

export interface TiledGemmOptions {
  /** Execution unit; defaults to the matrix units where the spec states a peak for the dtype. */
  unit?: ComputeUnitKind;
  /** Host-side launch and synchronization time added to the prediction, seconds (default 0). */
  launchOverheadSeconds?: number;
}

/** Traffic and time at one device-scope level. */
export interface LevelTime {
  level: string;
  bytes: number;
  /** null when the spec states no bandwidth for the level (its roof is skipped). */
  bytesPerSecond: number | null;
  seconds: number | null;
}

export interface TiledGemmResult {
  hw: string;
  problem: GemmProblem;
  tile: GemmTile;
  /** `formatTile(tile)`, e.g. "128x128x32/8x8@3". */
  tileText: string;
  unit: ComputeUnitKind;
  precision: Precision;

  /** 2MNK. */
  flops: number;
  /** What the padded tiles compute: tiles x 2 BM BN ceil(K/BK) BK. */
  executedFlops: number;
  /** flops / executedFlops: the cost of ragged edges. */
  paddingEfficiency: number;
  tilesM: number;
  tilesN: number;
  tiles: number;
  kSteps: number;

  /** Everything workgroups load from and store to global memory (see gemm-traffic.ts). */
  globalBytes: number;
  /** Bytes between the last cache and device memory, after cache reuse. */
  dramBytes: number;
  /** Reading A and B once and writing C once. */
  compulsoryBytes: number;
  /** I/O lower bounds (bytes): global traffic given one unit's on-chip memory; DRAM traffic given everything on chip. */
  ioLowerBound: { globalBytes: number | null; dramBytes: number | null };
  /** How the last cache level reuses A and B (null when the spec lists no device cache). */
  reuse: (Omit<CacheReuse, "bytes"> & { level: string; assumption: string }) | null;
  /** Bytes through the units' shared memory: staging writes plus operand reads. */
  sharedTrafficBytes: number;

  footprint: {
    threadsPerWorkgroup: number;
    subgroupsPerWorkgroup: number;
    sharedBytesPerWorkgroup: number;
    registersPerThread: number;
    /** The subgroup's tile of C, elements. */
    warpTile: { M: number; N: number };
    /** Always true here: tiledGemm rejects tiles that do not fit (see tileFootprint for a check). */
    fits: true;
  };
  occupancy: {
    workgroupsPerUnit: number;
    limitedBy: OccupancyLimit;
    subgroupsPerUnit: number;
    /** u(r): fraction of a unit's issue slots resident subgroups can fill. */
    issueUtilization: number;
  };
  /** Compute units, or null when the spec does not know them. */
  computeUnits: number | null;
  /** ceil(tiles / (units x workgroupsPerUnit)); null when the unit count is unknown. */
  waves: number | null;
  /** tiles / (units x ceil(tiles / units)): how evenly the tiles fill the units; 1 when units are unknown. */
  waveEfficiency: number;

  times: {
    computeSeconds: number;
    sharedSeconds: number | null;
    levels: LevelTime[];
    launchOverheadSeconds: number;
    /** Whether loads overlap compute (stages >= 2 or several resident workgroups). */
    overlapped: boolean;
  };
  /** Predicted time, seconds. */
  seconds: number;
  /** What sets the time: "compute", a memory level's name, or "launch overhead". */
  bound: string;
  boundKind: "compute" | "memory" | "overhead";
  /** flops / seconds. */
  attainableFlopsPerSecond: number;
  /** attainableFlopsPerSecond / the unit's peak. */
  fractionOfPeak: number;
  peakFlopsPerSecond: number;
  reason: string;
  assumptions: string[];
}

/**
 * Predicts `problem` run with `tile` on `hw`. Throws ValidationError for a malformed problem or
 * tile, an unknown precision, or a tile that does not fit the hardware's limits (every reason).
 */
export function tiledGemm(
  problem: GemmProblem,
  tile: GemmTile,
  hw: HardwareSpec,
  options: TiledGemmOptions = {},
): TiledGemmResult {
  const machine = resolveMachine(problem, hw, options);
  const footprint = feasibleFootprint(tile, machine);
  return describeTiming(problem, footprint, machine, options.launchOverheadSeconds ?? 0);
}

/**
 * Just the predicted seconds of `tiledGemm(problem, tile, hw, options)`, validated the same way
 * but without building the result and its explanation: for sweeps over many shapes or tiles.
 */
export function tiledGemmSeconds(
  problem: GemmProblem,
  tile: GemmTile,
  hw: HardwareSpec,
  options: TiledGemmOptions = {},
): number {
  const machine = resolveMachine(problem, hw, options);
  const footprint = feasibleFootprint(tile, machine);
  return timeTile(
    problem,
    footprint,
    machine,
    options.launchOverheadSeconds ?? 0,
    scratchTiming(machine),
  );
}

const scratchTimings = new KeyedCache<GemmMachine, TileTiming>();

/** The machine's reusable TileTiming, for a call that reads it out before returning. */
function scratchTiming(machine: GemmMachine): TileTiming {
  const scratch = scratchTimings.get(machine, "", () => newTileTiming(machine));
  scratch.bytesFor.problem = undefined; // the caller may have changed the problem object in place
  return scratch;
}

/** Validates the problem and options and resolves the machine, or throws ValidationError. */
export function resolveMachine(
  problem: GemmProblem,
  hw: HardwareSpec,
  options: TiledGemmOptions,
): GemmMachine {
  const issues: Issue[] = gemmProblemIssues(problem);
  const overhead = options.launchOverheadSeconds;
  if (overhead !== undefined && !(Number.isFinite(overhead) && overhead >= 0)) {
    issues.push({
      path: "options.launchOverheadSeconds",
      message: `must be a number >= 0 (got ${overhead})`,
    });
  }
  if (options.unit !== undefined && options.unit !== "matrix" && options.unit !== "vector") {
    issues.push({
      path: "options.unit",
      message: `must be "matrix" or "vector" (got ${String(options.unit)})`,
    });
  }
  if (issues.length === 0) {
    try {
      return gemmMachine(hw, problem.dtype, options.unit);
    } catch (error) {
      issues.push({ path: "problem.dtype", message: (error as Error).message });
    }
  }
  throw new ValidationError(`GEMM on ${hw.id}`, issues);
}

/** The tile's footprint, or a ValidationError listing every reason it cannot run on the machine. */
function feasibleFootprint(tile: GemmTile, machine: GemmMachine): TileFootprint {
  const footprint = cachedTileFootprint(tile, machine);
  if (footprint.problems.length) {
    throw new ValidationError(
      `tile ${tileLabel(tile)} on ${machine.hw.id}`,
      footprint.problems.map((message) => ({ path: "tile", message })),
    );
  }
  return footprint;
}

function tileLabel(tile: GemmTile): string {
  try {
    return formatTile(tile);
  } catch {
    return JSON.stringify(tile);
  }
}

/** The numbers behind a prediction; `timeTile` fills one without allocating per level. */
export interface TileTiming {
  seconds: number;
  computeSeconds: number;
  /** NaN when the spec gives no shared-memory bandwidth. */
  sharedSeconds: number;
  /** Bytes and seconds per machine level (seconds NaN where the bandwidth is unknown). */
  levelBytes: number[];
  levelSeconds: number[];
  /** -1 compute, -2 shared memory, -3 launch overhead, else the index of the binding level. */
  boundIndex: number;
  overlapped: boolean;
  /** The (problem, BM, BN, resident) levelBytes were computed for: a search reuses them. */
  bytesFor: { problem: GemmProblem | undefined; BM: number; BN: number; resident: number };
}

export const BOUND_COMPUTE = -1;
export const BOUND_SHARED = -2;
export const BOUND_OVERHEAD = -3;

export function newTileTiming(machine: GemmMachine): TileTiming {
  return {
    seconds: 0,
    computeSeconds: 0,
    sharedSeconds: Number.NaN,
    // NaN, not 0: the arrays start out holding doubles, so timeTile's writes never convert them.
    levelBytes: machine.levels.map(() => Number.NaN),
    levelSeconds: machine.levels.map(() => Number.NaN),
    boundIndex: BOUND_COMPUTE,
    overlapped: false,
    bytesFor: { problem: undefined, BM: 0, BN: 0, resident: 0 },
  };
}

/**
 * The time model of this file for one (problem, feasible tile, machine), written into `out` and
 * returned as seconds. The fast path of `searchTiles`: no validation, no strings.
 */
export function timeTile(
  problem: GemmProblem,
  footprint: TileFootprint,
  machine: GemmMachine,
  launchOverheadSeconds: number,
  out: TileTiming,
): number {
  const { BM, BN, BK } = footprint.tile;
  const tilesM = Math.ceil(problem.M / BM);
  const tilesN = Math.ceil(problem.N / BN);
  const tiles = tilesM * tilesN;
  const kSteps = Math.ceil(problem.K / BK);
  const units = machine.units ?? 1;
  const resident = footprint.workgroupsPerUnit;

  // Compute: the busiest unit's tiles, in rounds of `resident` sharing the unit's peak.
  const perUnit = tilesPerBusiestUnit(tiles, units);
  const tileFlops = 2 * BM * BN * kSteps * BK;
  const unitPeak = machine.peakFlopsPerSecond / units;
  const rounds = Math.floor(perUnit / resident);
  const remainder = perUnit - rounds * resident;
  let computeSeconds =
    (rounds * resident * tileFlops) / (unitPeak * issueUtilization(resident, footprint, machine));
  if (remainder > 0) {
    computeSeconds +=
      (remainder * tileFlops) / (unitPeak * issueUtilization(remainder, footprint, machine));
  }

  // Shared memory: the busiest unit's staging writes and operand reads.
  const sharedBandwidth = machine.sharedBytesPerSecondPerUnit;
  const sharedSeconds =
    sharedBandwidth === undefined
      ? Number.NaN
      : (perUnit * kSteps * footprint.sharedTrafficBytesPerKStep) / sharedBandwidth;

  // Device levels: global requests reach the first; each cache passes on what it cannot reuse.
  const e = machine.elementBytes;
  const c = machine.outputBytes;
  const concurrent = machine.units === undefined ? resident : Math.min(tiles, units * resident);
  const levels = machine.levels;
  const memo = out.bytesFor;
  if (memo.problem !== problem || memo.BM !== BM || memo.BN !== BN || memo.resident !== resident) {
    for (let i = 0; i < levels.length; i++) {
      // Not levels[i - 1] at i = 0: reading index -1 takes V8's slow generic lookup.
      const above = i > 0 ? levels[i - 1] : undefined;
      out.levelBytes[i] = above
        ? bytesPastCache(
            problem,
            tilesM,
            tilesN,
            BM,
            BN,
            e,
            c,
            above.capacityBytes,
            Math.ceil(concurrent / above.instances),
          )
        : globalBytes(problem, tilesM, tilesN, e, c);
    }
    memo.problem = problem;
    memo.BM = BM;
    memo.BN = BN;
    memo.resident = resident;
  }
  let memorySeconds = Number.isNaN(sharedSeconds) ? 0 : sharedSeconds;
  let memoryIndex = Number.isNaN(sharedSeconds) ? BOUND_COMPUTE : BOUND_SHARED;
  for (let i = 0; i < levels.length; i++) {
    const bandwidth = levels[i]!.bytesPerSecond;
    const seconds = bandwidth === undefined ? Number.NaN : out.levelBytes[i]! / bandwidth;
    out.levelSeconds[i] = seconds;
    if (seconds > memorySeconds) {
      memorySeconds = seconds;
      memoryIndex = i;
    }
  }

  const overlapped = (footprint.tile.stages ?? 1) >= 2 || resident >= 2;
  const core = overlapped
    ? Math.max(computeSeconds, memorySeconds)
    : computeSeconds + memorySeconds;
  let boundIndex = memorySeconds > computeSeconds ? memoryIndex : BOUND_COMPUTE;
  if (launchOverheadSeconds > core) boundIndex = BOUND_OVERHEAD;
  out.seconds = core + launchOverheadSeconds;
  out.computeSeconds = computeSeconds;
  out.sharedSeconds = sharedSeconds;
  out.boundIndex = boundIndex;
  out.overlapped = overlapped;
  return out.seconds;
}

function tilesPerBusiestUnit(tiles: number, units: number): number {
  return Math.ceil(tiles / units);
}

/** u(q): the fraction of a unit's schedulers q resident workgroups keep busy (1 if unknown). */
function issueUtilization(
  workgroups: number,
  footprint: TileFootprint,
  machine: GemmMachine,
): number {
  const schedulers = machine.schedulers;
  return schedulers === undefined
    ? 1
    : Math.min(1, (workgroups * footprint.subgroups) / schedulers);
}

/** The full result for a feasible tile: the timing plus the figures and reasons behind it. */
export function describeTiming(
  problem: GemmProblem,
  footprint: TileFootprint,
  machine: GemmMachine,
  launchOverheadSeconds: number,
): TiledGemmResult {
  const timing = scratchTiming(machine);
  timeTile(problem, footprint, machine, launchOverheadSeconds, timing);
  const notes = tileNotes(footprint, machine);
  const { onChipPerUnit, totalCache } = notes.machineNotes;
  const { tile } = footprint;
  const { BM, BN, BK } = tile;
  const tilesM = Math.ceil(problem.M / BM);
  const tilesN = Math.ceil(problem.N / BN);
  const tiles = tilesM * tilesN;
  const kSteps = Math.ceil(problem.K / BK);
  const units = machine.units;
  const resident = footprint.workgroupsPerUnit;
  const flops = gemmFlops(problem);
  const executedFlops = tiles * 2 * BM * BN * kSteps * BK;
  const compulsory = compulsoryBytes(problem);
  const e = machine.elementBytes;
  const c = machine.outputBytes;
  const global = globalBytes(problem, tilesM, tilesN, e, c);
  const dramBytes = timing.levelBytes.at(-1)!;

  const levels: LevelTime[] = machine.levels.map((level, i) => ({
    level: level.name,
    bytes: timing.levelBytes[i]!,
    bytesPerSecond: level.bytesPerSecond ?? null,
    seconds: Number.isNaN(timing.levelSeconds[i]!) ? null : timing.levelSeconds[i]!,
  }));
  const bound =
    timing.boundIndex === BOUND_COMPUTE
      ? "compute"
      : timing.boundIndex === BOUND_SHARED
        ? (machine.sharedLevel ?? "shared memory")
        : timing.boundIndex === BOUND_OVERHEAD
          ? "launch overhead"
          : machine.levels[timing.boundIndex]!.name;
  const boundKind =
    timing.boundIndex === BOUND_COMPUTE
      ? "compute"
      : timing.boundIndex === BOUND_OVERHEAD
        ? "overhead"
        : "memory";
  const attainable = flops / timing.seconds;
  const perUnit = Math.ceil(tiles / (units ?? 1));
  const waveEfficiency = units === undefined ? 1 : tiles / (units * perUnit);

  const result: TiledGemmResult = {
    hw: machine.hw.id,
    problem: { ...problem },
    tile: { ...tile },
    tileText: notes.tileText,
    unit: machine.unit,
    precision: machine.dtype,
    flops,
    executedFlops,
    paddingEfficiency: flops / executedFlops,
    tilesM,
    tilesN,
    tiles,
    kSteps,
    globalBytes: global,
    dramBytes,
    compulsoryBytes: compulsory,
    ioLowerBound: {
      globalBytes: onChipPerUnit > 0 ? ioLowerBoundBytes(problem, onChipPerUnit, compulsory) : null,
      dramBytes:
        units !== undefined && onChipPerUnit + totalCache > 0
          ? ioLowerBoundBytes(problem, onChipPerUnit * units + totalCache, compulsory)
          : null,
    },
    reuse: lastCacheReuse(problem, tilesM, tilesN, footprint, machine, notes.machineNotes),
    sharedTrafficBytes: tiles * kSteps * footprint.sharedTrafficBytesPerKStep,
    footprint: {
      threadsPerWorkgroup: footprint.threads,
      subgroupsPerWorkgroup: footprint.subgroups,
      sharedBytesPerWorkgroup: footprint.sharedBytes,
      registersPerThread: footprint.registersPerThread,
      warpTile: { M: footprint.warpTileM, N: footprint.warpTileN },
      fits: true,
    },
    occupancy: {
      workgroupsPerUnit: resident,
      limitedBy: footprint.limitedBy,
      subgroupsPerUnit: resident * footprint.subgroups,
      issueUtilization: issueUtilization(resident, footprint, machine),
    },
    computeUnits: units ?? null,
    waves: units === undefined ? null : Math.ceil(tiles / (units * resident)),
    waveEfficiency,
    times: {
      computeSeconds: timing.computeSeconds,
      sharedSeconds: Number.isNaN(timing.sharedSeconds) ? null : timing.sharedSeconds,
      levels,
      launchOverheadSeconds,
      overlapped: timing.overlapped,
    },
    seconds: timing.seconds,
    bound,
    boundKind,
    attainableFlopsPerSecond: attainable,
    fractionOfPeak: attainable / machine.peakFlopsPerSecond,
    peakFlopsPerSecond: machine.peakFlopsPerSecond,
    reason: "",
    // A copy: the cached list is shared by every result for this tile.
    assumptions: notes.assumptions.slice(),
  };
  result.reason = explain(result, notes, timing.boundIndex);
  return result;
}

/** How the last device cache reuses A and B, or null when the spec lists no device cache. */
function lastCacheReuse(
  problem: GemmProblem,
  tilesM: number,
  tilesN: number,
  footprint: TileFootprint,
  machine: GemmMachine,
  notes: MachineNotes,
): TiledGemmResult["reuse"] {
  const lastCache = machine.levels[machine.levels.length - 2];
  if (!lastCache) return null;
  const units = machine.units;
  const resident = footprint.workgroupsPerUnit;
  const tiles = tilesM * tilesN;
  const concurrent = units === undefined ? resident : Math.min(tiles, units * resident);
  const reuse = cacheReuse(
    problem,
    { tilesM, tilesN },
    footprint.tile.BM,
    footprint.tile.BN,
    machine.elementBytes,
    lastCache.capacityBytes,
    Math.ceil(concurrent / lastCache.instances),
  );
  const ending = notes.reuseEnding[+reuse.aResident + 2 * +reuse.bResident]!;
  return {
    level: lastCache.name,
    concurrentTiles: reuse.concurrentTiles,
    groupTilesM: reuse.groupTilesM,
    groupTilesN: reuse.groupTilesN,
    aResident: reuse.aResident,
    bResident: reuse.bResident,
    assumption: `${reuse.concurrentTiles} concurrent tiles rasterized in ${reuse.groupTilesM}x${reuse.groupTilesN}${ending}`,
  };
}

/** How the reason formats quantities. */
const THREE_DIGITS = { digits: 3 } as const;

/**
 * What describing a result needs that depends on the machine alone. Specs are frozen and
 * machines cached per spec, so this is worked out once per machine.
 */
interface MachineNotes {
  /** Shared memory and registers of one unit, bytes (the I/O lower bound's fast memory). */
  onChipPerUnit: number;
  /** Capacity of every device cache together, bytes. */
  totalCache: number;
  /** Each level's bandwidth as the reason prints it, e.g. "2.04 TB/s" (undefined if unknown). */
  bandwidthText: (string | undefined)[];
  /** "% of the fp16 matrix peak". */
  peakText: string;
  /** The reuse assumption after its group shape, indexed by aResident + 2 bResident. */
  reuseEnding: readonly string[];
}

/** What describing a result needs that depends on the machine and the tile, not the problem. */
interface TileNotes {
  /** The machine these notes were worked out for (a footprint belongs to one). */
  machine: GemmMachine;
  machineNotes: MachineNotes;
  tileText: string;
  assumptions: readonly string[];
  /** The fixed stretches of the reason's wave clause; undefined when the unit count is unknown. */
  waveText: WaveText | undefined;
}

/**
 * "64 tiles on 108 SMs (1 wave of 216, wave efficiency 0.59, 2 resident per unit, limited by
 * registers)" is the tile count, `onUnits`, the wave count, `waveOf` or `wavesOf`, the wave
 * efficiency and `occupancy`: few pieces to join per call.
 */
interface WaveText {
  /** " tiles on 108 SMs (". */
  onUnits: string;
  /** " wave of 216, wave efficiency ". */
  waveOf: string;
  /** " waves of 216, wave efficiency ". */
  wavesOf: string;
  /** ", 2 resident per unit, limited by registers)". */
  occupancy: string;
}

const machineNotesCache = new KeyedCache<GemmMachine, MachineNotes>();
const tileNotesCache = new WeakMap<TileFootprint, TileNotes>();

function tileNotes(footprint: TileFootprint, machine: GemmMachine): TileNotes {
  const cached = tileNotesCache.get(footprint);
  if (cached?.machine === machine) return cached;
  const notes: TileNotes = {
    machine,
    machineNotes: machineNotesCache.get(machine, "", () => machineNotes(machine)),
    tileText: formatTile(footprint.tile),
    assumptions: assumptionsFor(machine, footprint),
    waveText: waveText(footprint, machine),
  };
  tileNotesCache.set(footprint, notes);
  return notes;
}

function waveText(footprint: TileFootprint, machine: GemmMachine): WaveText | undefined {
  const units = machine.units;
  if (units === undefined) return undefined;
  const resident = footprint.workgroupsPerUnit;
  const waveSize = `of ${units * resident}, wave efficiency `;
  return {
    onUnits: ` tiles on ${units} ${machine.hw.computeUnits?.name ?? "unit"}s (`,
    waveOf: ` wave ${waveSize}`,
    wavesOf: ` waves ${waveSize}`,
    occupancy: `, ${resident} resident per unit, limited by ${footprint.limitedBy})`,
  };
}

function machineNotes(machine: GemmMachine): MachineNotes {
  const lastCache = machine.levels[machine.levels.length - 2];
  return {
    onChipPerUnit:
      (machine.limits.sharedBytesPerUnit ?? machine.limits.sharedBytesPerWorkgroup ?? 0) +
      4 * (machine.limits.registersPerUnit ?? 0),
    totalCache: machine.levels.reduce(
      (sum, level) =>
        sum + (level.isDeviceMemory ? 0 : (level.capacityBytes ?? 0) * level.instances),
      0,
    ),
    bandwidthText: machine.levels.map((level) =>
      level.bytesPerSecond === undefined
        ? undefined
        : formatQuantity(level.bytesPerSecond, "bytesPerSecond", THREE_DIGITS),
    ),
    peakText: `% of the ${machine.dtype} ${machine.unit} peak`,
    reuseEnding: lastCache ? reuseEnding(lastCache.name) : [],
  };
}

function reuseEnding(level: string): string[] {
  const share = `${RESIDENT_FRACTION * 100}% of ${level}`;
  return [
    `neither operand fits in ${share}`,
    `A fits in ${share} and is read once`,
    `B fits in ${share} and is read once`,
    `A and B fit in ${share} and are read once`,
  ].map(
    (resident) =>
      ` groups share A and B panels in ${level}; ${resident}; nothing else survives between waves`,
  );
}

const assumptionLists = new KeyedCache<GemmMachine, readonly string[]>();

/** What the model assumed for this machine and tile; the same few lists recur, so they are shared. */
function assumptionsFor(machine: GemmMachine, footprint: TileFootprint): readonly string[] {
  const overlapped = (footprint.tile.stages ?? 1) >= 2 || footprint.workgroupsPerUnit >= 2;
  const key = `${overlapped}/${footprint.limitedBy === "unknown"}`;
  return assumptionLists.get(machine, key, () => listAssumptions(machine, footprint));
}

function listAssumptions(machine: GemmMachine, footprint: TileFootprint): string[] {
  const assumptions = [
    "loads at ragged edges are predicated (no padding traffic); padded tiles still compute whole BM x BN x BK steps",
    "the busiest unit runs ceil(tiles / units) tiles; resident workgroups share its peak",
    (footprint.tile.stages ?? 1) >= 2 || footprint.workgroupsPerUnit >= 2
      ? "loads overlap compute (multistage pipeline or several resident workgroups): time is the slowest roof"
      : "one stage and one resident workgroup: loads and compute serialize",
    "peaks and bandwidths are the spec's, with no efficiency factor",
  ];
  if (machine.units === undefined) {
    assumptions.push(
      "compute-unit count unknown: the device is one unit with the aggregate peak (no wave quantization), and tiles share caches one at a time",
    );
  }
  if (footprint.limitedBy === "unknown") {
    assumptions.push("no per-unit limits in the spec: one resident workgroup per unit");
  }
  if (machine.schedulers === undefined) {
    assumptions.push(
      "no scheduler count in the spec: any resident workgroup keeps a unit's pipes busy",
    );
  }
  if (machine.sharedBytesPerSecondPerUnit === undefined) {
    assumptions.push("no shared-memory bandwidth in the spec: its roof is skipped");
  }
  for (const level of machine.levels) {
    if (level.bytesPerSecond === undefined)
      assumptions.push(`no bandwidth for ${level.name} in the spec: its roof is skipped`);
  }
  return assumptions;
}

function time(seconds: number): string {
  return formatQuantity(seconds, "seconds", THREE_DIGITS);
}

/** The reason: what binds and why. `boundIndex` is the timing's (a level's index when >= 0). */
function explain(result: TiledGemmResult, notes: TileNotes, boundIndex: number): string {
  const wave = notes.waveText;
  const spread =
    wave === undefined
      ? `${result.tiles} tiles`
      : `${result.tiles}${wave.onUnits}${result.waves}${result.waves === 1 ? wave.waveOf : wave.wavesOf}${formatFixed(result.waveEfficiency, 2)}${wave.occupancy}`;
  const peak = formatFixed(result.fractionOfPeak * 100, 0) + notes.machineNotes.peakText;
  if (result.boundKind === "compute") {
    return `compute-bound: ${spread} take ${time(result.times.computeSeconds)}; ${peak}`;
  }
  if (result.boundKind === "overhead") {
    return `launch overhead (${time(result.times.launchOverheadSeconds)}) exceeds the kernel's own ${time(result.seconds - result.times.launchOverheadSeconds)}; ${peak}`;
  }
  // Memory-bound on a device level, or else on shared memory.
  const level = boundIndex >= 0 ? result.times.levels[boundIndex] : undefined;
  const traffic = level
    ? `${formatQuantity(level.bytes, "bytes", THREE_DIGITS)} (${formatFixed(level.bytes / result.compulsoryBytes, 2)}x compulsory) at ${notes.machineNotes.bandwidthText[boundIndex]}`
    : `${formatQuantity(result.sharedTrafficBytes, "bytes", THREE_DIGITS)} of operand traffic`;
  return `memory-bound on ${result.bound}: ${traffic} take ${time(level?.seconds ?? result.times.sharedSeconds!)}, vs ${time(result.times.computeSeconds)} of compute for ${spread}; ${peak}`;
}
