/**
 * Settles like `promise`, or rejects with `signal.reason` as soon as `signal` aborts. The work
 * behind `promise` is not stopped (a submitted GPU pass runs to its end); the caller stops
 * waiting for it and cleans up.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  // The abandoned promise may still reject later (a destroyed buffer's mapAsync, say).
  promise.catch(() => {});
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
