import type { AnyNode, Node, Pattern, VariableDeclaration } from "acorn";

// Lexical scopes of a cell's syntax tree: which names each scope-creating node declares.
// Cells run in strict (module) code, so function declarations in blocks are block-scoped.

const cache = new WeakMap<Node, Set<string>>();

/** Names declared directly by a scope-creating node (empty for other nodes). */
export function declaredIn(node: Node): Set<string> {
  let names = cache.get(node);
  if (!names) {
    names = computeDeclared(node as AnyNode);
    cache.set(node, names);
  }
  return names;
}

/** Whether `name` is declared by any of the given ancestors (innermost last). */
export function isDeclared(name: string, ancestors: readonly Node[]): boolean {
  for (let i = ancestors.length - 1; i >= 0; i--)
    if (declaredIn(ancestors[i]!).has(name)) return true;
  return false;
}

function computeDeclared(node: AnyNode): Set<string> {
  const names = new Set<string>();
  switch (node.type) {
    case "Program":
      addBlock(node.body, names);
      addVars(node, names);
      break;
    case "FunctionDeclaration":
    case "FunctionExpression":
    case "ArrowFunctionExpression":
      for (const param of node.params) addPattern(param, names);
      if (node.type === "FunctionExpression" && node.id) names.add(node.id.name);
      if (node.type !== "ArrowFunctionExpression") names.add("arguments");
      addVars(node.body, names);
      break;
    case "BlockStatement":
    case "StaticBlock":
      addBlock(node.body, names);
      break;
    case "SwitchStatement":
      addBlock(
        node.cases.flatMap((c) => c.consequent),
        names,
      );
      break;
    case "ForStatement":
      if (node.init?.type === "VariableDeclaration") addDeclaration(node.init, names);
      break;
    case "ForInStatement":
    case "ForOfStatement":
      if (node.left.type === "VariableDeclaration") addDeclaration(node.left, names);
      break;
    case "CatchClause":
      if (node.param) addPattern(node.param, names);
      break;
    case "ClassDeclaration":
    case "ClassExpression":
      if (node.id) names.add(node.id.name);
      break;
  }
  return names;
}

/** Declarations that bind in the block that contains them. */
function addBlock(statements: readonly AnyNode[], names: Set<string>): void {
  for (const statement of statements) {
    switch (statement.type) {
      case "VariableDeclaration":
        addDeclaration(statement, names);
        break;
      case "FunctionDeclaration":
      case "ClassDeclaration":
        if (statement.id) names.add(statement.id.name);
        break;
      case "ImportDeclaration":
        for (const specifier of statement.specifiers) names.add(specifier.local.name);
        break;
    }
  }
}

function addDeclaration(declaration: VariableDeclaration, names: Set<string>): void {
  for (const declarator of declaration.declarations) addPattern(declarator.id, names);
}

/** `var` declarations hoist to the enclosing function; collect them without entering nested functions. */
function addVars(root: Node, names: Set<string>): void {
  const visit = (value: unknown): void => {
    if (!value || typeof value !== "object") return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const node = value as AnyNode;
    if (typeof node.type !== "string") return;
    if (node !== root && /Function/.test(node.type)) return;
    if (node.type === "VariableDeclaration" && node.kind === "var") addDeclaration(node, names);
    for (const [key, child] of Object.entries(node)) if (key !== "loc") visit(child);
  };
  visit(root);
}

/** Every name bound by a destructuring pattern. */
export function addPattern(pattern: Pattern, names: Set<string>): void {
  switch (pattern.type) {
    case "Identifier":
      names.add(pattern.name);
      break;
    case "ObjectPattern":
      for (const property of pattern.properties) {
        addPattern(property.type === "RestElement" ? property : property.value, names);
      }
      break;
    case "ArrayPattern":
      for (const element of pattern.elements) if (element) addPattern(element, names);
      break;
    case "RestElement":
      addPattern(pattern.argument, names);
      break;
    case "AssignmentPattern":
      addPattern(pattern.left, names);
      break;
  }
}
