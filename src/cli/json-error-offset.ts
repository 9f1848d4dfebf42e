/**
 * The offset of the first syntax error in `text`, for error messages: Node 20's JSON.parse does
 * not always say where it failed. A small recursive-descent scan of the JSON grammar; returns
 * undefined when the text is valid JSON.
 */
export function jsonErrorOffset(text: string): number | undefined {
  const scanner = new JsonScanner(text);
  try {
    scanner.value();
    scanner.space();
    return scanner.at < text.length ? scanner.at : undefined;
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error.offset;
    throw error;
  }
}

class JsonSyntaxError extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at ${offset}`);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

class JsonScanner {
  at = 0;
  constructor(private readonly text: string) {}

  fail(): never {
    throw new JsonSyntaxError(this.at);
  }

  expect(char: string): void {
    if (this.text[this.at] !== char) this.fail();
    this.at++;
  }

  space(): void {
    while (this.at < this.text.length && " \t\n\r".includes(this.text[this.at]!)) this.at++;
  }

  value(): void {
    this.space();
    const char = this.text[this.at];
    if (char === "{") this.object();
    else if (char === "[") this.array();
    else if (char === '"') this.string();
    else if (char === "t") this.literal("true");
    else if (char === "f") this.literal("false");
    else if (char === "n") this.literal("null");
    else this.number();
  }

  object(): void {
    this.items("}", () => {
      if (this.text[this.at] !== '"') this.fail();
      this.string();
      this.space();
      this.expect(":");
      this.value();
    });
  }

  array(): void {
    this.items("]", () => this.value());
  }

  /** `open item (, item)* close`, the opening bracket at the cursor. */
  items(close: string, item: () => void): void {
    this.at++;
    this.space();
    if (this.text[this.at] === close) {
      this.at++;
      return;
    }
    for (;;) {
      this.space();
      item();
      this.space();
      if (this.text[this.at] === close) {
        this.at++;
        return;
      }
      this.expect(",");
    }
  }

  string(): void {
    this.at++;
    while (this.text[this.at] !== '"') {
      if (this.at >= this.text.length || this.text.charCodeAt(this.at) < 0x20) this.fail();
      if (this.text[this.at] === "\\") {
        this.at++;
        if (this.text[this.at] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 1, this.at + 5))) this.fail();
          this.at += 4;
        } else if (!ESCAPES.has(this.text[this.at] ?? "")) {
          this.fail();
        }
      }
      this.at++;
    }
    this.at++;
  }

  literal(word: string): void {
    for (const char of word) this.expect(char);
  }

  number(): void {
    NUMBER.lastIndex = this.at;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail();
    this.at += match[0].length;
  }
}
