import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type CodeWriter,
  ModuleBuilder,
  op,
  signedLeb128,
  simdOp,
  valueType as t,
  unsignedLeb128,
  type ValueType,
} from "../../../src/hwmodels/wasm/wasm-emitter.ts";
import { detectWasmSimd, wasmSimdSupported } from "../../../src/hwmodels/wasm/wasm-simd-support.ts";

const hex = (bytes: ArrayLike<number>) =>
  Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join(" ");

/** Reads an unsigned LEB128 (independently of the encoder: the spec's definition, 5.2.2). */
function readUnsigned(bytes: number[]): number {
  let value = 0;
  bytes.forEach((byte, i) => {
    value += (byte & 0x7f) * 2 ** (7 * i);
  });
  return value;
}

function readSigned(bytes: number[]): bigint {
  let value = 0n;
  bytes.forEach((byte, i) => {
    value |= BigInt(byte & 0x7f) << BigInt(7 * i);
  });
  const bits = BigInt(7 * bytes.length);
  return (bytes.at(-1)! & 0x40) !== 0 ? value - (1n << bits) : value;
}

/** One exported function `f`, instantiated with a fresh one-page memory. */
function single(
  params: ValueType[],
  results: ValueType[],
  write: (code: CodeWriter) => void,
): { f: (...args: number[]) => unknown; memory: WebAssembly.Memory; bytes: Uint8Array } {
  const module = new ModuleBuilder().importMemory("env", "memory", 1);
  write(module.addFunction(params, results, "f").code);
  const bytes = module.encode();
  expect(WebAssembly.validate(bytes), hex(bytes)).toBe(true);
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  return { f: instance.exports.f as (...args: number[]) => unknown, memory, bytes };
}

describe("LEB128", () => {
  it("encodes unsigned numbers as the spec's examples and edge values", () => {
    expect(unsignedLeb128(0)).toEqual([0x00]);
    expect(unsignedLeb128(127)).toEqual([0x7f]);
    expect(unsignedLeb128(128)).toEqual([0x80, 0x01]);
    expect(unsignedLeb128(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(unsignedLeb128(2 ** 32 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(() => unsignedLeb128(-1)).toThrow(/unsigned LEB128/);
  });

  it("encodes signed numbers, with the sign in the last byte's bit 6", () => {
    expect(signedLeb128(0)).toEqual([0x00]);
    expect(signedLeb128(-1)).toEqual([0x7f]);
    expect(signedLeb128(63)).toEqual([0x3f]);
    expect(signedLeb128(64)).toEqual([0xc0, 0x00]);
    expect(signedLeb128(-64)).toEqual([0x40]);
    expect(signedLeb128(-65)).toEqual([0xbf, 0x7f]);
    expect(signedLeb128(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(signedLeb128(2n ** 63n - 1n)).toEqual([...Array(9).fill(0xff), 0x00]);
    expect(signedLeb128(-(2n ** 63n))).toEqual([...Array(9).fill(0x80), 0x7f]);
  });

  it("round-trips through an independent decoder", () => {
    const values = [1, 5, 300, 16383, 16384, 2 ** 21, 2 ** 31, 2 ** 40 + 7, 2 ** 53 - 1];
    for (const value of values) {
      expect(readUnsigned(unsignedLeb128(value))).toBe(value);
      for (const signed of [value, -value]) {
        expect(readSigned(signedLeb128(signed))).toBe(BigInt(signed));
      }
    }
  });
});

describe("ModuleBuilder", () => {
  it("encodes a module byte for byte as wabt's wat2wasm does", () => {
    // wabt 1.0.37, wat2wasm of
    // (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
    const module = new ModuleBuilder();
    module.addFunction([t.i32, t.i32], [t.i32], "add").code.get(0).get(1).op(op["i32.add"]);
    expect(hex(module.encode())).toBe(
      "00 61 73 6d 01 00 00 00 01 07 01 60 02 7f 7f 01 7f 03 02 01 00 07 07 01 03 61 64 64 00 00 " +
        "0a 09 01 07 00 20 00 20 01 6a 0b",
    );
  });

  it("encodes an imported memory and runs of locals as wat2wasm does", () => {
    // wabt 1.0.37, wat2wasm of (module (import "env" "memory" (memory 1))
    //   (func (export "f") (param i64) (result i64) (local i32 i32 f64)
    //     i64.const -123456 drop local.get 0))
    const module = new ModuleBuilder().importMemory("env", "memory", 1);
    const { code } = module.addFunction([t.i64], [t.i64], "f");
    code.local(t.i32);
    code.local(t.i32);
    code.local(t.f64);
    code.i64Const(-123456).op(op.drop).get(0);
    expect(hex(module.encode())).toBe(
      "00 61 73 6d 01 00 00 00 01 06 01 60 01 7e 01 7e 02 0f 01 03 65 6e 76 06 6d 65 6d 6f 72 79 " +
        "02 00 01 03 02 01 00 07 05 01 01 66 00 00 0a 0f 01 0d 02 02 7f 01 7c 42 c0 bb 78 1a 20 00 0b",
    );
  });

  it("shares one type between functions of one signature and calls by index", () => {
    const module = new ModuleBuilder();
    const double = module.addFunction([t.i32], [t.i32]);
    double.code.get(0).i32Const(2).op(op["i32.mul"]);
    const quadruple = module.addFunction([t.i32], [t.i32], "quadruple");
    quadruple.code.get(0).call(double.index).call(double.index);
    const bytes = module.encode();
    // One type: the section is id 1, 6 bytes, 1 entry.
    expect(hex(bytes.subarray(8, 11))).toBe("01 06 01");
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    expect((exports.quadruple as (x: number) => number)(21)).toBe(84);
  });
});

describe("CodeWriter: modules compute what they should", () => {
  it("integer and float constants, including the extremes", () => {
    for (const value of [0, 1, -1, 63, 64, -64, -65, 2 ** 31 - 1, -(2 ** 31)]) {
      const { f } = single([], [t.i32], (c) => c.i32Const(value));
      expect(f()).toBe(value);
    }
    for (const value of [0n, -1n, 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n)]) {
      const { f } = single([], [t.i64], (c) => c.i64Const(value));
      expect(f()).toBe(value);
    }
    for (const value of [0.5, -1e300, Number.MIN_VALUE, 2 ** 53 - 1]) {
      const { f } = single([], [t.f64], (c) => c.f64Const(value));
      expect(f()).toBe(value);
    }
  });

  it("a loop with named blocks: the sum 1 + ... + n", () => {
    const { f } = single([t.i32], [t.i32], (c) => {
      const sum = c.local(t.i32);
      c.block("done", () => {
        c.loop("again", () => {
          c.get(0).op(op["i32.eqz"]).brIf("done");
          c.get(sum).get(0).op(op["i32.add"]).set(sum);
          c.get(0).i32Const(1).op(op["i32.sub"]).set(0);
          c.br("again");
        });
      });
      c.get(sum);
    });
    expect(f(100)).toBe(5050);
    expect(f(0)).toBe(0);
  });

  it("if/else, and a branch out of an if to an enclosing block", () => {
    const { f } = single([t.i32], [t.i32], (c) => {
      const result = c.local(t.i32);
      c.block("out", () => {
        c.get(0).i32Const(10).op(op["i32.gt_s"]);
        c.if(
          () => c.i32Const(1).set(result),
          () => c.i32Const(2).set(result),
        );
        c.get(0).i32Const(100).op(op["i32.gt_s"]);
        c.if(() => {
          c.i32Const(3).set(result);
          c.br("out");
        });
      });
      c.get(result);
    });
    expect([5, 50, 500].map((x) => f(x))).toEqual([2, 1, 3]);
  });

  it("loads and stores at constant offsets, with i64 and f64 conversions", () => {
    const { f, memory } = single([t.i32], [t.f64], (c) => {
      // memory[64 + 8i] (f64) -> u64 -> + u32 at memory[16] -> f64
      c.get(0).i32Const(3).op(op["i32.shl"]).memory("f64.load", 64);
      c.op(op["i64.trunc_f64_u"]);
      c.i32Const(0).memory("i32.load", 16).op(op["i64.extend_i32_u"], op["i64.add"]);
      c.op(op["f64.convert_i64_u"]);
    });
    const words = new Float64Array(memory.buffer);
    words[8 + 2] = 2 ** 52 + 5;
    new Uint32Array(memory.buffer)[4] = 2 ** 32 - 1;
    expect(f(2)).toBe(2 ** 52 + 5 + 2 ** 32 - 1);
  });

  it("SIMD: finds the lane equal to a key, four i32 lanes at a time, masking lanes off", () => {
    // f(key, lanes) = bitmask((memory[0..16) == splat(key)) & mask of the first `lanes` lanes)
    const { f, memory } = single([t.i32], [t.i32], (c) => {
      c.i32Const(0).v128Load(32).get(0).simd(simdOp["i32x4.splat"], simdOp["i32x4.eq"]);
      c.v128Const([-1, -1, -1, 0]).simd(simdOp["v128.and"], simdOp["i32x4.bitmask"]);
    });
    new Int32Array(memory.buffer, 32, 4).set([7, -3, 7, 7]);
    expect([f(7), f(-3), f(5)]).toEqual([0b0101, 0b0010, 0]);
  });

  it("SIMD: any_true of an OR of compares", () => {
    const { f, memory } = single([t.i32], [t.i32], (c) => {
      const key = c.local(t.v128);
      c.get(0).simd(simdOp["i32x4.splat"]).set(key);
      c.i32Const(0).v128Load(0).get(key).simd(simdOp["i32x4.eq"]);
      c.i32Const(0).v128Load(16).get(key).simd(simdOp["i32x4.eq"]);
      c.simd(simdOp["v128.or"], simdOp["v128.any_true"]);
    });
    new Int32Array(memory.buffer, 0, 8).set([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([8, 1, 9, 0].map((key) => f(key))).toEqual([1, 1, 0, 0]);
  });

  it("refuses a branch to a label no block encloses, and an unclosed block", () => {
    const module = new ModuleBuilder();
    const { code } = module.addFunction([], []);
    expect(() => code.br("nowhere")).toThrow(/no enclosing block is labelled nowhere/);
    expect(() => code.block("a", () => code.br("b"))).toThrow(/labelled b/);
    expect(() => module.encode()).toThrow(/a block is still open/);
  });
});

describe("wasmSimdSupported", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it("is true on the Node versions this project supports (20.19+: SIMD since 16.4)", () => {
    expect(wasmSimdSupported()).toBe(true);
    expect(detectWasmSimd()).toBe(true);
  });

  it("is false where WebAssembly is missing or rejects the SIMD module", () => {
    vi.spyOn(WebAssembly, "validate").mockReturnValue(false);
    expect(detectWasmSimd()).toBe(false);
    vi.stubGlobal("WebAssembly", undefined);
    expect(detectWasmSimd()).toBe(false);
  });
});
