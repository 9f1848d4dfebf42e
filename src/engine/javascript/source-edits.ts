/** Replacements of [start, end) ranges in a source string, applied together. */
export class SourceEdits {
  private readonly edits: { start: number; end: number; text: string }[] = [];

  constructor(private readonly source: string) {}

  replace(start: number, end: number, text: string): this {
    this.edits.push({ start, end, text });
    return this;
  }

  toString(): string {
    let out = "";
    let position = 0;
    for (const edit of [...this.edits].sort((a, b) => a.start - b.start)) {
      out += this.source.slice(position, edit.start) + edit.text;
      position = edit.end;
    }
    return out + this.source.slice(position);
  }
}
