/** A growable byte buffer with the encodings the runtime reads: u8, unsigned LEB128, UTF-8 strings. */
export class ByteWriter {
  private buf = new Uint8Array(1024);
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
