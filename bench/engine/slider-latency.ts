import type { Page } from "playwright-core";

// Runs in the page. Kept as text: tsx (esbuild) adds helper calls to functions it compiles,
// which do not exist in the page.
const MEASURE_IN_PAGE = `async (count) => {
  const input = document.querySelector('input[type="range"]');
  const main = document.querySelector("main");
  const latencies = [];
  const toDom = [];
  const nextPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const isPlot = (node) => node.nodeName === "svg" || node.nodeName === "CANVAS" || Boolean(node.querySelector && node.querySelector("svg, canvas"));
  for (let i = 0; i < count; i++) {
    const replaced = new Promise((resolve) => {
      const observer = new MutationObserver((records) => {
        if (!records.some((record) => Array.from(record.addedNodes).some(isPlot))) return;
        observer.disconnect();
        toDom.push(performance.now() - start);
        resolve();
      });
      observer.observe(main, { childList: true, subtree: true });
    });
    await nextPaint();
    const start = performance.now();
    input.value = String((i % 999) + 2);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await replaced;
    await nextPaint();
    latencies.push(performance.now() - start);
  }
  return { latencies, toDom };
}`;

/**
 * Moves the page's range input `changes` times. For each change: milliseconds from the input
 * event until the new plot is in the DOM (`toDom`), and until the frame after it has painted
 * (`latencies`; waiting for that frame adds up to one frame to every measurement alike).
 */
export async function sliderLatencies(
  page: Page,
  changes: number,
): Promise<{ latencies: number[]; toDom: number[] }> {
  return page.evaluate(`(${MEASURE_IN_PAGE})(${changes})`) as Promise<{
    latencies: number[];
    toDom: number[];
  }>;
}
