// Prints the tiled GEMM model's predictions against LLMCompass's measured A100 GEMM times:
//   npx tsx scripts/gemm-vs-llmcompass.ts
import {
  compareWithLlmcompass,
  LLMCOMPASS_A100_HOST_OVERHEAD_SECONDS,
  meanAbsoluteError,
} from "../test/hwmodels/llmcompass-a100.ts";

const rows = compareWithLlmcompass();
const pad = (text: string, width: number) => text.padStart(width);
console.log(
  `host overhead added to every prediction: ${LLMCOMPASS_A100_HOST_OVERHEAD_SECONDS * 1e6} us (LLMCompass's own constant)`,
);
console.log(
  ["M", "N", "K", "measured ms", "model ms", "error", "roofline ms", "best tile", "bound"].join(
    " | ",
  ),
);
for (const row of rows) {
  console.log(
    [
      pad(String(row.M), 5),
      pad(String(row.N), 5),
      pad(String(row.K), 5),
      pad((row.measuredSeconds * 1e3).toFixed(4), 8),
      pad((row.predictedSeconds * 1e3).toFixed(4), 8),
      pad(`${(row.error * 100).toFixed(1)}%`, 6),
      pad((row.rooflineSeconds * 1e3).toFixed(4), 8),
      row.bestTile,
      row.bound,
    ].join(" | "),
  );
}
const square = rows.filter((row) => row.M >= 1024 && row.N >= 1024 && row.K >= 1024);
const skinny = rows.filter((row) => !square.includes(row));
console.log(`MAPE all ${rows.length}: ${(meanAbsoluteError(rows) * 100).toFixed(1)}%`);
console.log(
  `MAPE square-ish (all dims >= 1024), ${square.length}: ${(meanAbsoluteError(square) * 100).toFixed(1)}%`,
);
console.log(
  `MAPE skinny (a dim < 1024), ${skinny.length}: ${(meanAbsoluteError(skinny) * 100).toFixed(1)}%`,
);
