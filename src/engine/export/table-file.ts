import * as aq from "arquero";
import type { Exportable } from "./exportable.ts";

export type TableFormat = "csv" | "json" | "arrow";

/** The arquero table behind a table-like export. */
export function tableOf(item: Extract<Exportable, { kind: "table" | "rows" }>): aq.ColumnTable {
  return item.kind === "table" ? item.table : aq.from(item.rows);
}

/** A table in one of the export formats: text for CSV and JSON, bytes for Arrow IPC. */
export function tableFile(table: aq.ColumnTable, format: TableFormat): string | Uint8Array {
  switch (format) {
    case "csv":
      return aq.toCSV(table);
    case "json":
      return `${JSON.stringify(table.objects(), null, 1)}\n`;
    case "arrow":
      return aq.toArrowIPC(table);
  }
}
