import { createHash } from "node:crypto";

/**
 * Content-hash ids: a cell keeps its id while only other cells change, which is what lets hot
 * reload redefine just the edited cells. Identical sources get `-2`, `-3`, ... in order.
 */
export class ContentIds {
  private readonly seen = new Map<string, number>();

  next(...parts: string[]): string {
    const hash = createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 12);
    const count = (this.seen.get(hash) ?? 0) + 1;
    this.seen.set(hash, count);
    return count === 1 ? hash : `${hash}-${count}`;
  }
}
