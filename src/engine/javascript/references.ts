import type { Identifier, Node } from "acorn";
import { type AncestorVisitors, ancestor } from "acorn-walk";
import { isDeclared } from "./scope.ts";

export interface Assignment {
  name: string;
  /** 1-based line and column within the cell. */
  line: number;
  column: number;
}

export interface References {
  /** Names the cell uses but does not declare, in order of first use. */
  free: string[];
  /** Assignments to names the cell does not declare (another cell's, or a global). */
  externalAssignments: Assignment[];
}

const PATTERN_CONTAINERS = new Set([
  "ObjectPattern",
  "ArrayPattern",
  "RestElement",
  "AssignmentPattern",
  "Property",
]);
const DECLARING_OWNERS = new Set([
  "VariableDeclarator",
  "FunctionDeclaration",
  "FunctionExpression",
  "ArrowFunctionExpression",
  "CatchClause",
  "ClassDeclaration",
  "ClassExpression",
]);

/** Scope analysis of a cell: the names it reads from outside, and any it assigns outside. */
export function findReferences(root: Node, globals: ReadonlySet<string>): References {
  const free = new Set<string>();
  const externalAssignments: Assignment[] = [];

  const assign = (node: Identifier, ancestors: Node[]) => {
    if (!isDeclared(node.name, ancestors)) {
      externalAssignments.push({
        name: node.name,
        line: node.loc!.start.line,
        column: node.loc!.start.column + 1,
      });
    }
  };

  // acorn-walk calls VariablePattern for identifiers in binding positions; its types omit it.
  const visitors = {
    Identifier(node: Node, _state: unknown, ancestors: Node[]) {
      const identifier = node as Identifier;
      const parent = ancestors[ancestors.length - 2];
      if (parent?.type === "UpdateExpression") return assign(identifier, ancestors);
      // acorn-walk visits a bare `for (x of xs)` target as an expression, not a pattern.
      const loop = parent as { type: string; left?: Node } | undefined;
      if (
        (loop?.type === "ForOfStatement" || loop?.type === "ForInStatement") &&
        loop.left === node
      ) {
        return assign(identifier, ancestors);
      }
      if (!globals.has(identifier.name) && !isDeclared(identifier.name, ancestors))
        free.add(identifier.name);
    },
    VariablePattern(node: Node, _state: unknown, ancestors: Node[]) {
      // Identifiers in binding positions: a declaration (const x, f(x), catch (x)) or the
      // target of an assignment (x = 1, [x] = a, for (x of xs)).
      const identifier = node as Identifier;
      let i = ancestors.length - 2;
      while (i >= 0 && PATTERN_CONTAINERS.has(ancestors[i]!.type)) i--;
      const owner = ancestors[i];
      if (owner && !DECLARING_OWNERS.has(owner.type)) assign(identifier, ancestors);
    },
  };
  ancestor(root, visitors as AncestorVisitors<unknown>);

  return { free: [...free], externalAssignments };
}
