// Sprig's string functions.

import { Builder } from '../builder';
import { execError } from '../errors';
import { checkSize } from '../budget';
import { Kind, Value, asList } from '../value';
import { byteSlice, isAscii, str, strval, toInt, utf8, fromUtf8 } from './args';
import { goQuote } from './format';
import { randomBytes } from '../host';

function isSpaceCode(c: i32): bool {
  return (
    c == 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c == 0x85 ||
    c == 0xa0 ||
    c == 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c == 0x2028 ||
    c == 0x2029 ||
    c == 0x202f ||
    c == 0x205f ||
    c == 0x3000
  );
}

function isLetterOrDigit(c: i32): bool {
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x5f)
    return true;
  if (c < 0x80) return false;
  return !isSpaceCode(c);
}

/** Go's strings.ToUpper/ToLower: rune by rune (no special casing such as ß → SS). */
function mapCase(s: string, upper: bool): string {
  let ascii = true;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) ascii = false;
  if (ascii) return upper ? s.toUpperCase() : s.toLowerCase();
  const b = new Builder(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      b.pushUnit(
        upper ? (c >= 0x61 && c <= 0x7a ? c - 32 : c) : c >= 0x41 && c <= 0x5a ? c + 32 : c,
      );
      continue;
    }
    let units = 1;
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) units = 2;
    const ch = s.substr(i, units);
    const m = upper ? ch.toUpperCase() : ch.toLowerCase();
    b.append(m.length == units ? m : ch);
    i += units - 1;
  }
  return b.toString();
}

export function fnUpper(a: Value[]): Value {
  return Value.string(mapCase(str(a[0]), true));
}
export function fnLower(a: Value[]): Value {
  return Value.string(mapCase(str(a[0]), false));
}

/** Go's strings.Title: the first letter of each word upper-cased. */
export function fnTitle(a: Value[]): Value {
  const s = str(a[0]);
  const b = new Builder(s.length);
  let prev = 0x20;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isLetterOrDigit(prev) && isLetterOrDigit(c))
      b.append(String.fromCharCode(c).toUpperCase());
    else b.pushUnit(c);
    prev = c;
  }
  return Value.string(b.toString());
}

export function fnUntitle(a: Value[]): Value {
  const s = str(a[0]);
  const b = new Builder(s.length);
  let prev = 0x20;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isSpaceCode(prev) && !isSpaceCode(c)) b.append(String.fromCharCode(c).toLowerCase());
    else b.pushUnit(c);
    prev = c;
  }
  return Value.string(b.toString());
}

export function trimSpace(s: string): string {
  let i = 0;
  let j = s.length;
  while (i < j && isSpaceCode(s.charCodeAt(i))) i++;
  while (j > i && isSpaceCode(s.charCodeAt(j - 1))) j--;
  return s.substring(i, j);
}

export function fnTrim(a: Value[]): Value {
  return Value.string(trimSpace(str(a[0])));
}

export function fnTrimAll(a: Value[]): Value {
  const cut = str(a[0]);
  const s = str(a[1]);
  let i = 0;
  let j = s.length;
  while (i < j && cut.indexOf(s.charAt(i)) >= 0) i++;
  while (j > i && cut.indexOf(s.charAt(j - 1)) >= 0) j--;
  return Value.string(s.substring(i, j));
}

export function fnTrimPrefix(a: Value[]): Value {
  const p = str(a[0]);
  const s = str(a[1]);
  return Value.string(p.length > 0 && s.startsWith(p) ? s.substring(p.length) : s);
}

export function fnTrimSuffix(a: Value[]): Value {
  const p = str(a[0]);
  const s = str(a[1]);
  return Value.string(p.length > 0 && s.endsWith(p) ? s.substring(0, s.length - p.length) : s);
}

export function replaceAll(s: string, old: string, rep: string): string {
  if (old.length == 0) {
    const b = new Builder(s.length * 2);
    b.append(rep);
    for (let i = 0; i < s.length; i++) {
      b.pushUnit(s.charCodeAt(i));
      if (s.charCodeAt(i) >= 0xd800 && s.charCodeAt(i) < 0xdc00 && i + 1 < s.length)
        b.pushUnit(s.charCodeAt(++i));
      b.append(rep);
    }
    return b.toString();
  }
  return s.replaceAll(old, rep);
}

export function fnReplace(a: Value[]): Value {
  const s = str(a[2]);
  const rep = str(a[1]);
  const r = replaceAll(s, str(a[0]), rep);
  checkSize(r.length);
  return Value.string(r);
}

export function fnContains(a: Value[]): Value {
  return Value.bool(str(a[1]).includes(str(a[0])));
}
export function fnHasPrefix(a: Value[]): Value {
  return Value.bool(str(a[1]).startsWith(str(a[0])));
}
export function fnHasSuffix(a: Value[]): Value {
  return Value.bool(str(a[1]).endsWith(str(a[0])));
}

export function fnRepeat(a: Value[]): Value {
  const count = toInt(a[0]);
  const s = str(a[1]);
  if (count < 0) execError('repeat: strings: negative Repeat count');
  checkSize(<i64>count * <i64>s.length);
  return Value.string(s.repeat(count));
}

function byteLen(s: string): i32 {
  return isAscii(s) ? s.length : utf8(s).length;
}

export function fnSubstr(a: Value[]): Value {
  const start = toInt(a[0]);
  const end = toInt(a[1]);
  const s = str(a[2]);
  const n = byteLen(s);
  if (start < 0) {
    if (end < 0 || end > n)
      execError(
        'substr: slice bounds out of range [:' + end.toString() + '] with length ' + n.toString(),
      );
    return Value.string(byteSlice(s, 0, end));
  }
  if (end < 0 || end > n) {
    if (start > n)
      execError(
        'substr: slice bounds out of range [' + start.toString() + ':' + n.toString() + ']',
      );
    return Value.string(byteSlice(s, start, n));
  }
  if (start > end)
    execError(
      'substr: slice bounds out of range [' + start.toString() + ':' + end.toString() + ']',
    );
  return Value.string(byteSlice(s, start, end));
}

export function fnTrunc(a: Value[]): Value {
  const c = toInt(a[0]);
  const s = str(a[1]);
  const n = byteLen(s);
  if (c < 0 && n + c > 0) return Value.string(byteSlice(s, n + c, n));
  if (c >= 0 && n > c) return Value.string(byteSlice(s, 0, c));
  return Value.string(s);
}

function abbreviate(s: string, offset: i32, maxWidth: i32): string {
  const n = byteLen(s);
  if (s.length == 0) return '';
  if (n <= maxWidth) return s;
  if (offset > n) offset = n;
  if (n - offset < maxWidth - 3) offset = n - (maxWidth - 3);
  if (offset <= 4) return byteSlice(s, 0, maxWidth - 3) + '...';
  if (maxWidth < 7) return s;
  if (offset + maxWidth - 3 < n)
    return '...' + abbreviate(byteSlice(s, offset, n), 0, maxWidth - 3);
  return '...' + byteSlice(s, n - (maxWidth - 3), n);
}

export function fnAbbrev(a: Value[]): Value {
  const width = toInt(a[0]);
  const s = str(a[1]);
  if (width < 4) return Value.string(s);
  return Value.string(abbreviate(s, 0, width));
}

export function fnAbbrevboth(a: Value[]): Value {
  const left = toInt(a[0]);
  const right = toInt(a[1]);
  const s = str(a[2]);
  if (right < 4 || (left > 0 && right < 7)) return Value.string(s);
  return Value.string(abbreviate(s, left, right));
}

export function fnQuote(a: Value[]): Value {
  const parts = new Array<string>();
  for (let i = 0; i < a.length; i++) if (!a[i].isNil()) parts.push(goQuote(strval(a[i]), 0x22));
  return Value.string(parts.join(' '));
}

export function fnSquote(a: Value[]): Value {
  const parts = new Array<string>();
  for (let i = 0; i < a.length; i++) if (!a[i].isNil()) parts.push("'" + strval(a[i]) + "'");
  return Value.string(parts.join(' '));
}

export function fnCat(a: Value[]): Value {
  const parts = new Array<string>();
  for (let i = 0; i < a.length; i++) if (!a[i].isNil()) parts.push(strval(a[i]));
  return Value.string(parts.join(' '));
}

export function fnIndent(a: Value[]): Value {
  const n = toInt(a[0]);
  if (n < 0) execError('indent: strings: negative Repeat count');
  const pad = ' '.repeat(n);
  const s = str(a[1]);
  checkSize(<i64>s.length + <i64>n * 2);
  const r = pad + s.replaceAll('\n', '\n' + pad);
  checkSize(r.length);
  return Value.string(r);
}

export function fnNindent(a: Value[]): Value {
  return Value.string('\n' + fnIndent(a).str);
}

/** Apache commons' WordUtils.wrap, as goutils ports it. */
function wrapText(s: string, width: i32, newline: string, wrapLong: bool): string {
  if (width < 1) width = 1;
  const b = new Builder(s.length + 16);
  const n = s.length;
  let offset = 0;
  while (n - offset > width) {
    if (s.charCodeAt(offset) == 0x20) {
      offset++;
      continue;
    }
    let spaceAt = s.lastIndexOf(' ', width + offset);
    if (spaceAt >= offset) {
      b.appendRange(s, offset, spaceAt);
      b.append(newline);
      offset = spaceAt + 1;
    } else if (wrapLong) {
      b.appendRange(s, offset, width + offset);
      b.append(newline);
      offset += width;
    } else {
      spaceAt = s.indexOf(' ', width + offset);
      if (spaceAt >= 0) {
        b.appendRange(s, offset, spaceAt);
        b.append(newline);
        offset = spaceAt + 1;
      } else {
        b.appendRange(s, offset, n);
        offset = n;
      }
    }
  }
  b.appendRange(s, offset, n);
  return b.toString();
}

export function fnWrap(a: Value[]): Value {
  return Value.string(wrapText(str(a[1]), toInt(a[0]), '\n', false));
}

export function fnWrapWith(a: Value[]): Value {
  return Value.string(wrapText(str(a[2]), toInt(a[0]), str(a[1]), true));
}

/** Go's strings.Split / SplitN (n < 0: all). */
export function splitGo(s: string, sep: string, n: i32): string[] {
  const out = new Array<string>();
  if (n == 0) return out;
  if (sep.length == 0) {
    for (let i = 0; i < s.length; i++) {
      if (n > 0 && out.length == n - 1) {
        out.push(s.substring(i));
        return out;
      }
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
        out.push(s.substring(i, i + 2));
        i++;
      } else out.push(s.charAt(i));
    }
    return out;
  }
  let start = 0;
  for (;;) {
    if (n > 0 && out.length == n - 1) break;
    const k = s.indexOf(sep, start);
    if (k < 0) break;
    out.push(s.substring(start, k));
    start = k + sep.length;
  }
  out.push(s.substring(start));
  return out;
}

function stringList(parts: string[]): Value {
  const items = new Array<Value>(parts.length);
  for (let i = 0; i < parts.length; i++) items[i] = Value.string(parts[i]);
  return Value.list(items);
}

function indexedDict(parts: string[]): Value {
  const d = Value.dict();
  for (let i = 0; i < parts.length; i++) d.dictSet('_' + i.toString(), Value.string(parts[i]));
  return d;
}

export function fnSplitList(a: Value[]): Value {
  return stringList(splitGo(str(a[1]), str(a[0]), -1));
}

export function fnSplit(a: Value[]): Value {
  return indexedDict(splitGo(str(a[1]), str(a[0]), -1));
}

export function fnSplitn(a: Value[]): Value {
  return indexedDict(splitGo(str(a[2]), str(a[0]), toInt(a[1])));
}

/** Sprig's strslice: a list's non-nil elements as strings; a scalar as a one-element list. */
export function strslice(v: Value): string[] {
  const out = new Array<string>();
  const list = asList(v);
  if (list !== null) {
    for (let i = 0; i < list.length; i++) if (!list[i].isNil()) out.push(strval(list[i]));
    return out;
  }
  if (v.isNil()) return out;
  out.push(strval(v));
  return out;
}

export function fnJoin(a: Value[]): Value {
  const r = strslice(a[1]).join(str(a[0]));
  checkSize(r.length);
  return Value.string(r);
}

export function fnToString(a: Value[]): Value {
  return Value.string(strval(a[0]));
}

export function fnToStrings(a: Value[]): Value {
  return stringList(strslice(a[0]));
}

export function fnSortAlpha(a: Value[]): Value {
  const list = asList(a[0]);
  if (list === null) return stringList([strval(a[0])]);
  const parts = strslice(a[0]);
  parts.sort((x: string, y: string): i32 => (x < y ? -1 : x > y ? 1 : 0));
  return stringList(parts);
}

export function fnNospace(a: Value[]): Value {
  const s = str(a[0]);
  const b = new Builder(s.length);
  for (let i = 0; i < s.length; i++) if (!isSpaceCode(s.charCodeAt(i))) b.pushUnit(s.charCodeAt(i));
  return Value.string(b.toString());
}

export function fnInitials(a: Value[]): Value {
  const s = str(a[0]);
  const b = new Builder();
  let prev = 0x20;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isSpaceCode(prev) && !isSpaceCode(c)) b.pushUnit(c);
    prev = c;
  }
  return Value.string(b.toString());
}

export function fnSwapcase(a: Value[]): Value {
  const s = str(a[0]);
  const b = new Builder(s.length);
  for (let i = 0; i < s.length; i++) {
    const ch = s.charAt(i);
    const up = ch.toUpperCase();
    b.append(up == ch ? ch.toLowerCase() : up);
  }
  return Value.string(b.toString());
}

/** Words of an identifier-like string: split at non-alphanumerics and case changes. */
function words(s: string): string[] {
  const out = new Array<string>();
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const isUpper = c >= 0x41 && c <= 0x5a;
    const isAlnum = isUpper || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c >= 0x80;
    if (!isAlnum) {
      if (cur.length > 0) out.push(cur);
      cur = '';
      continue;
    }
    if (isUpper && cur.length > 0) {
      const prev = cur.charCodeAt(cur.length - 1);
      const prevLower = (prev >= 0x61 && prev <= 0x7a) || (prev >= 0x30 && prev <= 0x39);
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      const nextLower = next >= 0x61 && next <= 0x7a;
      const prevUpper = prev >= 0x41 && prev <= 0x5a;
      if (prevLower || (prevUpper && nextLower)) {
        out.push(cur);
        cur = '';
      }
    }
    cur += String.fromCharCode(c);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

export function fnSnakecase(a: Value[]): Value {
  const w = words(str(a[0]));
  for (let i = 0; i < w.length; i++) w[i] = w[i].toLowerCase();
  return Value.string(w.join('_'));
}

export function fnKebabcase(a: Value[]): Value {
  const w = words(str(a[0]));
  for (let i = 0; i < w.length; i++) w[i] = w[i].toLowerCase();
  return Value.string(w.join('-'));
}

export function fnCamelcase(a: Value[]): Value {
  const w = words(str(a[0]));
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const x = w[i].toLowerCase();
    out += x.charAt(0).toUpperCase() + x.substring(1);
  }
  return Value.string(out);
}

export function fnShuffle(a: Value[]): Value {
  const s = str(a[0]);
  const runes = new Array<string>();
  for (let i = 0; i < s.length;) {
    const cp = s.codePointAt(i);
    const n = cp > 0xffff ? 2 : 1;
    runes.push(s.substr(i, n));
    i += n;
  }
  const r = randomBytes(runes.length * 4);
  for (let i = runes.length - 1; i > 0; i--) {
    const x =
      ((<u32>r[i * 4]) << 24) |
      ((<u32>r[i * 4 + 1]) << 16) |
      ((<u32>r[i * 4 + 2]) << 8) |
      (<u32>r[i * 4 + 3]);
    const j = <i32>(x % <u32>(i + 1));
    const t = runes[i];
    runes[i] = runes[j];
    runes[j] = t;
  }
  return Value.string(runes.join(''));
}

export function fnPlural(a: Value[]): Value {
  return toInt(a[2]) == 1 ? Value.string(str(a[0])) : Value.string(str(a[1]));
}

export { fromUtf8, Kind };
