// text/template's builtin functions as gjson_template defines them: comparisons, not, len, index,
// print, println, urlquery, html, js.

import { execError } from '../errors';
import { Builder } from '../builder';
import {
  Kind,
  Value,
  MISSING,
  asList,
  goString,
  lengthOf,
  toJSON,
  truth,
  fromResult,
} from '../value';
import { parseFloatStrict } from '../numbers';
import { get } from '../../gjson/index';

function rawOf(v: Value): string {
  switch (v.kind) {
    case Kind.Missing:
      return '';
    case Kind.Null:
      return 'null';
    case Kind.True:
      return 'true';
    case Kind.False:
      return 'false';
    case Kind.Number:
      return v.raw;
    case Kind.Json:
      return v.raw;
    default:
      return toJSON(v, false);
  }
}

function eqPair(a: Value, b: Value): bool {
  if (a.kind == Kind.Number && b.kind == Kind.Number) return a.num == b.num;
  if (a.kind == Kind.Number && b.kind == Kind.String) {
    const f = parseFloatStrict(b.str);
    return !isNaN(f) && a.num == f;
  }
  if (a.kind == Kind.String && b.kind == Kind.Number) {
    const f = parseFloatStrict(a.str);
    return !isNaN(f) && f == b.num;
  }
  if (a.kind == Kind.String && b.kind == Kind.String) return a.str == b.str;
  if (a.kind == Kind.String || b.kind == Kind.String) return false;
  return rawOf(a) == rawOf(b);
}

export function fnEq(args: Value[]): Value {
  const a = args[0];
  for (let i = 1; i < args.length; i++) if (eqPair(a, args[i])) return Value.bool(true);
  return Value.bool(false);
}

export function fnNe(args: Value[]): Value {
  return Value.bool(!eqPair(args[0], args[1]));
}

/** -1, 0, 1: numbers numerically, anything else by its text. */
function compare(a: Value, b: Value): i32 {
  if (a.kind == Kind.Number && b.kind == Kind.Number)
    return a.num < b.num ? -1 : a.num > b.num ? 1 : 0;
  const x = goString(a);
  const y = goString(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function fnLt(args: Value[]): Value {
  return Value.bool(compare(args[0], args[1]) < 0);
}
export function fnLe(args: Value[]): Value {
  return Value.bool(compare(args[0], args[1]) <= 0);
}
export function fnGt(args: Value[]): Value {
  return Value.bool(compare(args[0], args[1]) > 0);
}
export function fnGe(args: Value[]): Value {
  return Value.bool(compare(args[0], args[1]) >= 0);
}

export function fnNot(args: Value[]): Value {
  return Value.bool(!truth(args[0]));
}

export function fnLen(args: Value[]): Value {
  return Value.int(lengthOf(args[0]));
}

function typeNameOf(v: Value): string {
  switch (v.kind) {
    case Kind.Missing:
    case Kind.Null:
      return 'Null';
    case Kind.False:
      return 'False';
    case Kind.True:
      return 'True';
    case Kind.Number:
      return 'Number';
    case Kind.String:
      return 'String';
    default:
      return 'JSON';
  }
}

export function fnIndex(args: Value[]): Value {
  let item = args[0];
  if (item.isNil()) execError('error calling index: index of untyped nil');
  for (let i = 1; i < args.length; i++) {
    const key = args[i];
    if (item.isArrayLike()) {
      if (key.kind != Kind.Number) execError('index of array must be integer');
      const idx = <i64>key.num;
      const list = asList(item)!;
      if (idx < 0 || idx >= list.length) execError('array index out of range: ' + idx.toString());
      item = list[<i32>idx];
    } else if (item.kind == Kind.Dict) {
      const v = item.dictGet(goString(key));
      item = v !== null ? v : MISSING;
    } else if (item.isJsonObject()) {
      item = fromResult(get(item.raw, goString(key)));
    } else {
      execError("can't index " + typeNameOf(item));
    }
  }
  return item;
}

/** Go's fmt.Sprint (a space between operands when neither is a string) / fmt.Sprintln (always). */
export function fnPrint(args: Value[], newline: bool): Value {
  const b = new Builder();
  for (let i = 0; i < args.length; i++) {
    if (i > 0 && (newline || (args[i].kind != Kind.String && args[i - 1].kind != Kind.String)))
      b.append(' ');
    b.append(goString(args[i]));
  }
  if (newline) b.append('\n');
  return Value.string(b.toString());
}

export function htmlEscape(s: string): string {
  const b = new Builder(s.length + 8);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 0) b.pushUnit(0xfffd);
    else if (c == 0x22) b.append('&#34;');
    else if (c == 0x27) b.append('&#39;');
    else if (c == 0x26) b.append('&amp;');
    else if (c == 0x3c) b.append('&lt;');
    else if (c == 0x3e) b.append('&gt;');
    else b.pushUnit(c);
  }
  return b.toString();
}

const HEXU = '0123456789ABCDEF';

export function jsEscape(s: string): string {
  const b = new Builder(s.length + 8);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x5c) b.append('\\\\');
    else if (c == 0x27) b.append("\\'");
    else if (c == 0x22) b.append('\\"');
    else if (c == 0x3c) b.append('\\u003C');
    else if (c == 0x3e) b.append('\\u003E');
    else if (c == 0x26) b.append('\\u0026');
    else if (c == 0x3d) b.append('\\u003D');
    else if (c < 0x20) {
      b.append('\\u00');
      b.pushUnit(HEXU.charCodeAt(c >> 4));
      b.pushUnit(HEXU.charCodeAt(c & 15));
    } else b.pushUnit(c);
  }
  return b.toString();
}

/** Go's url.QueryEscape. */
export function queryEscape(s: string): string {
  const bytes = String.UTF8.encode(s);
  const p = Uint8Array.wrap(bytes);
  const b = new Builder(p.length + 8);
  for (let i = 0; i < p.length; i++) {
    const c = <i32>p[i];
    if (
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x61 && c <= 0x7a) ||
      (c >= 0x30 && c <= 0x39) ||
      c == 0x2d ||
      c == 0x5f ||
      c == 0x2e ||
      c == 0x7e
    )
      b.pushUnit(c);
    else if (c == 0x20) b.pushUnit(0x2b);
    else {
      b.pushUnit(0x25);
      b.pushUnit(HEXU.charCodeAt(c >> 4));
      b.pushUnit(HEXU.charCodeAt(c & 15));
    }
  }
  return b.toString();
}
