/**
 * A trace line that cannot be read. The message names the line (1-based, counting every line of
 * the input, comments included) and quotes its text, e.g.
 * `line 17: unknown op "x" in "x 0x1000 8" (expected r or w)`.
 */
export class TraceSyntaxError extends Error {
  override name = "TraceSyntaxError";

  constructor(
    readonly line: number,
    readonly text: string,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason} in ${JSON.stringify(shorten(text))}`);
  }
}

function shorten(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
