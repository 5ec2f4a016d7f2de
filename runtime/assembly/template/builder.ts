// A growable UTF-16 text buffer. The template output uses one with a byte limit: it counts the
// UTF-8 length of what it holds as it grows, so exceeding the output limit is detected at once.

import { limitError } from './errors';

export class Builder {
  data: StaticArray<u16>;
  length: i32 = 0;
  /** UTF-8 bytes of the content (counted only when limited). */
  utf8Bytes: i64 = 0;
  /** -1: unlimited. */
  limit: i64 = -1;

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

  private count(s: string, start: i32, end: i32): void {
    let bytes: i64 = 0;
    const base = changetype<usize>(s);
    for (let i = start; i < end; i++) {
      const c = <i32>load<u16>(base + ((<usize>i) << 1));
      if (c < 0x80) bytes += 1;
      else if (c < 0x800) bytes += 2;
      else if (c >= 0xd800 && c < 0xdc00)
        bytes += 2; // half of a 4-byte sequence
      else if (c >= 0xdc00 && c < 0xe000) bytes += 2;
      else bytes += 3;
    }
    this.utf8Bytes += bytes;
    if (this.utf8Bytes > this.limit) {
      limitError('output exceeds the limit of ' + this.limit.toString() + ' bytes');
    }
  }

  append(s: string): void {
    this.appendRange(s, 0, s.length);
  }

  appendRange(s: string, start: i32, end: i32): void {
    const n = end - start;
    if (n <= 0) return;
    if (this.limit >= 0) this.count(s, start, end);
    this.grow(this.length + n);
    memory.copy(
      changetype<usize>(this.data) + ((<usize>this.length) << 1),
      changetype<usize>(s) + ((<usize>start) << 1),
      (<usize>n) << 1,
    );
    this.length += n;
  }

  pushCode(c: i32): void {
    if (c > 0xffff) {
      c -= 0x10000;
      this.pushUnit(0xd800 + (c >> 10));
      this.pushUnit(0xdc00 + (c & 0x3ff));
      return;
    }
    this.pushUnit(c);
  }

  pushUnit(c: i32): void {
    if (this.limit >= 0) {
      this.utf8Bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xe000 ? 2 : 3;
      if (this.utf8Bytes > this.limit)
        limitError('output exceeds the limit of ' + this.limit.toString() + ' bytes');
    }
    this.grow(this.length + 1);
    unchecked((this.data[this.length++] = <u16>c));
  }

  toString(): string {
    return String.UTF16.decodeUnsafe(changetype<usize>(this.data), (<usize>this.length) << 1);
  }

  /** The content as UTF-8 (lone surrogates become U+FFFD). */
  toUTF8(): ArrayBuffer {
    return String.UTF8.encode(this.toString());
  }
}
