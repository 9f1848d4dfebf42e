import type { RunManifest } from "../node/manifest.ts";
import { escapeHtml } from "../vite/escape-html.ts";

/**
 * The report's "how this was made" panel: the key facts, the full manifest, and a link that
 * downloads it as JSON (a data: URL, so it works offline and from file://).
 */
export function manifestPanel(manifest: RunManifest, fileName: string): string {
  const json = JSON.stringify(manifest, null, 2);
  const facts: [string, string][] = [
    ["Notebook", `${manifest.notebook.path} (sha256 ${manifest.notebook.sha256.slice(0, 12)})`],
    [
      "Built with",
      `${manifest.package.name} ${manifest.package.version}, Node ${manifest.environment.node} on ${manifest.environment.platform}-${manifest.environment.arch}`,
    ],
    ["Run", `${manifest.startedAt} to ${manifest.endedAt}`],
    [
      "Parameters",
      Object.keys(manifest.parameters).length ? JSON.stringify(manifest.parameters) : "(none)",
    ],
  ];
  if (manifest.adapter) facts.splice(2, 0, ["GPU", describeAdapter(manifest.adapter)]);
  const rows = facts
    .map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join("");
  const href = `data:application/json;charset=utf-8,${encodeURIComponent(json)}`;
  return `<details class="cn-manifest">
<summary>Reproducibility: how this report was made</summary>
<dl>${rows}</dl>
<p><a download="${escapeHtml(fileName)}" href="${escapeHtml(href)}">Download the manifest (JSON)</a>. Re-run it with <code>codesign-notebook run ${escapeHtml(manifest.notebook.path)} --replay ${escapeHtml(fileName)}</code>.</p>
<pre>${escapeHtml(json)}</pre>
</details>
`;
}

function describeAdapter(adapter: Record<string, unknown>): string {
  return ["vendor", "architecture", "device", "description"]
    .map((key) => adapter[key])
    .filter((value) => typeof value === "string" && value)
    .join(", ");
}
