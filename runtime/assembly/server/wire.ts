// The writer for plans and results the host decodes (the reader is template/byte-reader.ts).
// Integers are unsigned LEB128 ("uv"); strings are a uv byte length followed by UTF-8.

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
