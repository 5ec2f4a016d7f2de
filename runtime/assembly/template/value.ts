// Template values. A value read from the data is a slice of the JSON text (kind Json, Number,
// String... with its raw text), so field access over a large document never builds a tree; values
// that functions compute are strings, numbers, booleans, lists, dicts and times.
//
// As in gjson_template, what a function receives is: null for a missing value or JSON null, a bool,
// an integer when the number is integral (a float otherwise), a string, and for JSON arrays and
// objects their raw JSON text where a string is wanted, or their elements where a list or dict is.

import { Result, ResultType, get, parse } from '../gjson/index';
import { Builder } from './builder';
import { formatShortest, formatFixed6, formatGoG } from './numbers';
import { formatTime, goTimeString } from './time-format';

export const enum Kind {
  Missing = 0,
  Null = 1,
  False = 2,
  True = 3,
  Number = 4,
  String = 5,
  /** A JSON array or object, as raw text. */
  Json = 6,
  List = 7,
  Dict = 8,
  Time = 9,
}

export class Value {
  kind: Kind = Kind.Missing;
  /** Number: its text as printed. Json: the raw JSON. */
  raw: string = '';
  str: string = '';
  num: f64 = 0;
  items: Value[] | null = null;
  keys: string[] | null = null;
  vals: Value[] | null = null;
  /** Time: Unix seconds, nanoseconds within the second, zone offset in seconds, zone name. */
  secs: i64 = 0;
  nsec: i32 = 0;
  offset: i32 = 0;
  zone: string = '';
  /** A number written as a rune constant ('a'): where a string is wanted, it is its character. */
  rune: bool = false;

  static make(kind: Kind): Value {
    const v = new Value();
    v.kind = kind;
    return v;
  }
  static string(s: string): Value {
    const v = Value.make(Kind.String);
    v.str = s;
    return v;
  }
  static bool(b: bool): Value {
    return b ? TRUE : FALSE;
  }
  static int(n: i64): Value {
    const v = Value.make(Kind.Number);
    v.num = <f64>n;
    v.raw = n.toString();
    return v;
  }
  /** A float computed by a function: gjson_template turns it into JSON with %f. */
  static float(f: f64): Value {
    const v = Value.make(Kind.Number);
    v.num = f;
    v.raw = formatFixed6(f);
    return v;
  }
  static number(raw: string, num: f64): Value {
    const v = Value.make(Kind.Number);
    v.num = num;
    v.raw = raw;
    return v;
  }
  static json(raw: string): Value {
    const v = Value.make(Kind.Json);
    v.raw = raw;
    return v;
  }
  static list(items: Value[]): Value {
    const v = Value.make(Kind.List);
    v.items = items;
    return v;
  }
  static dict(): Value {
    const v = Value.make(Kind.Dict);
    v.keys = new Array<string>();
    v.vals = new Array<Value>();
    return v;
  }
  static time(secs: i64, nsec: i32, offset: i32, zone: string): Value {
    const v = Value.make(Kind.Time);
    v.secs = secs;
    v.nsec = nsec;
    v.offset = offset;
    v.zone = zone;
    return v;
  }

  isMissing(): bool {
    return this.kind == Kind.Missing;
  }
  /** Missing or JSON null: what reaches a Go function as nil. */
  isNil(): bool {
    return this.kind == Kind.Missing || this.kind == Kind.Null;
  }
  isJsonArray(): bool {
    return this.kind == Kind.Json && this.raw.length > 0 && this.raw.charCodeAt(0) == 0x5b;
  }
  isJsonObject(): bool {
    return this.kind == Kind.Json && this.raw.length > 0 && this.raw.charCodeAt(0) == 0x7b;
  }
  isArrayLike(): bool {
    return this.kind == Kind.List || this.isJsonArray();
  }
  isObjectLike(): bool {
    return this.kind == Kind.Dict || this.isJsonObject();
  }
  /** gjson_template passes a number as an int when it is integral. */
  isIntegral(): bool {
    return this.kind == Kind.Number && this.num == <f64>(<i64>this.num) && isFinite(this.num);
  }

  // ---- dicts ----
  dictGet(key: string): Value | null {
    const keys = this.keys!;
    for (let i = 0; i < keys.length; i++)
      if (unchecked(keys[i]) == key) return unchecked(this.vals![i]);
    return null;
  }
  dictSet(key: string, value: Value): void {
    const keys = this.keys!;
    for (let i = 0; i < keys.length; i++) {
      if (unchecked(keys[i]) == key) {
        this.vals![i] = value;
        return;
      }
    }
    keys.push(key);
    this.vals!.push(value);
  }
  dictDelete(key: string): void {
    const keys = this.keys!;
    for (let i = 0; i < keys.length; i++) {
      if (unchecked(keys[i]) == key) {
        keys.splice(i, 1);
        this.vals!.splice(i, 1);
        return;
      }
    }
  }
  /** Keys in Go's map order for printing and ranging: sorted. */
  sortedKeys(): string[] {
    const k = this.keys!.slice(0);
    k.sort(compareStrings);
    return k;
  }
}

export function compareStrings(a: string, b: string): i32 {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const MISSING = Value.make(Kind.Missing);
export const NULL = Value.make(Kind.Null);
export const TRUE = Value.make(Kind.True);
export const FALSE = Value.make(Kind.False);
export const EMPTY_STRING = Value.string('');

export function fromResult(r: Result): Value {
  switch (r.type) {
    case ResultType.Null:
      return r.raw.length == 0 ? MISSING : NULL;
    case ResultType.False:
      return FALSE;
    case ResultType.True:
      return TRUE;
    case ResultType.Number:
      return Value.number(r.raw.length > 0 ? r.raw : formatShortest(r.num), r.num);
    case ResultType.String:
      return Value.string(r.str);
    default:
      return Value.json(r.raw);
  }
}

/**
 * Parses JSON text into a value (a slice of it, not a tree). An array or object document is
 * taken as it is (trimmed), without scanning or copying it.
 */
export function fromJSONText(text: string): Value {
  let i = 0;
  let j = text.length;
  while (i < j && isJSONSpace(text.charCodeAt(i))) i++;
  while (j > i && isJSONSpace(text.charCodeAt(j - 1))) j--;
  if (i < j) {
    const c = text.charCodeAt(i);
    const d = text.charCodeAt(j - 1);
    if ((c == 0x7b && d == 0x7d) || (c == 0x5b && d == 0x5d))
      return Value.json(i == 0 && j == text.length ? text : text.substring(i, j));
  }
  return fromResult(parse(text));
}

function isJSONSpace(c: i32): bool {
  return c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d;
}

/** A gjson result for a JSON array or object value, without rescanning its text. */
export function containerResult(v: Value): Result {
  return Result.of(ResultType.JSON, v.raw, '', 0, 0);
}

// ---- conversions ----

/** gjson's Result.String(), the text print and comparisons use. */
export function goString(v: Value): string {
  switch (v.kind) {
    case Kind.Missing:
    case Kind.Null:
      return '';
    case Kind.False:
      return 'false';
    case Kind.True:
      return 'true';
    case Kind.Number:
      return numberString(v);
    case Kind.String:
      return v.str;
    case Kind.Json:
      return v.raw;
    case Kind.Time:
      return timeString(v);
    default:
      return toJSON(v, false);
  }
}

/** gjson's String() of a number: integer text as is, otherwise the shortest decimal form. */
export function numberString(v: Value): string {
  const raw = v.raw;
  const n = raw.length;
  if (n == 0) return formatShortest(v.num);
  let i = raw.charCodeAt(0) == 0x2d ? 1 : 0;
  for (; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return formatShortest(v.num);
  }
  return raw;
}

/** What printing a value in the output writes (gjson_template's printValue). */
export function printString(v: Value): string {
  switch (v.kind) {
    case Kind.Missing:
      return '';
    case Kind.Null:
      return 'null';
    case Kind.Number:
      return v.raw;
    default:
      return goString(v);
  }
}

/** The value a Go function parameter of type string receives (lenient: any scalar converts). */
export function stringArg(v: Value): string {
  return goString(v);
}

/** Go's fmt %v of the value a function receives. */
export function formatV(v: Value): string {
  switch (v.kind) {
    case Kind.Missing:
    case Kind.Null:
      return '<nil>';
    case Kind.Number:
      return v.isIntegral() ? exactInt(v).toString() : formatGoG(v.num);
    case Kind.List: {
      const items = v.items!;
      const b = new Builder();
      b.append('[');
      for (let i = 0; i < items.length; i++) {
        if (i > 0) b.append(' ');
        b.append(formatV(unchecked(items[i])));
      }
      b.append(']');
      return b.toString();
    }
    case Kind.Dict: {
      const keys = v.sortedKeys();
      const b = new Builder();
      b.append('map[');
      for (let i = 0; i < keys.length; i++) {
        if (i > 0) b.append(' ');
        b.append(keys[i]);
        b.append(':');
        b.append(formatV(v.dictGet(keys[i])!));
      }
      b.append(']');
      return b.toString();
    }
    default:
      return goString(v);
  }
}

/** Truth as if/with/and/or/not see it. */
export function truth(v: Value): bool {
  switch (v.kind) {
    case Kind.Missing:
    case Kind.Null:
    case Kind.False:
      return false;
    case Kind.True:
      return true;
    case Kind.Number:
      return v.num != 0;
    case Kind.String:
      return v.str.length > 0;
    case Kind.Json:
      return !isEmptyContainer(v.raw);
    case Kind.List:
      return v.items!.length > 0;
    case Kind.Dict:
      return v.keys!.length > 0;
    default:
      return true;
  }
}

function isEmptyContainer(raw: string): bool {
  for (let i = 1; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d) continue;
    return c == 0x5d || c == 0x7d;
  }
  return true;
}

/** The elements of a list or JSON array; null for anything else. */
export function asList(v: Value): Value[] | null {
  if (v.kind == Kind.List) return v.items;
  if (v.isJsonArray()) {
    const rs = containerResult(v).array();
    const out = new Array<Value>(rs.length);
    for (let i = 0; i < rs.length; i++) unchecked((out[i] = fromResult(unchecked(rs[i]))));
    return out;
  }
  return null;
}

/** A dict view of a dict or JSON object (a new dict for JSON); null for anything else. */
export function asDict(v: Value): Value | null {
  if (v.kind == Kind.Dict) return v;
  if (v.isJsonObject()) {
    const d = Value.dict();
    const entries = containerResult(v).entries();
    for (let i = 0; i < entries.length; i++) {
      const e = unchecked(entries[i]);
      d.dictSet(e.key, fromResult(e.value));
    }
    return d;
  }
  return null;
}

/** Number of elements (arrays, objects), UTF-8 bytes (strings), 0 otherwise. */
export function lengthOf(v: Value): i32 {
  switch (v.kind) {
    case Kind.String:
      return utf8Length(v.str);
    case Kind.List:
      return v.items!.length;
    case Kind.Dict:
      return v.keys!.length;
    case Kind.Json:
      return v.isJsonArray() ? countElements(v.raw) : containerResult(v).entries().length;
    default:
      return 0;
  }
}

/** Elements of a JSON array text, counted without building them. */
export function countElements(raw: string): i32 {
  const n = raw.length;
  let depth = 0;
  let count = 0;
  let sawValue = false;
  const base = changetype<usize>(raw);
  for (let i = 0; i < n; i++) {
    const c = <i32>load<u16>(base + ((<usize>i) << 1));
    if (c == 0x22) {
      if (depth == 1) sawValue = true;
      i++;
      while (i < n) {
        const d = <i32>load<u16>(base + ((<usize>i) << 1));
        if (d == 0x5c) i++;
        else if (d == 0x22) break;
        i++;
      }
      continue;
    }
    if (c == 0x5b || c == 0x7b) {
      if (depth == 1) sawValue = true;
      depth++;
    } else if (c == 0x5d || c == 0x7d) depth--;
    else if (depth == 1) {
      if (c == 0x2c) count++;
      else if (c > 0x20) sawValue = true;
    }
  }
  return sawValue ? count + 1 : 0;
}

export function utf8Length(s: string): i32 {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xe000) n += 2;
    else n += 3;
  }
  return n;
}

// ---- JSON ----

const HEX = '0123456789abcdef';

/** Go encoding/json's string encoding (with HTML escaping when html). */
export function quoteJSON(b: Builder, s: string, html: bool): void {
  b.pushUnit(0x22);
  const n = s.length;
  let run = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let esc = false;
    if (c < 0x20 || c == 0x22 || c == 0x5c || c == 0x2028 || c == 0x2029) esc = true;
    else if (html && (c == 0x3c || c == 0x3e || c == 0x26)) esc = true;
    else if (c >= 0xd800 && c < 0xe000) {
      // a valid surrogate pair passes; a lone surrogate becomes U+FFFD
      if (c < 0xdc00 && i + 1 < n) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d < 0xe000) {
          i++;
          continue;
        }
      }
      b.appendRange(s, run, i);
      b.pushUnit(0xfffd);
      run = i + 1;
      continue;
    }
    if (!esc) continue;
    b.appendRange(s, run, i);
    run = i + 1;
    if (c == 0x22) b.append('\\"');
    else if (c == 0x5c) b.append('\\\\');
    else if (c == 0x0a) b.append('\\n');
    else if (c == 0x0d) b.append('\\r');
    else if (c == 0x09) b.append('\\t');
    else {
      b.append('\\u');
      b.pushUnit(HEX.charCodeAt((c >> 12) & 15));
      b.pushUnit(HEX.charCodeAt((c >> 8) & 15));
      b.pushUnit(HEX.charCodeAt((c >> 4) & 15));
      b.pushUnit(HEX.charCodeAt(c & 15));
    }
  }
  b.appendRange(s, run, n);
  b.pushUnit(0x22);
}

/** Go encoding/json's float64 format. */
export function jsonFloat(f: f64): string {
  const a = Math.abs(f);
  if (a != 0 && (a < 1e-6 || a >= 1e21)) {
    // exponent form, as Go: 1e-07, cleaned to 1e-7
    let s = f.toString();
    const e = s.indexOf('e');
    if (e >= 0) {
      let mant = s.substring(0, e);
      if (mant.endsWith('.0')) mant = mant.substring(0, mant.length - 2);
      let exp = s.substring(e + 1);
      if (exp.startsWith('+')) exp = exp.substring(1);
      const neg = exp.startsWith('-');
      if (neg) exp = exp.substring(1);
      if (exp.length < 2 && !neg) exp = '0' + exp;
      return mant + 'e' + (neg ? '-' : '+') + exp;
    }
    return s;
  }
  return formatShortest(f);
}

/** Writes raw JSON compactly (whitespace outside strings dropped), escaping HTML if html. */
function compactJSON(b: Builder, raw: string, html: bool): void {
  const n = raw.length;
  let i = 0;
  while (i < n) {
    const c = raw.charCodeAt(i);
    if (c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d) {
      i++;
      continue;
    }
    if (c == 0x22) {
      let j = i + 1;
      while (j < n) {
        const d = raw.charCodeAt(j);
        if (d == 0x5c) {
          j += 2;
          continue;
        }
        if (d == 0x22) break;
        j++;
      }
      if (!html) b.appendRange(raw, i, j + 1);
      else {
        for (let k = i; k <= j && k < n; k++) {
          const d = raw.charCodeAt(k);
          if (d == 0x3c) b.append('\\u003c');
          else if (d == 0x3e) b.append('\\u003e');
          else if (d == 0x26) b.append('\\u0026');
          else b.pushUnit(d);
        }
      }
      i = j + 1;
      continue;
    }
    b.pushUnit(c);
    i++;
  }
}

export function writeJSON(b: Builder, v: Value, html: bool): void {
  switch (v.kind) {
    case Kind.Missing:
    case Kind.Null:
      b.append('null');
      return;
    case Kind.True:
      b.append('true');
      return;
    case Kind.False:
      b.append('false');
      return;
    case Kind.Number:
      if (v.isIntegral() && Math.abs(v.num) < 9.2e18) b.append(intText(v));
      else b.append(jsonFloat(v.num));
      return;
    case Kind.String:
      quoteJSON(b, v.str, html);
      return;
    case Kind.Json:
      compactJSON(b, v.raw, html);
      return;
    case Kind.List: {
      const items = v.items!;
      b.pushUnit(0x5b);
      for (let i = 0; i < items.length; i++) {
        if (i > 0) b.pushUnit(0x2c);
        writeJSON(b, unchecked(items[i]), html);
      }
      b.pushUnit(0x5d);
      return;
    }
    case Kind.Dict: {
      const keys = v.sortedKeys();
      b.pushUnit(0x7b);
      for (let i = 0; i < keys.length; i++) {
        if (i > 0) b.pushUnit(0x2c);
        quoteJSON(b, keys[i], html);
        b.pushUnit(0x3a);
        writeJSON(b, v.dictGet(keys[i])!, html);
      }
      b.pushUnit(0x7d);
      return;
    }
    case Kind.Time:
      quoteJSON(b, timeRFC3339Nano(v), html);
      return;
  }
}

/** An integral number as i64, read exactly from its text when it is plain integer text (gjson's Int). */
export function exactInt(v: Value): i64 {
  const raw = v.raw;
  const n = raw.length;
  if (n > 0 && n <= 20) {
    let neg = raw.charCodeAt(0) == 0x2d;
    let acc: u64 = 0;
    let ok = n > (neg ? 1 : 0);
    for (let i = neg ? 1 : 0; i < n; i++) {
      const c = raw.charCodeAt(i);
      if (c < 0x30 || c > 0x39) {
        ok = false;
        break;
      }
      const next = acc * 10 + <u64>(c - 0x30);
      if (next / 10 != acc) {
        ok = false;
        break;
      }
      acc = next;
    }
    if (ok && acc <= (neg ? <u64>i64.MAX_VALUE + 1 : <u64>i64.MAX_VALUE))
      return neg ? -(<i64>acc) : <i64>acc;
  }
  return <i64>v.num;
}

/** The integer text of an integral number, exact for large integers written in the data. */
export function intText(v: Value): string {
  const raw = v.raw;
  let plain = raw.length > 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (i == 0 && c == 0x2d))) {
      plain = false;
      break;
    }
  }
  if (plain) return raw;
  return (<i64>v.num).toString();
}

export function toJSON(v: Value, html: bool): string {
  const b = new Builder();
  writeJSON(b, v, html);
  return b.toString();
}

/** Go's json.MarshalIndent(v, "", indent) from compact JSON. */
export function indentJSON(compact: string, indent: string): string {
  const b = new Builder(compact.length * 2);
  let depth = 0;
  const n = compact.length;
  for (let i = 0; i < n; i++) {
    const c = compact.charCodeAt(i);
    if (c == 0x22) {
      let j = i + 1;
      while (j < n) {
        const d = compact.charCodeAt(j);
        if (d == 0x5c) {
          j += 2;
          continue;
        }
        if (d == 0x22) break;
        j++;
      }
      b.appendRange(compact, i, j + 1);
      i = j;
      continue;
    }
    if (c == 0x7b || c == 0x5b) {
      const close = c == 0x7b ? 0x7d : 0x5d;
      if (i + 1 < n && compact.charCodeAt(i + 1) == close) {
        b.pushUnit(c);
        b.pushUnit(close);
        i++;
        continue;
      }
      b.pushUnit(c);
      depth++;
      b.pushUnit(0x0a);
      for (let k = 0; k < depth; k++) b.append(indent);
      continue;
    }
    if (c == 0x7d || c == 0x5d) {
      depth--;
      b.pushUnit(0x0a);
      for (let k = 0; k < depth; k++) b.append(indent);
      b.pushUnit(c);
      continue;
    }
    if (c == 0x2c) {
      b.pushUnit(c);
      b.pushUnit(0x0a);
      for (let k = 0; k < depth; k++) b.append(indent);
      continue;
    }
    if (c == 0x3a) {
      b.append(': ');
      continue;
    }
    b.pushUnit(c);
  }
  return b.toString();
}

// ---- times ----

export function timeString(v: Value): string {
  return goTimeString(v.secs, v.nsec, v.offset, v.zone);
}
export function timeRFC3339Nano(v: Value): string {
  return formatTime(v.secs, v.nsec, v.offset, v.zone, '2006-01-02T15:04:05.999999999Z07:00');
}
