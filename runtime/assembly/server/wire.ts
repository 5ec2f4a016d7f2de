// Byte encodings between the host and the server runtime: a reader for the compiled server
// configuration and the call inputs, a writer for plans and results. Integers are unsigned
// LEB128 ("uv"); strings are a uv byte length followed by UTF-8.

import { inputError } from '../template/errors';

export class Reader {
  bytes: Uint8Array;
  pos: i32 = 0;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  u8(): i32 {
    if (this.pos >= this.bytes.length) inputError('compiled server configuration is truncated');
    return <i32>unchecked(this.bytes[this.pos++]);
  }

  uv(): i32 {
    let result: i32 = 0;
    let shift: i32 = 0;
    let b: i32 = 0;
    do {
      if (shift > 28) inputError('compiled server configuration has an oversized integer');
      b = this.u8();
      result |= (b & 0x7f) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    return result;
  }

  bytesField(): Uint8Array {
    const n = this.uv();
    if (this.pos + n > this.bytes.length) inputError('compiled server configuration is truncated');
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  str(): string {
    const n = this.uv();
    if (this.pos + n > this.bytes.length) inputError('compiled server configuration is truncated');
    const s = String.UTF8.decodeUnsafe(this.bytes.dataStart + <usize>this.pos, <usize>n);
    this.pos += n;
    return s;
  }
}

/** A growable byte buffer for the answers the host decodes. */
export class Writer {
  buf: Uint8Array = new Uint8Array(256);
  len: i32 = 0;

  reset(): void {
    this.len = 0;
  }

  private ensure(n: i32): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length << 1;
    while (size < this.len + n) size <<= 1;
    const next = new Uint8Array(size);
    memory.copy(next.dataStart, this.buf.dataStart, <usize>this.len);
    this.buf = next;
  }

  u8(v: i32): void {
    this.ensure(1);
    unchecked((this.buf[this.len++] = <u8>v));
  }

  uv(v: i32): void {
    let x = <u32>v;
    do {
      let b = x & 0x7f;
      x >>= 7;
      if (x != 0) b |= 0x80;
      this.u8(<i32>b);
    } while (x != 0);
  }

  raw(ptr: usize, n: i32): void {
    this.uv(n);
    this.ensure(n);
    memory.copy(this.buf.dataStart + <usize>this.len, ptr, <usize>n);
    this.len += n;
  }

  /** UTF-8 without a length prefix. */
  text(s: string): void {
    const n = String.UTF8.byteLength(s);
    this.ensure(n);
    String.UTF8.encodeUnsafe(changetype<usize>(s), s.length, this.buf.dataStart + <usize>this.len);
    this.len += n;
  }

  str(s: string): void {
    const n = String.UTF8.byteLength(s);
    this.uv(n);
    this.ensure(n);
    String.UTF8.encodeUnsafe(changetype<usize>(s), s.length, this.buf.dataStart + <usize>this.len);
    this.len += n;
  }
}
