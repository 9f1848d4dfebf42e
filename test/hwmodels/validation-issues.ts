import { expect } from "vitest";
import { formatIssue, ValidationError } from "../../src/hwmodels/validation.ts";

/** Runs `run`, expects a ValidationError, and returns its issues as "path: message" lines. */
export function validationIssues(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues.map(formatIssue);
  }
  throw new Error("expected a ValidationError");
}
