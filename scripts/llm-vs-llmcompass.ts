// Prints the LLM model's operator times against LLMCompass's A100 measurements of a GPT-3
// layer (prefill and one decode step), as the Markdown table in docs/llm-inference.md:
//   npx tsx scripts/llm-vs-llmcompass.ts
import {
  compareWithLlmcompassTransformer,
  LLMCOMPASS_A100_OVERHEADS,
  meanAbsolute,
} from "../test/hwmodels/llm/llmcompass-transformer.ts";

const ms = (seconds: number) => (seconds * 1e3).toFixed(4);
const percent = (fraction: number) =>
  `${fraction < 0 ? "−" : "+"}${Math.abs(fraction * 100).toFixed(1)}%`;
console.log(
  `LLMCompass A100 overheads per kernel (s): ${JSON.stringify(LLMCOMPASS_A100_OVERHEADS)}\n`,
);
for (const phase of ["prefill", "decode"] as const) {
  const rows = compareWithLlmcompassTransformer(phase);
  console.log(`### ${phase}\n`);
  console.log(
    "| measured | operator | measured ms | roofline ms | error | + overhead ms | error | bound |",
  );
  console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const row of rows) {
    console.log(
      `| ${row.measured} | ${row.operator} | ${ms(row.measuredSeconds)} | ${ms(row.rooflineSeconds)} | ${percent(row.rooflineError)} | ${ms(row.predictedSeconds)} | ${percent(row.error)} | ${row.bound} |`,
    );
  }
  const roofline = meanAbsolute(rows.map((row) => row.rooflineError));
  const withOverhead = meanAbsolute(rows.map((row) => row.error));
  console.log(
    `\nMean absolute error: roofline ${(roofline * 100).toFixed(1)}%, with overhead ${(withOverhead * 100).toFixed(1)}%\n`,
  );
}
