/**
 * A growable byte buffer with the encodings the Wasm runtime reads: u8, unsigned LEB128 ("uv"),
 * little-endian f64, and length-prefixed bytes and UTF-8 strings. Used for compiled templates
 * and for compiled server configurations. Plain TypeScript, so the console can use it too.
 */
export class ByteWriter {
  private buf = new Uint8Array(256);
  private len = 0;
  private readonly encoder = new TextEncoder();

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.len++] = v;
  }

  /** The runtime's readers take unsigned integers up to i32's maximum. */
  uv(v: number): void {
    if (!Number.isInteger(v) || v < 0 || v > 0x7fffffff)
      throw new Error(`cannot encode ${v} as unsigned`);
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v > 0) b |= 0x80;
      this.u8(b);
    } while (v > 0);
  }

  f64(v: number): void {
    this.ensure(8);
    new DataView(this.buf.buffer, this.len, 8).setFloat64(0, v, true);
    this.len += 8;
  }

  bytes(b: Uint8Array): void {
    this.uv(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  str(s: string): void {
    this.bytes(this.encoder.encode(s));
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
