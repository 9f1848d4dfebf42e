/**
 * A mistake in how a command was called or in the input it was given (bad flag, unknown name,
 * malformed file). Printed as one clear message without a stack trace; exit status 2.
 */
export class UsageError extends Error {
  override name = "UsageError";
}
