// Go's gjson.Valid: strict JSON validation (RFC 8259) of the whole text.

import { cu } from './chars';

let pos: i32 = 0;

function isWS(c: i32): bool {
  return c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d;
}

function skipWS(s: string, i: i32): i32 {
  const n = s.length;
  while (i < n && isWS(cu(s, i))) i++;
  return i;
}

function isHex(c: i32): bool {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

function validString(s: string, i: i32): bool {
  const n = s.length;
  for (; i < n; i++) {
    const c = cu(s, i);
    if (c < 0x20) return false;
    if (c == 0x5c) {
      i++;
      if (i >= n) return false;
      const e = cu(s, i);
      if (e == 0x75) {
        for (let k = 0; k < 4; k++) {
          i++;
          if (i >= n || !isHex(cu(s, i))) return false;
        }
      } else if (!(
        e == 0x22 ||
        e == 0x5c ||
        e == 0x2f ||
        e == 0x62 ||
        e == 0x66 ||
        e == 0x6e ||
        e == 0x72 ||
        e == 0x74
      )) {
        return false;
      }
    } else if (c == 0x22) {
      pos = i + 1;
      return true;
    }
  }
  return false;
}

function digits(s: string, i: i32): i32 {
  const n = s.length;
  while (i < n && cu(s, i) >= 0x30 && cu(s, i) <= 0x39) i++;
  return i;
}

function validNumber(s: string, i: i32): bool {
  const n = s.length;
  if (cu(s, i) == 0x2d) {
    i++;
    if (i >= n) return false;
  }
  const c = cu(s, i);
  if (c < 0x30 || c > 0x39) return false;
  i = c == 0x30 ? i + 1 : digits(s, i);
  if (i < n && cu(s, i) == 0x2e) {
    i++;
    if (i >= n || cu(s, i) < 0x30 || cu(s, i) > 0x39) return false;
    i = digits(s, i);
  }
  if (i < n && (cu(s, i) == 0x65 || cu(s, i) == 0x45)) {
    i++;
    if (i < n && (cu(s, i) == 0x2b || cu(s, i) == 0x2d)) i++;
    if (i >= n || cu(s, i) < 0x30 || cu(s, i) > 0x39) return false;
    i = digits(s, i);
  }
  pos = i;
  return true;
}

function validWord(s: string, i: i32, word: string): bool {
  if (i + word.length > s.length) return false;
  for (let k = 0; k < word.length; k++) {
    if (cu(s, i + k) != cu(word, k)) return false;
  }
  pos = i + word.length;
  return true;
}

// Containers are tracked on an explicit stack rather than by recursion, so
// arbitrarily deep documents validate like in Go instead of exhausting the
// Wasm stack.

/** Validates one scalar at i (after whitespace); sets pos. */
function validScalar(s: string, i: i32): bool {
  const c = cu(s, i);
  if (c == 0x22) return validString(s, i + 1);
  if (c == 0x2d || (c >= 0x30 && c <= 0x39)) return validNumber(s, i);
  if (c == 0x74) return validWord(s, i, 'true');
  if (c == 0x66) return validWord(s, i, 'false');
  if (c == 0x6e) return validWord(s, i, 'null');
  return false;
}

/** Whether the whole text is one valid JSON value (surrounded by whitespace only). */
export function valid(s: string): bool {
  const n = s.length;
  // Open containers: '{' or '['.
  const stack = new Array<i32>();
  let i = skipWS(s, 0);
  // Expecting a value at i.
  while (true) {
    if (i >= n) return false;
    const c = cu(s, i);
    if (c == 0x7b || c == 0x5b) {
      i = skipWS(s, i + 1);
      if (i >= n) return false;
      const close = c == 0x7b ? 0x7d : 0x5d;
      if (cu(s, i) == close) {
        i++;
      } else {
        stack.push(c);
        if (c == 0x7b) {
          // A member: key, colon, then the value.
          if (cu(s, i) != 0x22 || !validString(s, i + 1)) return false;
          i = skipWS(s, pos);
          if (i >= n || cu(s, i) != 0x3a) return false;
          i = skipWS(s, i + 1);
        }
        continue;
      }
    } else {
      if (!validScalar(s, i)) return false;
      i = pos;
    }
    // A value ended at i: close containers or move to the next element.
    while (true) {
      i = skipWS(s, i);
      if (stack.length == 0) return i == n;
      if (i >= n) return false;
      const top = stack[stack.length - 1];
      const d = cu(s, i);
      if (d == 0x2c) {
        i = skipWS(s, i + 1);
        if (top == 0x7b) {
          if (i >= n || cu(s, i) != 0x22 || !validString(s, i + 1)) return false;
          i = skipWS(s, pos);
          if (i >= n || cu(s, i) != 0x3a) return false;
          i = skipWS(s, i + 1);
        }
        break;
      }
      if ((top == 0x7b && d == 0x7d) || (top == 0x5b && d == 0x5d)) {
        stack.pop();
        i++;
        continue;
      }
      return false;
    }
  }
  return false;
}
