import type { Node } from "acorn";

/** Whether a cell awaits at its top level (outside nested functions), making it async. */
export function hasTopLevelAwait(root: Node): boolean {
  const visit = (node: unknown): boolean => {
    if (!node || typeof node !== "object") return false;
    if (Array.isArray(node)) return node.some(visit);
    const n = node as Node & Record<string, unknown>;
    if (typeof n.type !== "string") return false;
    if (n.type === "AwaitExpression" || (n.type === "ForOfStatement" && n.await)) return true;
    if (n !== root && /Function/.test(n.type)) return false;
    for (const key in n) if (key !== "loc" && visit(n[key])) return true;
    return false;
  };
  return visit(root);
}
