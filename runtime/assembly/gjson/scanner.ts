// Low-level scanning of JSON text, with the leniency of Go's gjson: the scanner
// never builds values, it only finds where each one ends. Functions that need to
// report more than one thing leave the extra facts in the module-level
// variables below (AssemblyScript has no tuples), read right after the call.

import { cu } from './chars';

/** Set by scanString: the string had a backslash escape. */
export let scanEscaped: bool = false;
/** Set by scanString: the closing quote was found. */
export let scanOk: bool = false;

/**
 * Scans a string whose opening quote is at i-1. Returns the index just past the
 * closing quote, or the document length when there is none (scanOk false).
 */
export function scanString(json: string, i: i32, end: i32 = -1): i32 {
  const n = end < 0 ? json.length : end;
  scanEscaped = false;
  for (; i < n; i++) {
    const c = cu(json, i);
    if (c > 0x5c) continue;
    if (c == 0x22) {
      scanOk = true;
      return i + 1;
    }
    if (c == 0x5c) {
      // The escaped character is skipped, so an escaped quote does not end the string.
      scanEscaped = true;
      i++;
    }
  }
  scanOk = false;
  return n;
}

/**
 * Skips the string whose opening quote is at i-1, returning the index of its
 * closing quote (or the length).
 */
function skipStringBody(json: string, i: i32, n: i32): i32 {
  for (; i < n; i++) {
    const c = cu(json, i);
    if (c == 0x5c) {
      i++;
      continue;
    }
    if (c == 0x22) return i;
  }
  return n;
}

/**
 * Skips a whole object, array (or parenthesised group) whose opening bracket is
 * at i. Returns the index past its closing bracket, the length when it does
 * not close, or the length + 1 when it ends inside an unterminated string.
 */
export function skipContainer(json: string, i: i32, end: i32 = -1): i32 {
  const n = end < 0 ? json.length : end;
  i++;
  let depth = 1;
  while (i < n) {
    const c = cu(json, i);
    if (c == 0x22) {
      i = skipStringBody(json, i + 1, n);
      // Go's scanner steps past the end when a string inside is unterminated;
      // callers then see no further elements.
      if (i >= n) return n + 1;
    } else if (c == 0x7b || c == 0x5b || c == 0x28) {
      depth++;
    } else if (c == 0x7d || c == 0x5d || c == 0x29) {
      depth--;
      if (depth == 0) return i + 1;
    }
    i++;
  }
  return n;
}

/**
 * Go's squash: the length of the leading value of s[start:] when that value is
 * a string or a bracketed group; for anything else the group is assumed to be
 * already open (depth 1) and runs to the first unbalanced closer.
 * Returns the end index (exclusive).
 */
export function squashEnd(s: string, start: i32): i32 {
  const n = s.length;
  let i = start;
  let depth = 0;
  if (i < n && cu(s, i) != 0x22) {
    i++;
    depth = 1;
  }
  for (; i < n; i++) {
    const c = cu(s, i);
    if (c == 0x22) {
      i = skipStringBody(s, i + 1, n);
      if (depth == 0) return i >= n ? n : i + 1;
    } else if (c == 0x7b || c == 0x5b || c == 0x28) {
      depth++;
    } else if (c == 0x7d || c == 0x5d || c == 0x29) {
      depth--;
      if (depth == 0) return i + 1;
    }
  }
  return n;
}

/** End of a number token starting at i: the first whitespace, ',', ']' or '}'. */
export function scanNumber(json: string, i: i32, end: i32 = -1): i32 {
  const n = end < 0 ? json.length : end;
  i++;
  for (; i < n; i++) {
    const c = cu(json, i);
    if (c <= 0x20 || c == 0x2c || c == 0x5d || c == 0x7d) return i;
  }
  return n;
}

/** End of a literal (true, false, null) starting at i: the first non a-z. */
export function scanLiteral(json: string, i: i32, end: i32 = -1): i32 {
  const n = end < 0 ? json.length : end;
  i++;
  for (; i < n; i++) {
    const c = cu(json, i);
    if (c < 0x61 || c > 0x7a) return i;
  }
  return n;
}

/**
 * Go's tostr: for a string starting with a quote at i, the end of its raw text.
 * Unterminated strings run to the end of the text.
 */
export function rawStringEnd(json: string, i: i32): i32 {
  return scanString(json, i + 1);
}

function hexValue(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** Four hex digits at i as Go's runeit reads them: anything not hex gives 0. */
function hex4(s: string, i: i32): i32 {
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const h = hexValue(cu(s, i + k));
    if (h < 0) return 0;
    v = (v << 4) | h;
  }
  return v;
}

/**
 * Unescapes the body of a JSON string (without its quotes), as Go's gjson does:
 * decoding stops silently at a control character or an invalid escape, a
 * surrogate pair becomes one code point and a lone surrogate becomes U+FFFD.
 */
export function unescape(s: string, start: i32, end: i32): string {
  // A first pass finds whether any work is needed at all.
  let plain = true;
  for (let k = start; k < end; k++) {
    const c = cu(s, k);
    if (c == 0x5c || c < 0x20) {
      plain = false;
      break;
    }
  }
  if (plain) return s.substring(start, end);
  const out = new Array<string>();
  let runStart = start;
  let i = start;
  for (; i < end; i++) {
    const c = cu(s, i);
    if (c < 0x20) break;
    if (c != 0x5c) continue;
    if (i > runStart) out.push(s.substring(runStart, i));
    i++;
    if (i >= end) {
      runStart = end;
      return out.join('');
    }
    const e = cu(s, i);
    if (e == 0x5c) out.push('\\');
    else if (e == 0x2f) out.push('/');
    else if (e == 0x62) out.push('\b');
    else if (e == 0x66) out.push('\f');
    else if (e == 0x6e) out.push('\n');
    else if (e == 0x72) out.push('\r');
    else if (e == 0x74) out.push('\t');
    else if (e == 0x22) out.push('"');
    else if (e == 0x75) {
      if (i + 5 > end) return out.join('');
      let r = hex4(s, i + 1);
      i += 5;
      if (r >= 0xd800 && r < 0xdc00) {
        if (end - i >= 6 && cu(s, i) == 0x5c && cu(s, i + 1) == 0x75) {
          const r2 = hex4(s, i + 2);
          if (r2 >= 0xdc00 && r2 < 0xe000) {
            out.push(String.fromCharCode(r, r2));
            i += 6;
            runStart = i;
            i--;
            continue;
          }
        }
        r = 0xfffd;
      } else if (r >= 0xdc00 && r < 0xe000) {
        r = 0xfffd;
      }
      out.push(String.fromCharCode(r));
      runStart = i;
      i--;
      continue;
    } else {
      return out.join('');
    }
    runStart = i + 1;
  }
  if (i > runStart) out.push(s.substring(runStart, i));
  return out.join('');
}
