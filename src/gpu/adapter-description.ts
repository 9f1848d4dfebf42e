/** Which adapter ran a measurement: every result carries one of these. */
export interface AdapterDescription {
  /** e.g. `nvidia`, `google` (SwiftShader). Empty when the browser withholds it. */
  vendor: string;
  /** e.g. `hopper`, `swiftshader`. */
  architecture: string;
  /** e.g. `swiftshader-device-subzero-`; often empty in browsers. */
  device: string;
  /** Driver description, e.g. `SwiftShader driver 5.0.0`; often empty in browsers. */
  description: string;
  /** True for software adapters such as SwiftShader: timings say nothing about a GPU. */
  isFallbackAdapter: boolean;
  /** Where WebGPU came from: `navigator.gpu` in a browser, or Dawn (the `webgpu` package). */
  runtime: "browser" | "node";
  /** One line naming all of the above, for tables and logs. */
  name: string;
}

/**
 * Copies an adapter's info into plain data. `GPUAdapterInfo` fields are prototype getters, so
 * spreading or `JSON.stringify` would give `{}`.
 */
export function describeAdapter(
  adapter: GPUAdapter,
  runtime: AdapterDescription["runtime"],
): AdapterDescription {
  const info = adapter.info;
  const vendor = info?.vendor ?? "";
  const architecture = info?.architecture ?? "";
  const device = info?.device ?? "";
  const description = info?.description ?? "";
  // `isFallbackAdapter` moved from the adapter to its info; read whichever this runtime has.
  const fallback =
    (info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter ??
    (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter ??
    false;
  const who = [vendor, architecture].filter(Boolean).join(" ") || "unknown adapter";
  const details = [description || device, fallback ? "software fallback" : ""].filter(Boolean);
  const via = runtime === "node" ? "Dawn in Node" : "browser WebGPU";
  const name = `${who}${details.length ? ` (${details.join(", ")})` : ""} via ${via}`;
  return { vendor, architecture, device, description, isFallbackAdapter: fallback, runtime, name };
}
