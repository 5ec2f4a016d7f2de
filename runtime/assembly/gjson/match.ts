// Glob matching with '*' (any run), '?' (one code point) and '\' (escape), as
// used by gjson for wildcard keys and the % query operator. Like Go's
// tidwall/match, the work is bounded: a pattern that would need more than
// 10 000 steps per character of the subject stops and reports no match.

import { cu } from './chars';

const STEP_LIMIT_PER_CHAR: i32 = 10000;

let steps: i32 = 0;
let stepLimit: i32 = 0;
let stopped: bool = false;

/** Length in code units of the code point starting at i. */
function cpLen(s: string, i: i32, end: i32): i32 {
  const c = cu(s, i);
  if (c >= 0xd800 && c < 0xdc00 && i + 1 < end) {
    const d = cu(s, i + 1);
    if (d >= 0xdc00 && d < 0xe000) return 2;
  }
  return 1;
}

function cpAt(s: string, i: i32, len: i32): i32 {
  return len == 2 ? String.fromCharCode(cu(s, i), cu(s, i + 1)).codePointAt(0) : cu(s, i);
}

/** Length of the code point ending just before end. */
function cpLenBefore(s: string, start: i32, end: i32): i32 {
  const c = cu(s, end - 1);
  if (c >= 0xdc00 && c < 0xe000 && end - 2 >= start) {
    const h = cu(s, end - 2);
    if (h >= 0xd800 && h < 0xdc00) return 2;
  }
  return 1;
}

// Match result codes.
const NO_MATCH: i32 = 0;
const MATCH: i32 = 1;
const STOP: i32 = 2;

/**
 * Trims the literal tail of the pattern (after its last unescaped '*') against
 * the tail of the subject. Sets trimStrEnd / trimPatEnd; returns false when
 * the tails cannot match.
 */
let trimStrEnd: i32 = 0;
let trimPatEnd: i32 = 0;
function trimSuffix(str: string, ss: i32, se: i32, pat: string, ps: i32, pe: i32): bool {
  let ok = true;
  while (se > ss && pe - ps > 1) {
    let pl = cpLenBefore(pat, ps, pe);
    const pc = cpAt(pat, pe - pl, pl);
    let escaped = false;
    let backslashes = 0;
    while (pe - pl - backslashes - 1 >= ps && cu(pat, pe - pl - backslashes - 1) == 0x5c)
      backslashes++;
    if (backslashes & 1) {
      escaped = true;
      pl++;
    }
    if (pc == 0x2a && !escaped) {
      ok = true;
      break;
    }
    const sl = cpLenBefore(str, ss, se);
    const sc = cpAt(str, se - sl, sl);
    if (!((pc == 0x3f && !escaped) || pc == sc)) {
      ok = false;
      break;
    }
    se -= sl;
    pe -= pl;
  }
  trimStrEnd = se;
  trimPatEnd = pe;
  return ok;
}

function matchFrom(str: string, ss: i32, se: i32, pat: string, ps: i32, pe: i32): i32 {
  if (steps > stepLimit) {
    stopped = true;
    return STOP;
  }
  steps++;
  while (ps < pe) {
    let wild = false;
    let pl = cpLen(pat, ps, pe);
    let pc = cpAt(pat, ps, pl);
    let sl = 0;
    let sc = -1;
    if (ss < se) {
      sl = cpLen(str, ss, se);
      sc = cpAt(str, ss, sl);
    }
    if (pc == 0x3f) {
      if (sl == 0) return NO_MATCH;
    } else if (pc == 0x2a) {
      while (pe - ps > 1 && cu(pat, ps + 1) == 0x2a) ps++;
      if (pe - ps == 1) return MATCH;
      if (!trimSuffix(str, ss, se, pat, ps, pe)) return NO_MATCH;
      se = trimStrEnd;
      pe = trimPatEnd;
      if (pe - ps == 1) return MATCH;
      const r = matchFrom(str, ss, se, pat, ps + 1, pe);
      if (r != NO_MATCH) return r;
      if (ss >= se) return NO_MATCH;
      wild = true;
    } else {
      if (sl == 0) return NO_MATCH;
      if (pc == 0x5c) {
        ps += pl;
        if (ps >= pe) return NO_MATCH;
        pl = cpLen(pat, ps, pe);
        pc = cpAt(pat, ps, pl);
      }
      if (sc != pc) return NO_MATCH;
    }
    ss += sl;
    if (!wild) ps += pl;
  }
  return ss >= se ? MATCH : NO_MATCH;
}

/** Whether str matches the glob pattern. */
export function globMatch(str: string, pattern: string): bool {
  if (pattern == '*') return true;
  steps = 0;
  stepLimit = str.length * STEP_LIMIT_PER_CHAR;
  stopped = false;
  return matchFrom(str, 0, str.length, pattern, 0, pattern.length) == MATCH;
}
