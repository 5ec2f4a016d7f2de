// gjson.Get: walks the JSON text along a path without building a tree. The
// object and array walkers mirror Go's gjson step for step, including its
// leniency on malformed input, because templates written for Higress rely on
// exactly what Go returns.

import { cu, isNumberStart, regionEquals } from './chars';
import { globMatch } from './match';
import { applyModifier, modifierArgsEnd } from './modifiers';
import { appendJSONString } from './json-string';
import {
  ArrayPath,
  ObjectPath,
  isSimpleName,
  nameOfLast,
  parseArrayPath,
  parseObjectPath,
  parseSubSelectors,
  pipeRight,
  splitPipe,
  subSelectorsRest,
} from './path';
import { queryMatches } from './query';
import { numberResult, parse, Result, ResultType, stringResult } from './result';
import {
  scanEscaped,
  scanLiteral,
  scanNumber,
  scanOk,
  scanString,
  skipContainer,
  unescape,
} from './scanner';
import { valid } from './valid';
import { isModifierName } from './modifier-names';
import { enterLevel, leaveLevel, resetLevels } from './nesting';

class Context {
  json: string;
  /** Where the text ends: the document's length, or the end of one element walked in place. */
  end: i32;
  value: Result = new Result();
  pipe: string = '';
  piped: bool = false;
  /** The value was computed ('#' count): its index stays 0. */
  calcd: bool = false;
  constructor(json: string, end: i32) {
    this.json = json;
    this.end = end;
  }
}

/** Set by walkObject / walkArray: the path was resolved. */
let walkHit: bool = false;

function literalType(c: i32): ResultType {
  return c == 0x74 ? ResultType.True : c == 0x66 ? ResultType.False : ResultType.Null;
}

function walkObject(c: Context, i: i32, path: string): i32 {
  if (!enterLevel()) {
    walkHit = false;
    return c.end + 1;
  }
  const end = walkObjectIn(c, i, path);
  leaveLevel();
  return end;
}

// The last object path component parsed: a projection or query walks every
// element with the same path, so it is parsed once (ObjectPath is read-only).
let lastObjectPathText: string = '';
let lastObjectPath: ObjectPath | null = null;

function objectPathOf(path: string): ObjectPath {
  const cached = lastObjectPath;
  if (cached !== null && path == lastObjectPathText) return cached;
  const parsed = parseObjectPath(path);
  lastObjectPathText = path;
  lastObjectPath = parsed;
  return parsed;
}

function walkObjectIn(c: Context, i: i32, path: string): i32 {
  const rp = objectPathOf(path);
  if (!rp.more && rp.piped) {
    c.pipe = rp.pipe;
    c.piped = true;
  }
  const json = c.json;
  const n = c.end;
  let ok = false;
  while (i < n) {
    let ks = 0;
    let ke = 0;
    let kesc = false;
    for (; i < n; i++) {
      const ch = cu(json, i);
      if (ch == 0x22) {
        ks = i + 1;
        i = scanString(json, i + 1, n);
        ok = scanOk;
        kesc = scanEscaped;
        ke = i - 1;
        break;
      }
      if (ch == 0x7d) {
        walkHit = false;
        return i + 1;
      }
    }
    if (!ok) {
      walkHit = false;
      return i;
    }
    if (i >= n) break;
    let pmatch: bool;
    if (rp.wild) {
      const key = kesc ? unescape(json, ks, ke) : json.substring(ks, ke);
      pmatch = globMatch(key, rp.part);
    } else if (kesc) {
      pmatch = unescape(json, ks, ke) == rp.part;
    } else {
      pmatch = regionEquals(json, ks, ke, rp.part);
    }
    let hit = pmatch && !rp.more;
    for (; i < n; i++) {
      const ch = cu(json, i);
      let num = false;
      if (ch == 0x22) {
        const s = i;
        i = scanString(json, i + 1, n);
        if (!scanOk) {
          walkHit = false;
          return i;
        }
        if (hit) {
          c.value = stringResult(json, s, i, scanEscaped, true);
          walkHit = true;
          return i;
        }
      } else if (ch == 0x7b || ch == 0x5b) {
        if (pmatch && !hit) {
          i = ch == 0x7b ? walkObject(c, i + 1, rp.path) : walkArray(c, i + 1, rp.path);
          if (walkHit) return i;
        } else {
          const s = i;
          i = skipContainer(json, i, n);
          if (hit) {
            c.value = Result.of(ResultType.JSON, json.substring(s, i), '', 0, s);
            walkHit = true;
            return i;
          }
        }
      } else if (ch == 0x6e && i + 1 < n && cu(json, i + 1) != 0x75) {
        num = true;
      } else if (ch == 0x74 || ch == 0x66 || ch == 0x6e) {
        const s = i;
        i = scanLiteral(json, i, n);
        if (hit) {
          c.value = Result.of(literalType(ch), json.substring(s, i), '', 0, s);
          walkHit = true;
          return i;
        }
      } else if (isNumberStart(ch)) {
        num = true;
      } else {
        continue;
      }
      if (num) {
        const s = i;
        i = scanNumber(json, i, n);
        if (hit) {
          c.value = numberResult(json, s, i);
          walkHit = true;
          return i;
        }
      }
      break;
    }
  }
  walkHit = false;
  return i;
}

/** A decimal array index, or -1 when the component is not one. */
function parseIndex(s: string): i32 {
  const n = s.length;
  if (n == 0) return -1;
  let v: i64 = 0;
  for (let i = 0; i < n; i++) {
    const c = cu(s, i);
    if (c < 0x30 || c > 0x39) return -1;
    v = v * 10 + (c - 0x30);
    if (v > 0x7fffffff) v = 0x80000000; // beyond any array this runtime can hold
  }
  return v > 0x7fffffff ? -1 : <i32>v;
}

/**
 * Go's Get(json[start:end], path) for an element of the array being walked,
 * evaluated in place: no copy of the element. Paths whose first character
 * makes Get treat them specially (modifier, literal, multipath, JSON Lines)
 * take the element as text of its own. Results keep offsets in json.
 */
function getWithin(json: string, start: i32, end: i32, path: string): Result {
  if (path.length > 1) {
    const f = cu(path, 0);
    if (f == 0x40 || f == 0x21 || f == 0x5b || f == 0x7b || (f == 0x2e && cu(path, 1) == 0x2e)) {
      const whole = Result.of(ResultType.JSON, json.substring(start, end), '', 0, start);
      whole.index = 0;
      return getFrom(whole, path);
    }
  }
  if (!enterLevel()) return new Result();
  const c = new Context(json, end);
  for (let i = start; i < end; i++) {
    const ch = cu(json, i);
    if (ch == 0x7b) {
      walkObject(c, i + 1, path);
      break;
    }
    if (ch == 0x5b) {
      walkArray(c, i + 1, path);
      break;
    }
  }
  leaveLevel();
  if (c.piped) {
    const res = getFrom(c.value, c.pipe);
    res.index = 0;
    return res;
  }
  const v = c.value;
  // Go reports the index relative to the element here (the element's own Get).
  if (v.raw.length > 0 && !c.calcd) v.index = v.offset >= 0 ? v.offset - start : 0;
  return v;
}

/** Set by valueBounds: where the value found starts and ends. */
let valueStart: i32 = 0;
let valueEnd: i32 = 0;

/**
 * The bounds of the first value at or after i, as Go's parseAny finds it,
 * without copying it. False at the end of the text or on an unterminated string.
 */
function valueBounds(json: string, i: i32, n: i32): bool {
  for (; i < n; i++) {
    const c = cu(json, i);
    if (c == 0x7b || c == 0x5b) {
      valueStart = i;
      valueEnd = min(skipContainer(json, i, n), n);
      return true;
    }
    if (c <= 0x20) continue;
    if (c == 0x22) {
      valueStart = i;
      valueEnd = scanString(json, i + 1, n);
      return scanOk;
    }
    if (isNumberStart(c) || (c == 0x6e && i + 1 < n && cu(json, i + 1) != 0x75)) {
      valueStart = i;
      valueEnd = scanNumber(json, i, n);
      return true;
    }
    if (c == 0x74 || c == 0x66 || c == 0x6e) {
      valueStart = i;
      valueEnd = scanLiteral(json, i, n);
      return true;
    }
  }
  return false;
}

/** A scalar query candidate: Go gives it index 0 but its text is a slice of the document at s. */
function candidate(type: ResultType, json: string, s: i32, e: i32): Result {
  const r = Result.of(type, json.substring(s, e), '', 0, s);
  r.index = 0;
  return r;
}

/** State of one array walk that the query step needs. */
class QueryState {
  all: string[] | null = null;
}

/**
 * Tests one element against the query of rp. Containers are tested in place
 * (scalar is null, the element is json[s:e]); scalars come as a Result.
 */
function runQuery(
  c: Context,
  rp: ArrayPath,
  q: QueryState,
  scalar: Result | null,
  s: i32,
  e: i32,
): bool {
  if (rp.queryAll && q.all === null) q.all = new Array<string>();
  const json = c.json;
  let res: Result;
  if (scalar === null) {
    res = getWithin(json, s, e, rp.queryPath);
  } else {
    if (rp.queryPath.length != 0) return false;
    res = scalar;
  }
  if (!queryMatches(rp, res)) return false;
  if (rp.more) {
    const left = splitPipe(rp.path);
    if (left !== null) {
      rp.path = left;
      c.pipe = pipeRight;
      c.piped = true;
    }
    if (scalar === null) {
      res = getWithin(json, s, e, rp.path);
    } else {
      res = getFrom(scalar, rp.path);
    }
  } else if (scalar === null) {
    res = Result.of(ResultType.JSON, json.substring(s, e), '', 0, s);
    res.index = 0;
  } else {
    res = scalar;
  }
  if (rp.queryAll) {
    let raw = res.raw;
    if (raw.length == 0) raw = res.toString();
    if (raw.length != 0) (q.all as string[]).push(raw);
    return false;
  }
  c.value = res;
  return true;
}

function walkArray(c: Context, i: i32, path: string): i32 {
  if (!enterLevel()) {
    walkHit = false;
    return c.end + 1;
  }
  const end = walkArrayIn(c, i, path);
  leaveLevel();
  return end;
}

function walkArrayIn(c: Context, i: i32, path: string): i32 {
  const rp = parseArrayPath(path);
  let partidx = -1;
  if (!rp.arrch) partidx = parseIndex(rp.part);
  if (!rp.more && rp.piped) {
    c.pipe = rp.pipe;
    c.piped = true;
  }
  const json = c.json;
  const n = c.end;
  let h = 0;
  let pmatch = false;
  let hit = false;
  const alog = rp.alogok ? new Array<i32>() : null;
  const q = new QueryState();
  while (i < n + 1) {
    if (!rp.arrch) {
      pmatch = partidx == h;
      hit = pmatch && !rp.more;
    }
    h++;
    if (alog !== null) alog.push(i);
    for (; ; i++) {
      if (i > n) break;
      const ch = i == n ? 0x5d : cu(json, i);
      let num = false;
      if (ch == 0x22) {
        const s = i;
        i = scanString(json, i + 1, n);
        if (!scanOk) {
          walkHit = false;
          return i;
        }
        if (rp.queryOn) {
          const qval = stringResult(json, s, i, scanEscaped, true);
          qval.index = 0;
          if (runQuery(c, rp, q, qval, 0, 0)) {
            walkHit = true;
            return i;
          }
        } else if (hit && !rp.alogok) {
          c.value = stringResult(json, s, i, scanEscaped, true);
          walkHit = true;
          return i;
        }
      } else if (ch == 0x7b || ch == 0x5b) {
        if (pmatch && !hit) {
          i = ch == 0x7b ? walkObject(c, i + 1, rp.path) : walkArray(c, i + 1, rp.path);
          if (walkHit && !rp.alogok) return i;
        } else {
          const s = i;
          i = skipContainer(json, i, n);
          if (rp.queryOn) {
            if (runQuery(c, rp, q, null, s, min(i, n))) {
              walkHit = true;
              return i;
            }
          } else if (hit && !rp.alogok) {
            c.value = Result.of(ResultType.JSON, json.substring(s, i), '', 0, s);
            walkHit = true;
            return i;
          }
        }
      } else if (ch == 0x6e && i + 1 < n && cu(json, i + 1) != 0x75) {
        num = true;
      } else if (ch == 0x74 || ch == 0x66 || ch == 0x6e) {
        const s = i;
        i = scanLiteral(json, i, n);
        if (rp.queryOn) {
          if (runQuery(c, rp, q, candidate(literalType(ch), json, s, i), 0, 0)) {
            walkHit = true;
            return i;
          }
        } else if (hit && !rp.alogok) {
          c.value = Result.of(literalType(ch), json.substring(s, i), '', 0, s);
          walkHit = true;
          return i;
        }
      } else if (isNumberStart(ch)) {
        num = true;
      } else if (ch == 0x5d) {
        if (rp.arrch && rp.part == '#') {
          if (alog !== null) {
            return collectProjection(c, rp, alog, i);
          }
          c.value = Result.of(ResultType.Number, (h - 1).toString(), '', <f64>(h - 1), -1);
          c.calcd = true;
          walkHit = true;
          return i + 1;
        }
        if (!c.value.exists()) {
          const all = q.all;
          if (all !== null) {
            c.value = Result.of(ResultType.JSON, '[' + all.join(',') + ']', '', 0, -1);
          } else if (rp.queryAll) {
            c.value = Result.of(ResultType.JSON, '[]', '', 0, -1);
          }
        }
        walkHit = false;
        return i + 1;
      } else {
        continue;
      }
      if (num) {
        const s = i;
        i = scanNumber(json, i, n);
        if (rp.queryOn) {
          const qval = numberResult(json, s, i);
          qval.index = 0;
          if (runQuery(c, rp, q, qval, 0, 0)) {
            walkHit = true;
            return i;
          }
        } else if (hit && !rp.alogok) {
          c.value = numberResult(json, s, i);
          walkHit = true;
          return i;
        }
      }
      break;
    }
  }
  walkHit = false;
  return i;
}

/** '#.key': the key of every element, as a computed array. */
function collectProjection(c: Context, rp: ArrayPath, alog: i32[], i: i32): i32 {
  const json = c.json;
  const n = c.end;
  const left = splitPipe(rp.alogkey);
  if (left !== null) {
    rp.alogkey = left;
    c.pipe = pipeRight;
    c.piped = true;
  }
  const parts = new Array<string>();
  for (let j = 0; j < alog.length; j++) {
    let idx = alog[j];
    while (idx < n) {
      const ch = cu(json, idx);
      if (ch == 0x20 || ch == 0x09 || ch == 0x0d || ch == 0x0a) {
        idx++;
        continue;
      }
      break;
    }
    if (idx < n && cu(json, idx) != 0x5d && valueBounds(json, idx, n)) {
      const res = getWithin(json, valueStart, valueEnd, rp.alogkey);
      if (res.exists()) {
        let raw = res.raw;
        if (raw.length == 0) raw = res.toString();
        parts.push(raw);
      }
    }
  }
  c.value = Result.of(ResultType.JSON, '[' + parts.join(',') + ']', '', 0, -1);
  walkHit = true;
  return i + 1;
}

/** Set by runModifierPath / runLiteralPath: the path after the modifier or literal. */
let stepRest: string = '';
/** Set by runModifierPath / runLiteralPath: the JSON text it produced. */
let stepJSON: string = '';

/** '@name' or '@name:args' at the start of path. Returns false for unknown modifiers. */
function runModifierPath(json: string, path: string): bool {
  let name = path.substring(1);
  let rest = '';
  let hasArgs = false;
  const n = path.length;
  for (let i = 1; i < n; i++) {
    const c = cu(path, i);
    if (c == 0x3a) {
      rest = path.substring(i + 1);
      name = path.substring(1, i);
      hasArgs = rest.length > 0;
      break;
    }
    if (c == 0x7c || c == 0x2e) {
      rest = path.substring(i);
      name = path.substring(1, i);
      break;
    }
  }
  if (!isModifierName(name)) {
    stepRest = rest;
    return false;
  }
  let args = '';
  if (hasArgs) {
    const end = modifierArgsEnd(rest);
    args = rest.substring(0, end);
    rest = rest.substring(end);
  }
  stepRest = rest;
  stepJSON = applyModifier(name, json, args);
  return true;
}

/** '!literal' at the start of path: !true, !false, !null, !NaN, !Inf or any JSON value. */
function runLiteralPath(path: string): bool {
  let name = path.substring(1);
  let rest = '';
  if (name.length > 0) {
    const c = cu(name, 0);
    if (c == 0x7b || c == 0x5b || c == 0x22 || c == 0x2b || c == 0x2d || (c >= 0x30 && c <= 0x39)) {
      const end = min(skipContainer(name, 0), name.length);
      stepJSON = name.substring(0, end);
      stepRest = name.substring(end);
      return true;
    }
  }
  for (let i = 1; i < path.length; i++) {
    const c = cu(path, i);
    if (c == 0x7c || c == 0x2e) {
      rest = path.substring(i);
      name = path.substring(1, i);
      break;
    }
  }
  const lower = name.toLowerCase();
  stepRest = rest;
  if (lower == 'true' || lower == 'false' || lower == 'null' || lower == 'nan' || lower == 'inf') {
    stepJSON = name;
    return true;
  }
  return false;
}

/**
 * Set by runMultipath when it returns null: the path Go goes on with. Like Go,
 * an unclosed multipath leaves "", and text after the closing bracket that is
 * not a pipe or dot is looked up on its own.
 */
let multipathFallback: string = '';

/** A multipath "[a,b]" or "{a,b}" at the start of path, or null when path is not one. */
function runMultipath(json: string, path: string): Result | null {
  const kind = cu(path, 0);
  const subs = parseSubSelectors(path);
  if (subs === null) {
    multipathFallback = '';
    return null;
  }
  const rest = subSelectorsRest;
  if (rest.length != 0 && cu(rest, 0) != 0x7c && cu(rest, 0) != 0x2e) {
    multipathFallback = rest;
    return null;
  }
  const parts = new Array<string>();
  for (let k = 0; k < subs.length; k++) {
    const sub = subs[k];
    const res = getPath(json, sub.path);
    if (!res.exists()) continue;
    let member = '';
    if (kind == 0x7b) {
      if (sub.name.length > 0) {
        if (cu(sub.name, 0) == 0x22 && valid(sub.name)) member = sub.name;
        else member = appendJSONString(sub.name);
      } else {
        const last = nameOfLast(sub.path);
        member = appendJSONString(isSimpleName(last) ? last : '_');
      }
      member += ':';
    }
    let raw = res.raw;
    if (raw.length == 0) {
      raw = res.toString();
      if (raw.length == 0) raw = 'null';
    }
    parts.push(member + raw);
  }
  const text = kind == 0x7b ? '{' + parts.join(',') + '}' : '[' + parts.join(',') + ']';
  let res = Result.of(ResultType.JSON, text, '', 0, -1);
  if (rest.length > 0) res = getFrom(res, rest.substring(1));
  res.index = 0;
  return res;
}

/**
 * Go's gjson.Get. This is the library's entry point: nothing in the library
 * calls it, so each call starts with the whole recursion budget (a call cut
 * short by a trap cannot leave the budget spent for the next one).
 */
export function get(json: string, path: string): Result {
  resetLevels();
  return getPath(json, path);
}

/** Go's Result.Get, from the public Result.get: a fresh recursion budget. */
export function getFromResult(r: Result, path: string): Result {
  resetLevels();
  return getFrom(r, path);
}

/** Result.Get inside the library. */
export function getFrom(r: Result, path: string): Result {
  const res = getPath(r.raw, path);
  res.index += r.index;
  res.offset = res.offset >= 0 && r.offset >= 0 ? res.offset + r.offset : -1;
  return res;
}

/** Get inside the library, counting against the recursion budget. */
export function getPath(json: string, path: string): Result {
  if (!enterLevel()) return new Result();
  const r = getIn(json, path);
  leaveLevel();
  return r;
}

function getIn(json: string, path: string): Result {
  if (path.length > 1) {
    const first = cu(path, 0);
    if (first == 0x40 || first == 0x21) {
      const ok = first == 0x40 ? runModifierPath(json, path) : runLiteralPath(path);
      if (ok) {
        const rest = stepRest;
        const out = stepJSON;
        // A modifier that hands back its input unchanged keeps the document's offsets.
        const same = changetype<usize>(out) == changetype<usize>(json);
        if (rest.length > 0 && (cu(rest, 0) == 0x7c || cu(rest, 0) == 0x2e)) {
          const res = getPath(out, rest.substring(1));
          res.index = 0;
          if (!same) res.offset = -1;
          return res;
        }
        const res = parse(out);
        if (!same) res.offset = -1;
        return res;
      }
    }
    if (first == 0x5b || first == 0x7b) {
      const res = runMultipath(json, path);
      if (res !== null) return res;
      path = multipathFallback;
    }
  }
  const c = new Context(json, json.length);
  if (path.length >= 2 && cu(path, 0) == 0x2e && cu(path, 1) == 0x2e) {
    // JSON Lines: the whole text is a sequence of values.
    walkArray(c, 0, path.substring(2));
  } else {
    const n = json.length;
    for (let i = 0; i < n; i++) {
      const ch = cu(json, i);
      if (ch == 0x7b) {
        walkObject(c, i + 1, path);
        break;
      }
      if (ch == 0x5b) {
        walkArray(c, i + 1, path);
        break;
      }
    }
  }
  if (c.piped) {
    const res = getFrom(c.value, c.pipe);
    res.index = 0;
    return res;
  }
  const v = c.value;
  if (v.raw.length > 0 && !c.calcd) v.index = v.offset >= 0 ? v.offset : 0;
  return v;
}

/** Go's gjson.GetMany. */
export function getMany(json: string, paths: string[]): Result[] {
  const out = new Array<Result>(paths.length);
  for (let i = 0; i < paths.length; i++) out[i] = get(json, paths[i]);
  return out;
}
