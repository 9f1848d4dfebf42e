import type { HardwareSpec } from "./hardware-spec.ts";
import type { Issue } from "./validation.ts";

/**
 * The numeric facts a spec states, each named by a path with memory levels addressed by name
 * (`memory.HBM3.bytesPerSecond`), so that `sources[].covers` can say which source states which
 * fact and a test can check that every number in a preset is cited.
 */
export function specFacts(spec: HardwareSpec): string[] {
  const facts: string[] = [];
  const addNumbers = (prefix: string, record: object | undefined) => {
    if (!record) return;
    for (const [key, value] of Object.entries(record)) {
      if (typeof value === "number") facts.push(`${prefix}.${key}`);
    }
  };
  addNumbers("clock", spec.clock);
  for (const name of Object.keys(spec.clock?.domainsHz ?? {}))
    facts.push(`clock.domainsHz.${name}`);
  addNumbers("computeUnits", spec.computeUnits);
  addNumbers("limits", spec.limits);
  for (const unit of ["matrix", "vector"] as const) {
    for (const [precision, throughput] of Object.entries(spec.compute[unit] ?? {})) {
      addNumbers(`compute.${unit}.${precision}`, throughput);
    }
  }
  for (const level of spec.memory) addNumbers(`memory.${level.name}`, level);
  return facts;
}

/** Whether a `covers` pattern ("compute.matrix", "memory.*.bytes", "*") names `fact`. */
export function coversFact(pattern: string, fact: string): boolean {
  const wanted = pattern.split(".");
  const parts = fact.split(".");
  if (wanted.length > parts.length) return false;
  return wanted.every((segment, i) => segment === "*" || segment === parts[i]);
}

/** Facts no source covers; empty for a fully cited spec. */
export function uncitedFacts(spec: HardwareSpec): string[] {
  const patterns = spec.sources.flatMap((source) => source.covers);
  return specFacts(spec).filter((fact) => !patterns.some((pattern) => coversFact(pattern, fact)));
}

/** Facts each source covers, by source id: which document a number came from. */
export function factSources(spec: HardwareSpec): Map<string, string[]> {
  const bySource = new Map<string, string[]>();
  const facts = specFacts(spec);
  for (const source of spec.sources) {
    bySource.set(
      source.id,
      facts.filter((fact) => source.covers.some((pattern) => coversFact(pattern, fact))),
    );
  }
  return bySource;
}

/** `covers` patterns that name no fact of the spec (a typo, or a fact since removed). */
export function danglingCoverIssues(spec: HardwareSpec): Issue[] {
  const facts = specFacts(spec);
  const issues: Issue[] = [];
  spec.sources.forEach((source, i) => {
    source.covers.forEach((pattern, j) => {
      if (!facts.some((fact) => coversFact(pattern, fact))) {
        issues.push({
          path: `sources[${i}].covers[${j}]`,
          message: `"${pattern}" names no number in this spec`,
        });
      }
    });
  });
  return issues;
}
