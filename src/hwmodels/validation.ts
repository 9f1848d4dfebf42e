import type { z } from "zod";

/** One thing wrong with an input, at a field path such as `memory[2].bytesPerSecond`. */
export interface Issue {
  path: string;
  message: string;
}

/**
 * Bad input data: every issue found, each with the path of the field concerned. Thrown before
 * anything is applied, so a bad spec never half-applies.
 */
export class ValidationError extends Error {
  override name = "ValidationError";
  readonly subject: string;
  readonly issues: readonly Issue[];

  constructor(subject: string, issues: readonly Issue[]) {
    super(`${subject}:\n${issues.map((issue) => `  ${formatIssue(issue)}`).join("\n")}`);
    this.subject = subject;
    this.issues = issues;
  }
}

export function formatIssue({ path, message }: Issue): string {
  return path ? `${path}: ${message}` : message;
}

/** `["memory", 2, "bytesPerSecond"]` -> `memory[2].bytesPerSecond`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key))
      out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/**
 * Validates `data` against a zod schema and returns the parsed value, or throws one
 * ValidationError listing every bad field. `subject` names the input ("h100-sxm.json", say).
 */
export function parseOrThrow<Schema extends z.ZodType>(
  schema: Schema,
  data: unknown,
  subject: string,
): z.output<Schema> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new ValidationError(subject, result.error.issues.flatMap(toIssues));
}

/** One Issue per bad field; an unknown key is reported at its own path, not its parent's. */
function toIssues(issue: z.core.$ZodIssue): Issue[] {
  if (issue.code !== "unrecognized_keys") {
    return [{ path: formatPath(issue.path), message: issue.message }];
  }
  const message = issue.message.startsWith("Unrecognized key") ? "unknown field" : issue.message;
  return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message }));
}
