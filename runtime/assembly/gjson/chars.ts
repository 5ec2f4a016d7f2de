// Unchecked access to the UTF-16 code units of a string. Every caller checks the
// index against the length first: the scanner runs over megabyte documents and
// the bounds check of charCodeAt would be paid on every character.

export function cu(s: string, i: i32): i32 {
  return <i32>load<u16>(changetype<usize>(s) + ((<usize>i) << 1));
}

/** Whether s[start:end] equals the whole of other, without copying. */
export function regionEquals(s: string, start: i32, end: i32, other: string): bool {
  const n = end - start;
  if (n != other.length) return false;
  return (
    memory.compare(
      changetype<usize>(s) + ((<usize>start) << 1),
      changetype<usize>(other),
      (<usize>n) << 1,
    ) == 0
  );
}

/** Whether c may start a number in gjson's lenient scanner. */
export function isNumberStart(c: i32): bool {
  return (c >= 0x30 && c <= 0x39) || c == 0x2b || c == 0x2d || c == 0x69 || c == 0x49 || c == 0x4e;
}

/** Go's trim in gjson: drops code units <= ' ' from both ends. */
export function trimControl(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && cu(s, a) <= 0x20) a++;
  while (b > a && cu(s, b - 1) <= 0x20) b--;
  return a == 0 && b == s.length ? s : s.substring(a, b);
}
