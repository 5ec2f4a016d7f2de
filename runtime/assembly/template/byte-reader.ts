// Reads the byte encodings the host writes (server/src/mcp/templates/byte-writer.ts): u8,
// unsigned LEB128 ("uv") up to i32's maximum, little-endian f64, and length-prefixed bytes and
// UTF-8 strings. Used for compiled templates and compiled server configurations; malformed
// input is an input error naming what was being read.

import { inputError } from './errors';

export class ByteReader {
  bytes: Uint8Array;
  pos: i32 = 0;
  /** What the bytes are, for error messages: "compiled template", … */
  what: string;

  constructor(bytes: Uint8Array, what: string) {
    this.bytes = bytes;
    this.what = what;
  }

  private need(n: i32): void {
    if (this.pos + n > this.bytes.length) inputError(this.what + ' is truncated');
  }

  u8(): i32 {
    this.need(1);
    return <i32>unchecked(this.bytes[this.pos++]);
  }

  uv(): i32 {
    let result: i64 = 0;
    let shift: i64 = 0;
    for (;;) {
      const b = this.u8();
      result |= (<i64>(b & 0x7f)) << shift;
      if ((b & 0x80) == 0) break;
      shift += 7;
      if (shift > 35) inputError(this.what + ' has a malformed number');
    }
    if (result > i32.MAX_VALUE) inputError(this.what + ' has a number out of range');
    return <i32>result;
  }

  f64(): f64 {
    this.need(8);
    const v = load<f64>(this.bytes.dataStart + <usize>this.pos);
    this.pos += 8;
    return v;
  }

  bytesField(): Uint8Array {
    const n = this.uv();
    this.need(n);
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  str(): string {
    const n = this.uv();
    this.need(n);
    const s = String.UTF8.decodeUnsafe(this.bytes.dataStart + <usize>this.pos, <usize>n);
    this.pos += n;
    return s;
  }
}
