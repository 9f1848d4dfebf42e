import type { PageNotebook } from "./client/page-notebook.ts";
import type { TranspiledNotebook } from "./transpile-notebook.ts";

/**
 * The JavaScript module a notebook page imports: `export const notebook = {...}` with each
 * cell's body as a real function, so the browser (and Vite) treat cell code as module code.
 */
export function notebookModule(
  notebook: TranspiledNotebook,
  sourceHash: string,
  extra: Record<string, unknown> = {},
): string {
  const { cells, ...rest } = notebook;
  const data: Omit<PageNotebook, "cells"> & Record<string, unknown> = {
    ...extra,
    path: rest.path,
    title: rest.title,
    sourceHash,
    params: rest.params,
    problems: rest.problems,
    blocks: rest.blocks,
  };
  const cellSources = cells.map(({ body, ...cell }) => {
    const json = JSON.stringify(cell);
    return body === undefined ? json : `${json.slice(0, -1)}, "body": ${body}}`;
  });
  return `export const notebook = {
  ...${JSON.stringify(data)},
  cells: [
${cellSources.map((source) => `    ${source}`).join(",\n")}
  ]
};
`;
}
