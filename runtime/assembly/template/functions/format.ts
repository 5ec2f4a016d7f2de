// Go's fmt.Sprintf for the values templates pass: nil, bool, int, float64, string.
// printf hands numbers as gjson_template does: integral numbers as int (so %f of 10 is
// "%!f(int=10)", as in Go), others as float64.

import { Builder } from '../builder';
import { Kind, Value, exactInt, goString, formatV } from '../value';
import { formatExp, formatFixed, formatG, formatGoG } from '../numbers';
import { typeName } from './args';

const HEXL = '0123456789abcdef';
const HEXU = '0123456789ABCDEF';

class Spec {
  minus: bool = false;
  plus: bool = false;
  sharp: bool = false;
  space: bool = false;
  zero: bool = false;
  width: i32 = -1;
  prec: i32 = -1;
}

function runeCount(s: string): i32 {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c < 0xe000 && i > 0) continue;
    n++;
  }
  return n;
}

function padded(s: string, spec: Spec, numeric: bool): string {
  const n = runeCount(s);
  if (spec.width < 0 || n >= spec.width) return s;
  const fill = spec.width - n;
  if (spec.minus) return s + ' '.repeat(fill);
  if (spec.zero && numeric) {
    let sign = '';
    if (s.startsWith('-') || s.startsWith('+') || s.startsWith(' ')) {
      sign = s.substring(0, 1);
      s = s.substring(1);
    }
    return sign + '0'.repeat(fill) + s;
  }
  return ' '.repeat(fill) + s;
}

/** Go's strconv.Quote. */
export function goQuote(s: string, quote: i32): string {
  const b = new Builder(s.length + 2);
  b.pushUnit(quote);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == quote || c == 0x5c) {
      b.pushUnit(0x5c);
      b.pushUnit(c);
    } else if (c == 0x07) b.append('\\a');
    else if (c == 0x08) b.append('\\b');
    else if (c == 0x0c) b.append('\\f');
    else if (c == 0x0a) b.append('\\n');
    else if (c == 0x0d) b.append('\\r');
    else if (c == 0x09) b.append('\\t');
    else if (c == 0x0b) b.append('\\v');
    else if (c < 0x20 || c == 0x7f) {
      b.append('\\x');
      b.pushUnit(HEXL.charCodeAt(c >> 4));
      b.pushUnit(HEXL.charCodeAt(c & 15));
    } else if (
      c >= 0xd800 &&
      c < 0xdc00 &&
      i + 1 < s.length &&
      s.charCodeAt(i + 1) >= 0xdc00 &&
      s.charCodeAt(i + 1) < 0xe000
    ) {
      b.pushUnit(c);
      b.pushUnit(s.charCodeAt(++i));
    } else if (c >= 0xd800 && c < 0xe000) {
      b.append('\\ufffd');
    } else b.pushUnit(c);
  }
  b.pushUnit(quote);
  return b.toString();
}

function badVerb(verb: i32, v: Value): string {
  if (v.isNil()) return '%!' + String.fromCharCode(verb) + '(<nil>)';
  return '%!' + String.fromCharCode(verb) + '(' + typeName(v) + '=' + plainV(v) + ')';
}

/** %v of a printf argument (arrays and objects arrive as their JSON text). */
function plainV(v: Value): string {
  if (v.kind == Kind.String) return v.str;
  if (v.kind == Kind.Json) return v.raw;
  return formatV(v);
}

function intBase(n: i64, base: i32, upper: bool): string {
  if (n == 0) return '0';
  const digits = upper ? HEXU : HEXL;
  let neg = n < 0;
  let u: u64 = neg ? <u64>-n : <u64>n;
  let s = '';
  while (u > 0) {
    s = String.fromCharCode(digits.charCodeAt(<i32>(u % <u64>base))) + s;
    u /= <u64>base;
  }
  return neg ? '-' + s : s;
}

function withSign(s: string, spec: Spec): string {
  if (s.startsWith('-')) return s;
  if (spec.plus) return '+' + s;
  if (spec.space) return ' ' + s;
  return s;
}

function formatOne(verb: i32, spec: Spec, v: Value): string {
  const isInt = v.isIntegral();
  const isNum = v.kind == Kind.Number;
  const isStr =
    v.kind == Kind.String ||
    v.kind == Kind.Json ||
    v.kind == Kind.List ||
    v.kind == Kind.Dict ||
    v.kind == Kind.Time;
  const isBool = v.kind == Kind.True || v.kind == Kind.False;
  switch (verb) {
    case 0x76: {
      // v
      if (isNum) return padded(withSign(plainV(v), spec), spec, true);
      if (v.isNil()) return padded('<nil>', spec, false);
      if (spec.sharp && isStr) return padded(goQuote(plainV(v), 0x22), spec, false);
      return padded(plainV(v), spec, false);
    }
    case 0x64: // d
      if (isInt) {
        let s = exactInt(v).toString();
        if (spec.prec >= 0) {
          const neg = s.startsWith('-');
          let d = neg ? s.substring(1) : s;
          while (d.length < spec.prec) d = '0' + d;
          s = (neg ? '-' : '') + d;
        }
        return padded(withSign(s, spec), spec, spec.prec < 0);
      }
      return badVerb(verb, v);
    case 0x62:
    case 0x6f:
    case 0x4f: // b o O
      if (isInt) {
        let s = intBase(<i64>v.num, verb == 0x62 ? 2 : 8, false);
        if (verb == 0x4f) s = '0o' + s;
        else if (spec.sharp && verb == 0x6f) s = '0' + s;
        return padded(withSign(s, spec), spec, true);
      }
      return badVerb(verb, v);
    case 0x78:
    case 0x58: {
      // x X
      const upper = verb == 0x58;
      if (isInt) {
        let s = intBase(<i64>v.num, 16, upper);
        if (spec.sharp)
          s =
            (s.startsWith('-') ? '-' : '') +
            (upper ? '0X' : '0x') +
            (s.startsWith('-') ? s.substring(1) : s);
        return padded(withSign(s, spec), spec, true);
      }
      if (isStr || v.kind == Kind.String) {
        const bytes = Uint8Array.wrap(String.UTF8.encode(plainV(v)));
        const digits = upper ? HEXU : HEXL;
        const b = new Builder(bytes.length * 2);
        for (let i = 0; i < bytes.length; i++) {
          if (spec.space && i > 0) b.pushUnit(0x20);
          b.pushUnit(digits.charCodeAt(bytes[i] >> 4));
          b.pushUnit(digits.charCodeAt(bytes[i] & 15));
        }
        return padded(b.toString(), spec, false);
      }
      return badVerb(verb, v);
    }
    case 0x63: // c
      if (isInt) return padded(String.fromCodePoint(<i32>v.num), spec, false);
      return badVerb(verb, v);
    case 0x55: {
      // U
      if (isInt) {
        let h = intBase(<i64>v.num, 16, true);
        while (h.length < 4) h = '0' + h;
        return padded('U+' + h, spec, false);
      }
      return badVerb(verb, v);
    }
    case 0x71: // q
      if (isStr) return padded(goQuote(plainV(v), spec.sharp ? 0x60 : 0x22), spec, false);
      if (isInt) return padded(goQuote(String.fromCodePoint(<i32>v.num), 0x27), spec, false);
      return badVerb(verb, v);
    case 0x73: // s
      if (isStr) {
        let s = plainV(v);
        if (spec.prec >= 0 && runeCount(s) > spec.prec) s = s.substring(0, spec.prec);
        return padded(s, spec, false);
      }
      return badVerb(verb, v);
    case 0x74: // t
      if (isBool) return padded(v.kind == Kind.True ? 'true' : 'false', spec, false);
      return badVerb(verb, v);
    case 0x66:
    case 0x46: // f F
      if (isNum && !isInt)
        return padded(
          withSign(formatFixed(v.num, spec.prec < 0 ? 6 : spec.prec), spec),
          spec,
          true,
        );
      return badVerb(verb, v);
    case 0x65:
    case 0x45: // e E
      if (isNum && !isInt)
        return padded(
          withSign(formatExp(v.num, spec.prec < 0 ? 6 : spec.prec, verb == 0x45), spec),
          spec,
          true,
        );
      return badVerb(verb, v);
    case 0x67:
    case 0x47: // g G
      if (isNum && !isInt)
        return padded(withSign(formatG(v.num, spec.prec, verb == 0x47), spec), spec, true);
      return badVerb(verb, v);
    case 0x54: // T
      return padded(typeName(v), spec, false);
    default:
      return '%!' + String.fromCharCode(verb) + '(' + typeName(v) + '=' + plainV(v) + ')';
  }
}

let reordered = false;

/** Reads an explicit argument index "[n]" at i; returns the new position (argIndex set, or -1). */
let argIndex = -1;
function readArgIndex(format: string, i: i32): i32 {
  argIndex = -1;
  if (i >= format.length || format.charCodeAt(i) != 0x5b) return i;
  const close = format.indexOf(']', i);
  if (close < 0) return i;
  const n = I32.parseInt(format.substring(i + 1, close));
  argIndex = n >= 1 ? n - 1 : -2;
  reordered = true;
  return close + 1;
}

export function sprintf(format: string, args: Value[]): string {
  const b = new Builder(format.length + 16);
  let argi = 0;
  reordered = false;
  const n = format.length;
  let i = 0;
  while (i < n) {
    const c = format.charCodeAt(i);
    if (c != 0x25) {
      b.pushUnit(c);
      i++;
      continue;
    }
    i++;
    if (i >= n) {
      b.append('%!(NOVERB)');
      break;
    }
    const spec = new Spec();
    // flags
    for (; i < n; i++) {
      const f = format.charCodeAt(i);
      if (f == 0x2d) spec.minus = true;
      else if (f == 0x2b) spec.plus = true;
      else if (f == 0x23) spec.sharp = true;
      else if (f == 0x20) spec.space = true;
      else if (f == 0x30) spec.zero = !spec.minus;
      else break;
    }
    i = readArgIndex(format, i);
    if (argIndex >= 0) argi = argIndex;
    // width
    if (i < n && format.charCodeAt(i) == 0x2a) {
      i++;
      if (argi < args.length) spec.width = <i32>args[argi++].num;
    } else {
      let w = -1;
      while (i < n && format.charCodeAt(i) >= 0x30 && format.charCodeAt(i) <= 0x39) {
        w = (w < 0 ? 0 : w * 10) + (format.charCodeAt(i) - 0x30);
        i++;
      }
      spec.width = w;
    }
    if (i < n && format.charCodeAt(i) == 0x2e) {
      i++;
      if (i < n && format.charCodeAt(i) == 0x2a) {
        i++;
        if (argi < args.length) spec.prec = <i32>args[argi++].num;
      } else {
        let p = 0;
        while (i < n && format.charCodeAt(i) >= 0x30 && format.charCodeAt(i) <= 0x39) {
          p = p * 10 + (format.charCodeAt(i) - 0x30);
          i++;
        }
        spec.prec = p;
      }
    }
    i = readArgIndex(format, i);
    let badIndex = argIndex == -2;
    if (argIndex >= 0) {
      if (argIndex >= args.length) badIndex = true;
      else argi = argIndex;
    }
    if (i >= n) {
      b.append('%!(NOVERB)');
      break;
    }
    const verb = format.codePointAt(i);
    i += verb > 0xffff ? 2 : 1;
    if (verb == 0x25) {
      b.pushUnit(0x25);
      continue;
    }
    if (badIndex) {
      i += 0;
      b.append('%!' + String.fromCodePoint(verb) + '(BADINDEX)');
      continue;
    }
    if (argi >= args.length) {
      b.append('%!' + String.fromCodePoint(verb) + '(MISSING)');
      continue;
    }
    b.append(formatOne(verb, spec, args[argi++]));
  }
  if (!reordered && argi < args.length) {
    b.append('%!(EXTRA ');
    for (let k = argi; k < args.length; k++) {
      if (k > argi) b.append(', ');
      const v = args[k];
      b.append(v.isNil() ? '<nil>' : typeName(v) + '=' + plainV(v));
    }
    b.append(')');
  }
  return b.toString();
}

export function fnPrintf(args: Value[]): Value {
  const format = goString(args[0]);
  return Value.string(sprintf(format, args.slice(1)));
}

export { formatGoG };
