import type { Observer } from "@observablehq/runtime";
import { type InputElement, input } from "../stdlib/generators/input.ts";
import type { CellFailure, CellOutput } from "./cell-output.ts";
import { describeError } from "./describe-error.ts";
import type { RunnableCell } from "./runnable-cell.ts";

/** What one run of a cell gets for its per-run names. */
export interface RunScope {
  display(value: unknown): unknown;
  view(element: InputElement): ReturnType<typeof input>;
}

/** Aborts when the cell's run is invalidated (re-run or removed): pass it to fetch or GPU work. */
export class CellInvalidatedError extends Error {
  override name = "AbortError";
  constructor() {
    super("the cell re-ran or was removed before this work finished");
  }
}

/**
 * The run state of one cell: which run is current (so a stale run's display() is dropped and
 * its result never replaces a newer one), whether the run displayed anything itself, and the
 * errors of the cell and of each name it declares.
 */
export class CellRunner {
  /** Whether the cell has produced a value or an error since it was defined. */
  settled = false;
  private version = 0;
  private displayedThisRun = false;
  private readonly failures = new Map<string, CellFailure>();

  constructor(
    readonly cell: RunnableCell,
    private readonly output: CellOutput,
    private readonly location: string,
  ) {}

  /** Starts a run: the per-run values for the body's leading parameters, in order. */
  startRun(invalidation: Promise<unknown> | undefined): unknown[] {
    const version = ++this.version;
    this.displayedThisRun = false;
    const scope: RunScope = {
      display: (value) => {
        if (version !== this.version) return value;
        if (!this.displayedThisRun) this.output.clear();
        this.displayedThisRun = true;
        this.output.display(value);
        return value;
      },
      view: (element) => {
        scope.display(element);
        return input(element);
      },
    };
    return this.cell.perRun.map((name) => {
      if (name === "signal") return abortSignalFor(invalidation);
      return scope[name];
    });
  }

  readonly cellObserver: Observer = {
    pending: () => this.output.pending(),
    fulfilled: (value) => {
      this.settled = true;
      this.setFailure("", undefined);
      if (this.displayedThisRun) return;
      this.output.clear();
      if (this.cell.expression && value !== undefined) this.output.display(value);
    },
    rejected: (error) => {
      this.settled = true;
      this.output.clear();
      this.setFailure("", describeError(error, this.location));
    },
  };

  /** Reports the cell as failed without a run finishing (a headless run that timed out). */
  fail(message: string): void {
    this.setFailure("", { message, location: this.location });
  }

  outputObserver(name: string): Observer {
    return {
      fulfilled: (value) => {
        this.setFailure(name, undefined);
        this.output.named?.(name, { value });
      },
      rejected: (error) => {
        const failure = describeError(error, this.location);
        this.setFailure(name, failure);
        this.output.named?.(name, { error: failure });
      },
    };
  }

  /**
   * Errors keyed by source ("" for the cell itself, else a declared name). A failing cell makes
   * all its names fail with the same error, so then only the cell's own shows; otherwise each
   * distinct error of its names does ("x is defined more than once").
   */
  private setFailure(source: string, failure: CellFailure | undefined): void {
    if (failure) this.failures.set(source, failure);
    else if (!this.failures.delete(source)) return;
    const own = this.failures.get("");
    const seen = new Set<string>();
    const distinct = own
      ? [own]
      : [...this.failures.values()].filter((f) => !seen.has(f.message) && seen.add(f.message));
    this.output.failures(distinct);
  }
}

function abortSignalFor(invalidation: Promise<unknown> | undefined): AbortSignal {
  const controller = new AbortController();
  invalidation?.then(() => controller.abort(new CellInvalidatedError()));
  return controller.signal;
}
