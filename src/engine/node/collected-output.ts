import type { CellFailure, CellOutput } from "../runtime/cell-output.ts";

/** The headless host's view of a cell: what it displayed last and its errors, kept as values. */
export class CollectedOutput implements CellOutput {
  displays: unknown[] = [];
  currentFailures: readonly CellFailure[] = [];

  constructor(private readonly named_: Map<string, { value: unknown } | { error: CellFailure }>) {}

  pending(): void {}

  clear(): void {
    this.displays = [];
  }

  display(value: unknown): void {
    this.displays.push(value);
  }

  failures(failures: readonly CellFailure[]): void {
    this.currentFailures = failures;
  }

  named(name: string, result: { value: unknown } | { error: CellFailure }): void {
    this.named_.set(name, result);
  }
}
