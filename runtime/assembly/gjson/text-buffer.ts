// A growable buffer of UTF-16 code units that can be truncated and patched in
// place, for the modifiers that build JSON text (notably @pretty, which, like
// Go's tidwall/pretty, rewinds and patches what it has written).

export class TextBuffer {
  data: StaticArray<u16>;
  length: i32 = 0;

  constructor(capacity: i32 = 64) {
    this.data = new StaticArray<u16>(max(capacity, 16));
  }

  private grow(need: i32): void {
    if (need <= this.data.length) return;
    let cap = this.data.length << 1;
    while (cap < need) cap <<= 1;
    const next = new StaticArray<u16>(cap);
    memory.copy(changetype<usize>(next), changetype<usize>(this.data), (<usize>this.length) << 1);
    this.data = next;
  }

  push(c: i32): void {
    this.grow(this.length + 1);
    unchecked((this.data[this.length++] = <u16>c));
  }

  append(s: string): void {
    this.appendRange(s, 0, s.length);
  }

  appendRange(s: string, start: i32, end: i32): void {
    const n = end - start;
    if (n <= 0) return;
    this.grow(this.length + n);
    memory.copy(
      changetype<usize>(this.data) + ((<usize>this.length) << 1),
      changetype<usize>(s) + ((<usize>start) << 1),
      (<usize>n) << 1,
    );
    this.length += n;
  }

  at(i: i32): i32 {
    return <i32>unchecked(this.data[i]);
  }

  set(i: i32, c: i32): void {
    unchecked((this.data[i] = <u16>c));
  }

  truncate(n: i32): void {
    this.length = n;
  }

  slice(start: i32, end: i32): string {
    return String.UTF16.decodeUnsafe(
      changetype<usize>(this.data) + ((<usize>start) << 1),
      (<usize>(end - start)) << 1,
    );
  }

  toString(): string {
    return this.slice(0, this.length);
  }

  /**
   * The text, leaving the buffer empty for reuse; a buffer that grew large is dropped, so that
   * one large text does not keep its room allocated.
   */
  take(): string {
    const s = this.toString();
    this.length = 0;
    if (this.data.length > 16384) this.data = new StaticArray<u16>(64);
    return s;
  }
}
