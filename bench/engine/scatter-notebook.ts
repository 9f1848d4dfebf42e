// The benchmark's notebook and its no-engine baseline: the same data and the same plot.

/** Points from a seeded generator, so both pages draw identical data. */
export const POINTS_SOURCE = `function scatter(seed, count) {
  let state = seed >>> 0;
  const next = () => ((state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
  return Array.from({length: count}, () => ({x: next(), y: next()}));
}`;

/** An SVG dot per point, or one canvas drawn with them all (the rendering choice for big clouds). */
export const PLOT_SOURCE = {
  svg: `(points) => Plot.dot(points, {x: "x", y: "y", r: 1.5}).plot({width: 800, height: 500})`,
  canvas: `(points) => {
    const canvas = document.createElement("canvas");
    canvas.width = 800; canvas.height = 500;
    const context = canvas.getContext("2d");
    context.fillStyle = "steelblue";
    for (const {x, y} of points) context.fillRect(x * 800, y * 500, 2, 2);
    return canvas;
  }`,
};

export function scatterNotebook(count: number, mode: "svg" | "canvas"): string {
  return `# Scatter

\`\`\`js
const seed = view(Inputs.range([1, 1000], {value: 1, step: 1}));
\`\`\`

\`\`\`js
${POINTS_SOURCE}
\`\`\`

\`\`\`js
const points = scatter(seed, ${count});
\`\`\`

\`\`\`js
const draw = ${PLOT_SOURCE[mode]};
\`\`\`

\`\`\`js
draw(points)
\`\`\`
`;
}

/** The baseline: @observablehq/runtime and Plot wired by hand, as a page without the engine would. */
export function baselinePage(count: number, mode: "svg" | "canvas"): { html: string; js: string } {
  return {
    html: `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>
<main id="notebook"><div id="input"></div><div id="plot"></div></main>
<script type="module" src="./baseline.js"></script></body></html>`,
    js: `import {Runtime} from "@observablehq/runtime";
import * as Plot from "@observablehq/plot";
import * as Inputs from "@observablehq/inputs";
${POINTS_SOURCE}
const draw = ${PLOT_SOURCE[mode]};
const input = Inputs.range([1, 1000], {value: 1, step: 1});
document.getElementById("input").append(input);
function inputValues(element) {
  let resolve, latest = element.value, fresh = true;
  element.addEventListener("input", () => { latest = element.value; if (resolve) { resolve(latest); resolve = null; } else fresh = true; });
  return {next: () => ({done: false, value: fresh ? (fresh = false, Promise.resolve(latest)) : new Promise((r) => (resolve = r))}), return: () => ({done: true}), [Symbol.iterator]() { return this; }};
}
const plot = document.getElementById("plot");
const module = new Runtime().module();
module.define("seed", [], () => inputValues(input));
module.define("points", ["seed"], (seed) => scatter(seed, ${count}));
module.variable({fulfilled: (node) => plot.replaceChildren(node)}).define("chart", ["points"], (points) => draw(points));
document.getElementById("notebook").dataset.ready = "true";
`,
  };
}
