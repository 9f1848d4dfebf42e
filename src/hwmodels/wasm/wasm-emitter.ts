/**
 * A small emitter of WebAssembly binary modules, for code generated at run time (the cache
 * simulator's kernels) without a toolchain: LEB128 numbers, the sections a module of plain
 * functions over an imported memory needs, and the instructions our generators use, SIMD
 * included. Structured control flow takes named labels, so generated code never counts block
 * depths by hand.
 *
 * Format: WebAssembly Core Specification 2.0, chapter 5 "Binary Format"
 * (https://webassembly.github.io/spec/core/binary/index.html); SIMD opcodes from its section
 * 5.4.8 "Vector Instructions" (0xfd prefix, then the opcode as an unsigned LEB128).
 */

/** Value types (spec 5.3.3). */
export const valueType = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;
export type ValueType = (typeof valueType)[keyof typeof valueType];

/**
 * Opcodes of the instructions without immediates that the generators use, named as in the text
 * format. Instructions with immediates (constants, locals, memory, control) have methods on
 * CodeWriter.
 */
export const op = {
  unreachable: 0x00,
  drop: 0x1a,
  select: 0x1b,
  "i32.eqz": 0x45,
  "i32.eq": 0x46,
  "i32.ne": 0x47,
  "i32.lt_s": 0x48,
  "i32.lt_u": 0x49,
  "i32.gt_s": 0x4a,
  "i32.gt_u": 0x4b,
  "i32.le_s": 0x4c,
  "i32.le_u": 0x4d,
  "i32.ge_s": 0x4e,
  "i32.ge_u": 0x4f,
  "i64.eqz": 0x50,
  "i64.eq": 0x51,
  "i64.ne": 0x52,
  "i32.clz": 0x67,
  "i32.ctz": 0x68,
  "i32.add": 0x6a,
  "i32.sub": 0x6b,
  "i32.mul": 0x6c,
  "i32.and": 0x71,
  "i32.or": 0x72,
  "i32.xor": 0x73,
  "i32.shl": 0x74,
  "i32.shr_s": 0x75,
  "i32.shr_u": 0x76,
  "i64.add": 0x7c,
  "i64.sub": 0x7d,
  "i64.mul": 0x7e,
  "i64.and": 0x83,
  "i64.or": 0x84,
  "i64.shl": 0x86,
  "i64.shr_u": 0x88,
  "f64.add": 0xa0,
  "f64.mul": 0xa2,
  "i32.wrap_i64": 0xa7,
  "i64.trunc_f64_u": 0xb1,
  "i64.extend_i32_u": 0xad,
  "f64.convert_i32_u": 0xb8,
  "f64.convert_i64_u": 0xba,
} as const;

/** SIMD opcodes (after the 0xfd prefix) of the instructions without immediates we use. */
export const simdOp = {
  "i32x4.splat": 0x11,
  "i32x4.eq": 0x37,
  "v128.not": 0x4d,
  "v128.and": 0x4e,
  "v128.or": 0x50,
  "v128.any_true": 0x53,
  "i32x4.bitmask": 0xa4,
} as const;

/** Memory instructions: opcode and the natural alignment (log2 bytes) of what they move. */
const memoryOp = {
  "i32.load": [0x28, 2],
  "i64.load": [0x29, 3],
  "f64.load": [0x2b, 3],
  "i32.load8_u": [0x2d, 0],
  "i32.store": [0x36, 2],
  "i64.store": [0x37, 3],
  "f64.store": [0x39, 3],
  "i32.store8": [0x3a, 0],
} as const;
export type MemoryOp = keyof typeof memoryOp;

const SIMD_PREFIX = 0xfd;
const V128_LOAD = 0x00;
const V128_CONST = 0x0c;
/** The block type of a block that takes and returns nothing. */
const EMPTY_BLOCK = 0x40;

/** An unsigned integer (below 2^53) as unsigned LEB128: 7 bits a byte, low first. */
export function unsignedLeb128(value: number): number[] {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`unsigned LEB128 needs an integer in 0 .. 2^53-1, not ${value}`);
  }
  const bytes: number[] = [];
  let rest = value;
  do {
    const low = rest % 128;
    rest = Math.floor(rest / 128);
    bytes.push(rest === 0 ? low : low | 0x80);
  } while (rest !== 0);
  return bytes;
}

/** A signed integer as signed LEB128 (two's complement, 7 bits a byte, low first). */
export function signedLeb128(value: number | bigint): number[] {
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new RangeError(`signed LEB128 needs a safe integer, not ${value}`);
  }
  const bytes: number[] = [];
  let rest = BigInt(value);
  for (;;) {
    const low = Number(rest & 0x7fn);
    rest >>= 7n; // arithmetic: the sign stays
    // Done when the rest is all sign bits and the byte's top bit already says that sign.
    const done = (rest === 0n && (low & 0x40) === 0) || (rest === -1n && (low & 0x40) !== 0);
    bytes.push(done ? low : low | 0x80);
    if (done) return bytes;
  }
}

/** A vector of items: its length, then the items (spec 5.1.3). */
function vector(items: readonly number[][]): number[] {
  return [...unsignedLeb128(items.length), ...items.flat()];
}

function name(text: string): number[] {
  return vector([...new TextEncoder().encode(text)].map((byte) => [byte]));
}

/**
 * The body of one function: its locals and its instructions, appended in order by the methods
 * below (each returns `this`, so short sequences chain). Instructions are in stack order, as in
 * the binary format: operands first, then the operation.
 */
export class CodeWriter {
  private readonly code: number[] = [];
  private readonly localTypes: ValueType[] = [];
  /** Labels of the enclosing blocks, innermost last (null for an unnamed `if`). */
  private readonly labels: Array<string | null> = [];

  constructor(readonly params: readonly ValueType[]) {}

  /** Declares a local and returns its index (parameters come first). */
  local(type: ValueType): number {
    this.localTypes.push(type);
    return this.params.length + this.localTypes.length - 1;
  }

  /** Instructions without immediates (from `op`). */
  op(...opcodes: number[]): this {
    this.code.push(...opcodes);
    return this;
  }

  /** SIMD instructions without immediates (from `simdOp`). */
  simd(...opcodes: number[]): this {
    for (const opcode of opcodes) this.code.push(SIMD_PREFIX, ...unsignedLeb128(opcode));
    return this;
  }

  i32Const(value: number): this {
    // i32 constants are signed LEB128 of the two's-complement value.
    this.code.push(0x41, ...signedLeb128(value | 0));
    return this;
  }

  i64Const(value: number | bigint): this {
    this.code.push(0x42, ...signedLeb128(BigInt.asIntN(64, BigInt(value))));
    return this;
  }

  f64Const(value: number): this {
    const bytes = new Uint8Array(new Float64Array([value]).buffer);
    this.code.push(0x44, ...bytes); // little-endian IEEE 754, as the spec requires
    return this;
  }

  /** A v128 constant from four i32 lanes, lane 0 first. */
  v128Const(lanes: readonly number[]): this {
    if (lanes.length !== 4)
      throw new RangeError(`v128Const takes 4 i32 lanes, not ${lanes.length}`);
    const bytes = new Uint8Array(new Int32Array(lanes).buffer);
    this.code.push(SIMD_PREFIX, ...unsignedLeb128(V128_CONST), ...bytes);
    return this;
  }

  get(local: number): this {
    this.code.push(0x20, ...unsignedLeb128(local));
    return this;
  }

  set(local: number): this {
    this.code.push(0x21, ...unsignedLeb128(local));
    return this;
  }

  tee(local: number): this {
    this.code.push(0x22, ...unsignedLeb128(local));
    return this;
  }

  /**
   * A load or store at the address on the stack plus the constant `offset` (bytes), declared
   * naturally aligned (a hint: unaligned accesses still work).
   */
  memory(instruction: MemoryOp, offset = 0): this {
    const [opcode, align] = memoryOp[instruction];
    this.code.push(opcode, ...unsignedLeb128(align), ...unsignedLeb128(offset));
    return this;
  }

  /** v128.load of 16 bytes at the address on the stack plus `offset`; declared 4-byte aligned. */
  v128Load(offset = 0): this {
    this.code.push(SIMD_PREFIX, ...unsignedLeb128(V128_LOAD), 2, ...unsignedLeb128(offset));
    return this;
  }

  /** A block: `br(label)` inside it jumps to its end. */
  block(label: string, body: () => void): this {
    return this.structured(0x02, label, body);
  }

  /** A loop: `br(label)` inside it jumps back to its start. */
  loop(label: string, body: () => void): this {
    return this.structured(0x03, label, body);
  }

  /** Pops a condition; runs `then` when it is nonzero, else `otherwise` (if given). */
  if(then: () => void, otherwise?: () => void): this {
    this.code.push(0x04, EMPTY_BLOCK);
    this.labels.push(null);
    then();
    if (otherwise !== undefined) {
      this.code.push(0x05);
      otherwise();
    }
    this.labels.pop();
    this.code.push(0x0b);
    return this;
  }

  br(label: string): this {
    this.code.push(0x0c, ...unsignedLeb128(this.depth(label)));
    return this;
  }

  /** Pops a condition; branches to `label` when it is nonzero. */
  brIf(label: string): this {
    this.code.push(0x0d, ...unsignedLeb128(this.depth(label)));
    return this;
  }

  call(functionIndex: number): this {
    this.code.push(0x10, ...unsignedLeb128(functionIndex));
    return this;
  }

  return(): this {
    this.code.push(0x0f);
    return this;
  }

  /** The encoded body: locals (runs of one type), instructions, `end` (spec 5.5.13). */
  encode(): number[] {
    if (this.labels.length !== 0) throw new Error("a block is still open");
    const runs: number[][] = [];
    for (let i = 0; i < this.localTypes.length; ) {
      let j = i;
      while (j < this.localTypes.length && this.localTypes[j] === this.localTypes[i]) j++;
      runs.push([...unsignedLeb128(j - i), this.localTypes[i]!]);
      i = j;
    }
    const body = [...vector(runs), ...this.code, 0x0b];
    return [...unsignedLeb128(body.length), ...body];
  }

  private structured(opcode: number, label: string, body: () => void): this {
    this.code.push(opcode, EMPTY_BLOCK);
    this.labels.push(label);
    body();
    this.labels.pop();
    this.code.push(0x0b);
    return this;
  }

  /** Branch depth of a label: 0 for the innermost enclosing block. */
  private depth(label: string): number {
    const at = this.labels.lastIndexOf(label);
    if (at < 0) throw new Error(`no enclosing block is labelled ${label}`);
    return this.labels.length - 1 - at;
  }
}

interface FunctionEntry {
  typeIndex: number;
  code: CodeWriter;
  exportName: string | undefined;
}

/**
 * A module of functions over one imported memory. Declare every function first (`addFunction`
 * gives its index, for calls), then fill in its CodeWriter, then `encode`.
 */
export class ModuleBuilder {
  private readonly types: number[][] = [];
  private readonly functions: FunctionEntry[] = [];
  private memoryImport: number[] | null = null;

  /**
   * Imports a memory as `module`.`field` of at least `minimumPages` 64 KiB pages (and at most
   * `maximumPages`, when given).
   */
  importMemory(module: string, field: string, minimumPages: number, maximumPages?: number): this {
    const limits =
      maximumPages === undefined
        ? [0x00, ...unsignedLeb128(minimumPages)]
        : [0x01, ...unsignedLeb128(minimumPages), ...unsignedLeb128(maximumPages)];
    this.memoryImport = [...name(module), ...name(field), 0x02, ...limits];
    return this;
  }

  /**
   * Declares a function (exported as `exportName`, when given) and returns its index and the
   * writer of its body.
   */
  addFunction(
    params: readonly ValueType[],
    results: readonly ValueType[],
    exportName?: string,
  ): { index: number; code: CodeWriter } {
    const code = new CodeWriter(params);
    this.functions.push({ typeIndex: this.typeIndex(params, results), code, exportName });
    return { index: this.functions.length - 1, code };
  }

  /** The module's bytes: header, then the type, import, function, export and code sections. */
  encode(): Uint8Array<ArrayBuffer> {
    const section = (id: number, items: number[][]) => {
      const content = vector(items);
      return [id, ...unsignedLeb128(content.length), ...content];
    };
    const exports = this.functions.flatMap(({ exportName }, index) =>
      exportName === undefined ? [] : [[...name(exportName), 0x00, ...unsignedLeb128(index)]],
    );
    const bytes = [
      ...[0x00, 0x61, 0x73, 0x6d], // "\0asm"
      ...[0x01, 0x00, 0x00, 0x00], // version 1
      ...section(1, this.types),
      ...(this.memoryImport === null ? [] : section(2, [this.memoryImport])),
      ...section(
        3,
        this.functions.map(({ typeIndex }) => unsignedLeb128(typeIndex)),
      ),
      ...section(7, exports),
      ...section(
        10,
        this.functions.map(({ code }) => code.encode()),
      ),
    ];
    return Uint8Array.from(bytes);
  }

  private typeIndex(params: readonly ValueType[], results: readonly ValueType[]): number {
    const type = [0x60, ...vector(params.map((t) => [t])), ...vector(results.map((t) => [t]))];
    const key = type.join(",");
    const found = this.types.findIndex((known) => known.join(",") === key);
    if (found >= 0) return found;
    this.types.push(type);
    return this.types.length - 1;
  }
}
