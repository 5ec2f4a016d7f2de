// The value gjson returns: its kind, raw JSON text, and Go's conversions.

import { cu } from './chars';
import {
  floatError,
  floatToInt,
  formatFloatFixed,
  intOk,
  isSafeInteger,
  parseGoFloat,
  parseGoInt,
} from './numbers';
import {
  rawStringEnd,
  scanEscaped,
  scanLiteral,
  scanNumber,
  scanOk,
  scanString,
  skipContainer,
  squashEnd,
  unescape,
} from './scanner';
import { getFromResult } from './get';

export const enum ResultType {
  Null = 0,
  False = 1,
  Number = 2,
  String = 3,
  True = 4,
  JSON = 5,
}

export class ObjectEntry {
  key: string;
  value: Result;
  constructor(key: string, value: Result) {
    this.key = key;
    this.value = value;
  }
}

export class Result {
  type: ResultType = ResultType.Null;
  /** The raw JSON text of the value; "" when it does not exist. */
  raw: string = '';
  /** The unescaped value of a String. */
  str: string = '';
  /** The value of a Number. */
  num: f64 = 0;
  /** Offset of raw in the document (UTF-16 code units); 0 when computed. */
  index: i32 = 0;
  /**
   * Where raw sits in the document the lookup ran on, or -1 when raw was
   * computed (modifiers, multipaths, projections). Go finds this out by
   * comparing string pointers and reports 0 as the index of computed values.
   */
  offset: i32 = -1;

  static of(type: ResultType, raw: string, str: string, num: f64, offset: i32): Result {
    const r = new Result();
    r.type = type;
    r.raw = raw;
    r.str = str;
    r.num = num;
    r.offset = offset;
    r.index = offset >= 0 ? offset : 0;
    return r;
  }

  exists(): bool {
    return this.type != ResultType.Null || this.raw.length != 0;
  }

  isObject(): bool {
    return this.type == ResultType.JSON && this.raw.length > 0 && cu(this.raw, 0) == 0x7b;
  }

  isArray(): bool {
    return this.type == ResultType.JSON && this.raw.length > 0 && cu(this.raw, 0) == 0x5b;
  }

  isBool(): bool {
    return this.type == ResultType.True || this.type == ResultType.False;
  }

  /** Go's Result.String(). */
  toString(): string {
    switch (this.type) {
      case ResultType.False:
        return 'false';
      case ResultType.True:
        return 'true';
      case ResultType.String:
        return this.str;
      case ResultType.JSON:
        return this.raw;
      case ResultType.Number: {
        const raw = this.raw;
        const n = raw.length;
        if (n == 0) return formatFloatFixed(this.num);
        let i = cu(raw, 0) == 0x2d ? 1 : 0;
        for (; i < n; i++) {
          const c = cu(raw, i);
          if (c < 0x30 || c > 0x39) return formatFloatFixed(this.num);
        }
        return raw;
      }
      default:
        return '';
    }
  }

  /** Go's Result.Bool(). */
  bool(): bool {
    switch (this.type) {
      case ResultType.True:
        return true;
      case ResultType.String:
        return parseGoBool(this.str) == 1;
      case ResultType.Number:
        return this.num != 0;
      default:
        return false;
    }
  }

  /** Go's Result.Int(). */
  int(): i64 {
    switch (this.type) {
      case ResultType.True:
        return 1;
      case ResultType.String: {
        const n = parseGoInt(this.str);
        if (intOk) return n;
        const f = parseGoFloat(this.str, 0, this.str.length);
        if (!floatError) return floatToInt(f);
        return 0;
      }
      case ResultType.Number: {
        if (isSafeInteger(this.num)) return <i64>this.num;
        const n = parseGoInt(this.raw);
        if (intOk) return n;
        return floatToInt(this.num);
      }
      default:
        return 0;
    }
  }

  /** Go's Result.Float(). */
  float(): f64 {
    switch (this.type) {
      case ResultType.True:
        return 1;
      case ResultType.String:
        return parseGoFloat(this.str, 0, this.str.length);
      case ResultType.Number:
        return this.num;
      default:
        return 0;
    }
  }

  /** Go's Result.Array(). */
  array(): Result[] {
    if (this.type == ResultType.Null) return new Array<Result>();
    if (!this.isArray()) {
      const one = new Array<Result>(1);
      one[0] = this;
      return one;
    }
    return arrayValues(this);
  }

  /** The members of an object in document order (duplicates kept, as Go's ForEach). */
  entries(): ObjectEntry[] {
    const out = new Array<ObjectEntry>();
    if (!this.isObject()) return out;
    const it = iterate(this);
    for (let k = 0; k < it.values.length; k++) out.push(new ObjectEntry(it.keys[k], it.values[k]));
    return out;
  }

  /** Go's Result.Get: a path evaluated against this value. */
  get(path: string): Result {
    return getFromResult(this, path);
  }
}

/** Go's strconv.ParseBool on the lower-cased text: 1 true, 0 false, -1 invalid. */
export function parseGoBool(s: string): i32 {
  const l = s.toLowerCase();
  if (l == '1' || l == 't' || l == 'true') return 1;
  if (l == '0' || l == 'f' || l == 'false') return 0;
  return -1;
}

/** Builds a Number result from raw[start:end] of json. */
export function numberResult(json: string, start: i32, end: i32): Result {
  return Result.of(
    ResultType.Number,
    json.substring(start, end),
    '',
    parseGoFloat(json, start, end),
    start,
  );
}

/** Builds a String result for a string whose quotes are at start and end-1. */
export function stringResult(
  json: string,
  start: i32,
  end: i32,
  escaped: bool,
  closed: bool,
): Result {
  const bodyEnd = closed ? end - 1 : end;
  const str = escaped ? unescape(json, start + 1, bodyEnd) : json.substring(start + 1, bodyEnd);
  return Result.of(ResultType.String, json.substring(start, end), str, 0, start);
}

/** Set by parseAnyAt: the index past the value. */
export let parseAnyEnd: i32 = 0;

/** The first index at or after i, before n, past whitespace, ',' and ':' (between an object's key and value). */
export function skipMemberSeparators(json: string, i: i32, n: i32): i32 {
  while (i < n) {
    const c = cu(json, i);
    if (c > 0x20 && c != 0x2c && c != 0x3a) break;
    i++;
  }
  return i;
}

/**
 * Go's parseAny: the first value at or after i (skipping anything that cannot
 * start a value). Returns null at the end of the text or on an unterminated
 * string.
 */
export function parseAnyAt(json: string, i: i32, end: i32 = -1): Result | null {
  const n = end < 0 ? json.length : end;
  for (; i < n; i++) {
    const c = cu(json, i);
    if (c == 0x7b || c == 0x5b) {
      const end = skipContainer(json, i, n);
      parseAnyEnd = end;
      return Result.of(ResultType.JSON, json.substring(i, end), '', 0, i);
    }
    if (c <= 0x20) continue;
    if (c == 0x22) {
      const end = scanString(json, i + 1, n);
      parseAnyEnd = end;
      if (!scanOk) return null;
      return stringResult(json, i, end, scanEscaped, true);
    }
    let num = isNumberStart(c);
    if (c == 0x6e && i + 1 < n && cu(json, i + 1) != 0x75) num = true;
    if (num) {
      const end = scanNumber(json, i, n);
      parseAnyEnd = end;
      return numberResult(json, i, end);
    }
    if (c == 0x74 || c == 0x66 || c == 0x6e) {
      const end = scanLiteral(json, i, n);
      parseAnyEnd = end;
      const t = c == 0x74 ? ResultType.True : c == 0x66 ? ResultType.False : ResultType.Null;
      return Result.of(t, json.substring(i, end), '', 0, i);
    }
  }
  parseAnyEnd = i;
  return null;
}

import { isNumberStart } from './chars';

/** Go's Result.Array() for an array value: its own lenient element scanner. */
function arrayValues(t: Result): Result[] {
  const json = t.raw;
  const n = json.length;
  const out = new Array<Result>();
  let i = 0;
  for (; i < n; i++) {
    const c = cu(json, i);
    if (c == 0x5b) {
      i++;
      break;
    }
    if (c > 0x20) return out;
  }
  for (; i < n; i++) {
    const c = cu(json, i);
    if (c <= 0x20) continue;
    if (c == 0x5d || c == 0x7d) break;
    let v: Result;
    if ((c >= 0x30 && c <= 0x39) || c == 0x2d) {
      const end = scanNumber(json, i);
      v = numberResult(json, i, end);
    } else if (c == 0x7b || c == 0x5b) {
      const end = squashEnd(json, i);
      v = Result.of(ResultType.JSON, json.substring(i, end), '', 0, i);
    } else if (c == 0x6e || c == 0x74 || c == 0x66) {
      const end = scanLiteral(json, i);
      const type = c == 0x6e ? ResultType.Null : c == 0x74 ? ResultType.True : ResultType.False;
      v = Result.of(type, json.substring(i, end), '', 0, i);
    } else if (c == 0x22) {
      const end = rawStringEnd(json, i);
      v = stringResult(json, i, end, scanEscaped, scanOk);
    } else {
      continue;
    }
    v.index += t.index;
    v.offset = t.offset >= 0 ? v.offset + t.offset : -1;
    out.push(v);
    i += v.raw.length - 1;
  }
  return out;
}

/** Go's Parse: the first value of the text, without validating the rest. */
export function parse(json: string): Result {
  const n = json.length;
  for (let i = 0; i < n; i++) {
    const c = cu(json, i);
    if (c == 0x7b || c == 0x5b) {
      return Result.of(ResultType.JSON, i == 0 ? json : json.substring(i), '', 0, i);
    }
    if (c <= 0x20) continue;
    if (isNumberStart(c) || (c == 0x6e && i + 1 < n && cu(json, i + 1) != 0x75)) {
      const end = scanNumber(json, i);
      return numberResult(json, i, end);
    }
    if (c == 0x6e || c == 0x74 || c == 0x66) {
      const end = scanLiteral(json, i);
      const type = c == 0x6e ? ResultType.Null : c == 0x74 ? ResultType.True : ResultType.False;
      return Result.of(type, json.substring(i, end), '', 0, i);
    }
    if (c == 0x22) {
      const end = rawStringEnd(json, i);
      return stringResult(json, i, end, scanEscaped, scanOk);
    }
    return new Result();
  }
  return new Result();
}

/** What Go's Result.ForEach visits: keys (raw and unescaped) and values. */
export class Iteration {
  keysRaw: string[] = new Array<string>();
  keys: string[] = new Array<string>();
  values: Result[] = new Array<Result>();
}

/**
 * Go's Result.ForEach, collected: nothing for a missing value, the value itself
 * for a scalar, the members of an object or the elements of an array.
 */
export function iterate(t: Result): Iteration {
  const it = new Iteration();
  if (!t.exists()) return it;
  if (t.type != ResultType.JSON) {
    it.keysRaw.push('');
    it.keys.push('');
    it.values.push(t);
    return it;
  }
  const json = t.raw;
  const n = json.length;
  let i = 0;
  let obj = false;
  for (; i < n; i++) {
    const c = cu(json, i);
    if (c == 0x7b) {
      obj = true;
      i++;
      break;
    }
    if (c == 0x5b) {
      i++;
      break;
    }
    if (c > 0x20) return it;
  }
  while (i < n) {
    if (obj) {
      if (cu(json, i) != 0x22) {
        i++;
        continue;
      }
      const ks = i;
      i = scanString(json, i + 1);
      if (!scanOk) return it;
      it.keysRaw.push(json.substring(ks, i));
      it.keys.push(scanEscaped ? unescape(json, ks + 1, i - 1) : json.substring(ks + 1, i - 1));
    } else {
      it.keysRaw.push('');
      it.keys.push('');
    }
    i = skipMemberSeparators(json, i, n);
    const value = parseAnyAt(json, i);
    if (value === null) {
      it.keysRaw.pop();
      it.keys.pop();
      return it;
    }
    value.index += t.index;
    value.offset = t.offset >= 0 ? value.offset + t.offset : -1;
    it.values.push(value);
    // Like Go's ForEach, the character right after a value is skipped.
    i = parseAnyEnd + 1;
  }
  return it;
}
