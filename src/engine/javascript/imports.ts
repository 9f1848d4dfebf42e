import type { ImportDeclaration, ImportExpression, Literal, Node, Program } from "acorn";
import { simple } from "acorn-walk";
import type { SourceEdits } from "./source-edits.ts";

/**
 * Where an import specifier leads. `url` is what the emitted `import()` loads; `error` explains
 * why there is none (a missing module), and the cell fails with it when it runs.
 */
export type ImportResolution = { url: string } | { error: string };
export type ImportResolver = (specifier: string) => ImportResolution;

/**
 * Rewrites static imports into dynamic ones, `import {a, b as c} from "m"` ->
 * `const {a, b: c} = await import("m")`, so that each cell loads its modules itself and a
 * missing module fails only the cells that import it. Literal `import("m")` calls are resolved too.
 * Returns the specifiers as written.
 */
export function rewriteImports(root: Node, edits: SourceEdits, resolve: ImportResolver): string[] {
  const specifiers: string[] = [];
  const load = (source: Literal, attributes: string) => {
    const specifier = String(source.value);
    specifiers.push(specifier);
    const resolution = resolve(specifier);
    if ("error" in resolution)
      return `(() => { throw new Error(${JSON.stringify(resolution.error)}); })()`;
    return `import(${JSON.stringify(resolution.url)}${attributes})`;
  };

  if (root.type === "Program") {
    for (const statement of (root as Program).body) {
      if (statement.type !== "ImportDeclaration") continue;
      const declaration = statement as ImportDeclaration;
      const call = `await ${load(declaration.source as Literal, importAttributes(declaration))}`;
      edits.replace(declaration.start, declaration.end, bindImport(declaration, call));
    }
  }
  simple(root, {
    ImportExpression(node) {
      const expression = node as ImportExpression;
      if (
        expression.source.type === "Literal" &&
        typeof (expression.source as Literal).value === "string"
      ) {
        const source = expression.source as Literal;
        const resolution = resolve(String(source.value));
        specifiers.push(String(source.value));
        // A missing module fails when the import() runs, with the module loader's own message.
        if ("url" in resolution)
          edits.replace(source.start, source.end, JSON.stringify(resolution.url));
      }
    },
  });
  return specifiers;
}

function bindImport(declaration: ImportDeclaration, call: string): string {
  const names: string[] = [];
  let namespace: string | undefined;
  for (const specifier of declaration.specifiers) {
    if (specifier.type === "ImportNamespaceSpecifier") namespace = specifier.local.name;
    else if (specifier.type === "ImportDefaultSpecifier")
      names.push(`default: ${specifier.local.name}`);
    else {
      const imported =
        specifier.imported.type === "Identifier"
          ? specifier.imported.name
          : JSON.stringify(specifier.imported.value);
      names.push(
        imported === specifier.local.name ? imported : `${imported}: ${specifier.local.name}`,
      );
    }
  }
  if (namespace)
    return `const ${namespace} = ${call};${names.length ? ` const {${names.join(", ")}} = ${namespace};` : ""}`;
  if (names.length) return `const {${names.join(", ")}} = ${call};`;
  return `${call};`;
}

function importAttributes(declaration: ImportDeclaration): string {
  const attributes = declaration.attributes ?? [];
  if (attributes.length === 0) return "";
  const entries = attributes.map((attribute) => {
    const key =
      attribute.key.type === "Identifier"
        ? attribute.key.name
        : String((attribute.key as Literal).value);
    return `${JSON.stringify(key)}: ${JSON.stringify(String((attribute.value as Literal).value))}`;
  });
  return `, {with: {${entries.join(", ")}}}`;
}
