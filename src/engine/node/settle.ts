import type { Variable } from "@observablehq/runtime";
import type { NotebookRuntime } from "../runtime/notebook-runtime.ts";

/**
 * Waits until every variable has settled and no computation is pending. A generator that keeps
 * yielding (`now`) would keep this going, so it stops after a bounded number of rounds.
 * Resolves false on timeout.
 */
export async function settle(
  notebook: NotebookRuntime,
  variables: Variable[],
  timeoutMs: number,
): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const rounds = (async () => {
    for (let round = 0; round < 50; round++) {
      await notebook.runtime._compute();
      const promises = variables.map((variable) => variable._promise);
      await Promise.allSettled(promises);
      await notebook.runtime._compute();
      if (variables.every((variable, i) => variable._promise === promises[i])) break;
    }
    return true as const;
  })();
  try {
    return await Promise.race([rounds, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
