// How function arguments convert, following what gjson_template hands to Go functions
// (Sprig's cast helpers for numbers, strval for strings).

import { execError } from '../errors';
import { Kind, Value, exactInt, goString, formatV } from '../value';
import { parseFloatStrict, parseIntBase0, parseIntOk } from '../numbers';

/**
 * A Go string parameter: a string, or the raw text of a JSON array or object (what gjson_template
 * passes for them). Anything else fails as Go's reflection does.
 */
export function str(v: Value): string {
  if (v.kind == Kind.String) return v.str;
  if (v.kind == Kind.Json) return v.raw;
  if (v.kind == Kind.Number && v.rune) return String.fromCodePoint(<i32>v.num);
  execError('wrong type for value; expected string; got ' + typeName(v));
  return '';
}

/** A Go bool parameter. */
export function boolParam(v: Value): bool {
  if (v.kind == Kind.True) return true;
  if (v.kind == Kind.False) return false;
  execError('wrong type for value; expected bool; got ' + typeName(v));
  return false;
}

/** Sprig's strval: fmt %v of the value. */
export function strval(v: Value): string {
  if (v.kind == Kind.String) return v.str;
  return formatV(v);
}

/** Sprig's toInt64 (spf13/cast). */
export function toInt64(v: Value): i64 {
  switch (v.kind) {
    case Kind.Number:
      if (v.isIntegral()) return exactInt(v);
      if (isNaN(v.num) || !isFinite(v.num)) return i64.MIN_VALUE;
      return <i64>v.num;
    case Kind.True:
      return 1;
    case Kind.String: {
      let s = v.str;
      // cast trims a zero decimal part: "12.0" → 12
      const dot = s.indexOf('.');
      if (dot >= 0) {
        let allZero = true;
        for (let i = dot + 1; i < s.length; i++) if (s.charCodeAt(i) != 0x30) allZero = false;
        if (allZero && dot > 0) s = s.substring(0, dot);
      }
      const n = parseIntBase0(s);
      return parseIntOk ? n : 0;
    }
    default:
      return 0;
  }
}

export function toInt(v: Value): i32 {
  return <i32>toInt64(v);
}

/** Sprig's toFloat64. */
export function toFloat64(v: Value): f64 {
  switch (v.kind) {
    case Kind.Number:
      return v.num;
    case Kind.True:
      return 1;
    case Kind.String: {
      const f = parseFloatStrict(v.str);
      return isNaN(f) && v.str.toLowerCase() != 'nan' ? 0 : f;
    }
    default:
      return 0;
  }
}

/** Sprig's empty. */
export function isEmpty(v: Value): bool {
  switch (v.kind) {
    case Kind.Missing:
    case Kind.Null:
    case Kind.False:
      return true;
    case Kind.True:
      return false;
    case Kind.Number:
      return v.num == 0;
    case Kind.String:
      return v.str.length == 0;
    case Kind.Json: {
      for (let i = 1; i < v.raw.length; i++) {
        const c = v.raw.charCodeAt(i);
        if (c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d) continue;
        return c == 0x5d || c == 0x7d;
      }
      return true;
    }
    case Kind.List:
      return v.items!.length == 0;
    case Kind.Dict:
      return v.keys!.length == 0;
    default:
      return false;
  }
}

/** Go's reflect kind name of what a function receives. */
export function kindName(v: Value): string {
  switch (v.kind) {
    case Kind.Missing:
    case Kind.Null:
      return 'invalid';
    case Kind.True:
    case Kind.False:
      return 'bool';
    case Kind.Number:
      return v.isIntegral() ? 'int' : 'float64';
    case Kind.String:
      return 'string';
    case Kind.Json:
      return v.isJsonArray() ? 'slice' : 'map';
    case Kind.List:
      return 'slice';
    case Kind.Dict:
      return 'map';
    default:
      return 'struct';
  }
}

/** Go's %T of what a function receives. */
export function typeName(v: Value): string {
  switch (v.kind) {
    case Kind.Missing:
    case Kind.Null:
      return '<nil>';
    case Kind.List:
      return '[]interface {}';
    case Kind.Dict:
      return 'map[string]interface {}';
    case Kind.Json:
      return v.isJsonArray() ? '[]interface {}' : 'map[string]interface {}';
    case Kind.Time:
      return 'time.Time';
    default:
      return kindName(v);
  }
}

/** UTF-8 bytes of a string. */
export function utf8(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

export function fromUtf8(b: Uint8Array): string {
  return String.UTF8.decodeUnsafe(b.dataStart, <usize>b.length);
}

export function isAscii(s: string): bool {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** s[start:end] over UTF-8 bytes, as Go slices strings. */
export function byteSlice(s: string, start: i32, end: i32): string {
  if (isAscii(s)) return s.substring(start, end);
  const b = utf8(s);
  return fromUtf8(b.subarray(start, end));
}
