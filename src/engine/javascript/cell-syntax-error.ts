/** A cell that cannot be run as written, located by its line and column in the cell's source. */
export class CellSyntaxError extends Error {
  override name = "SyntaxError";
  /** 1-based line within the cell. */
  readonly line: number;
  readonly column: number | undefined;

  constructor(message: string, line: number, column?: number) {
    super(message);
    this.line = line;
    this.column = column;
  }
}

/** Acorn errors carry `loc`; their message ends in "(line:column)", which we report separately. */
export function fromAcornError(error: unknown, lineOffset = 0): CellSyntaxError {
  const { message, loc } = error as { message?: string; loc?: { line: number; column: number } };
  const text = String(message ?? error).replace(/ \(\d+:\d+\)$/, "");
  return new CellSyntaxError(text, (loc?.line ?? 1) + lineOffset, loc ? loc.column + 1 : undefined);
}
