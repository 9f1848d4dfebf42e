/** An error shown in a cell: its message and where it came from (`path:line[:column]`). */
export interface CellFailure {
  message: string;
  location: string;
}

/**
 * What a host does with a cell's results. The browser renders DOM; the headless host collects
 * JSON. The engine decides what to show when; the host only shows it.
 */
export interface CellOutput {
  /** A run started; keep showing the previous output until it is replaced. */
  pending(): void;
  /** Remove what the cell shows; later display() calls append. */
  clear(): void;
  display(value: unknown): void;
  /** The cell's current errors, shown instead of its output; empty when it has none. */
  failures(failures: readonly CellFailure[]): void;
  /** The latest value, or error, of one of the cell's top-level names. */
  named?(name: string, result: { value: unknown } | { error: CellFailure }): void;
}
