import type { ColumnTable } from "arquero";

/**
 * Whether a value is an arquero table, by shape rather than `instanceof`: a table made by a
 * notebook's own copy of arquero (or the page's lazily loaded one) is a different class.
 */
export function isTable(value: unknown): value is ColumnTable {
  const table = value as {
    numRows?: unknown;
    columnNames?: unknown;
    objects?: unknown;
    array?: unknown;
  } | null;
  return (
    typeof table?.numRows === "function" &&
    typeof table.columnNames === "function" &&
    typeof table.objects === "function" &&
    typeof table.array === "function"
  );
}
