// @pretty and @ugly: JSON re-formatting with the output of Go's tidwall/pretty
// (width-limited single-line arrays, optional key sorting, prefix and indent).

import { cu } from './chars';
import { parseGoFloat } from './numbers';
import { unescape } from './scanner';
import { TextBuffer } from './text-buffer';
import { enterLevel, leaveLevel } from './nesting';

export class PrettyOptions {
  width: i32 = 80;
  prefix: string = '';
  indent: string = '  ';
  sortKeys: bool = false;
}

// Results of the append functions besides the buffer itself.
let outIndex: i32 = 0;
let outNl: i32 = 0;
let outOk: bool = true;
/** Where the current single-line attempt started in the buffer. */
let attemptStart: i32 = 0;

class Pair {
  kstart: i32 = 0;
  kend: i32 = 0;
  vstart: i32 = 0;
  vend: i32 = 0;
}

function isNaNOrInf(json: string, i: i32): bool {
  const c = cu(json, i);
  return (
    c == 0x69 ||
    c == 0x49 ||
    c == 0x2b ||
    c == 0x4e ||
    (c == 0x6e && i + 1 < json.length && cu(json, i + 1) != 0x75)
  );
}

function appendLiteral(buf: TextBuffer, word: string, i: i32, nl: i32): void {
  buf.append(word);
  outIndex = i + word.length;
  outNl = nl;
  outOk = true;
}

function appendAny(
  buf: TextBuffer,
  json: string,
  i: i32,
  pretty: bool,
  o: PrettyOptions,
  indent: string,
  sortKeys: bool,
  tabs: i32,
  nl: i32,
  maxw: i32,
): void {
  const n = json.length;
  for (; i < n; i++) {
    const c = cu(json, i);
    if (c <= 0x20) continue;
    if (c == 0x22) {
      appendString(buf, json, i, nl);
      return;
    }
    if ((c >= 0x30 && c <= 0x39) || c == 0x2d || isNaNOrInf(json, i)) {
      appendNumber(buf, json, i, nl);
      return;
    }
    if (c == 0x7b || c == 0x5b) {
      if (!enterLevel()) {
        // Beyond the recursion budget (see nesting.ts) the rest is copied as it is.
        buf.appendRange(json, i, n);
        outIndex = n;
        outNl = nl;
        outOk = true;
        return;
      }
      appendContainer(buf, json, i, c, c + 2, pretty, o, indent, sortKeys, tabs, nl, maxw);
      leaveLevel();
      return;
    }
    if (c == 0x74) return appendLiteral(buf, 'true', i, nl);
    if (c == 0x66) return appendLiteral(buf, 'false', i, nl);
    if (c == 0x6e) return appendLiteral(buf, 'null', i, nl);
  }
  outIndex = i;
  outNl = nl;
  outOk = true;
}

function appendString(buf: TextBuffer, json: string, i: i32, nl: i32): void {
  const s = i;
  const n = json.length;
  i++;
  for (; i < n; i++) {
    if (cu(json, i) == 0x22) {
      let sc = 0;
      for (let j = i - 1; j > s; j--) {
        if (cu(json, j) == 0x5c) sc++;
        else break;
      }
      if (sc % 2 == 1) continue;
      i++;
      break;
    }
  }
  buf.appendRange(json, s, i);
  outIndex = i;
  outNl = nl;
  outOk = true;
}

function appendNumber(buf: TextBuffer, json: string, i: i32, nl: i32): void {
  const s = i;
  const n = json.length;
  i++;
  for (; i < n; i++) {
    const c = cu(json, i);
    if (c <= 0x20 || c == 0x2c || c == 0x3a || c == 0x5d || c == 0x7d) break;
  }
  buf.appendRange(json, s, i);
  outIndex = i;
  outNl = nl;
  outOk = true;
}

function appendTabs(buf: TextBuffer, prefix: string, indent: string, tabs: i32): void {
  if (prefix.length != 0) buf.append(prefix);
  for (let k = 0; k < tabs; k++) buf.append(indent);
}

/** Breaks the line: a trailing space becomes the newline. */
function newline(buf: TextBuffer): i32 {
  const nl = buf.length;
  if (buf.at(nl - 1) == 0x20) buf.set(nl - 1, 0x0a);
  else buf.push(0x0a);
  return nl;
}

function appendContainer(
  buf: TextBuffer,
  json: string,
  i: i32,
  open: i32,
  close: i32,
  pretty: bool,
  o: PrettyOptions,
  indent: string,
  sortKeys: bool,
  tabs: i32,
  nl: i32,
  maxw: i32,
): void {
  const width = o.width;
  if (width > 0) {
    if (pretty && open == 0x5b && maxw == -1) {
      // Try the whole array on one line first.
      const room = width - (buf.length - nl);
      if (room > 3) {
        const s1 = buf.length;
        const s2 = i;
        attemptStart = s1;
        appendContainer(buf, json, i, 0x5b, 0x5d, false, o, '', sortKeys, 0, 0, room);
        if (outOk && buf.length - s1 <= room) {
          outNl = nl;
          outOk = true;
          return;
        }
        buf.truncate(s1);
        i = s2;
      }
    } else if (maxw != -1 && open == 0x7b) {
      outIndex = i;
      outNl = nl;
      outOk = false;
      return;
    }
  }
  buf.push(open);
  i++;
  const pairs = open == 0x7b && sortKeys ? new Array<Pair>() : null;
  let count = 0;
  const n = json.length;
  for (; i < n; i++) {
    const c = cu(json, i);
    if (c <= 0x20) continue;
    if (c == close) {
      if (pretty) {
        if (pairs !== null && sortKeys) sortPairs(json, buf, pairs);
        if (count > 0) nl = newline(buf);
        if (buf.at(buf.length - 1) != open) appendTabs(buf, o.prefix, indent, tabs);
      }
      buf.push(close);
      outIndex = i + 1;
      outNl = nl;
      outOk = open != 0x7b;
      return;
    }
    if (open == 0x5b || c == 0x22) {
      if (count > 0) {
        buf.push(0x2c);
        if (width != -1 && open == 0x5b) buf.push(0x20);
      }
      const p = new Pair();
      if (pretty) {
        nl = newline(buf);
        if (pairs !== null) {
          p.kstart = i;
          p.vstart = buf.length;
        }
        appendTabs(buf, o.prefix, indent, tabs + 1);
      }
      if (open == 0x7b) {
        appendString(buf, json, i, nl);
        i = outIndex;
        nl = outNl;
        if (pairs !== null) p.kend = i;
        buf.push(0x3a);
        if (pretty) buf.push(0x20);
      }
      appendAny(buf, json, i, pretty, o, indent, sortKeys, tabs + 1, nl, maxw);
      i = outIndex;
      nl = outNl;
      if (maxw != -1 && !outOk) {
        outOk = false;
        return;
      }
      // The single-line attempt is discarded once it is wider than allowed;
      // stopping early gives the same output without scanning the rest.
      if (maxw != -1 && buf.length - attemptStart > maxw) {
        outOk = false;
        return;
      }
      if (pretty && pairs !== null && sortKeys) {
        p.vend = buf.length;
        if (p.kstart > p.kend || p.vstart > p.vend) sortKeys = false;
        else pairs.push(p);
      }
      i--;
      count++;
    }
  }
  outIndex = i;
  outNl = nl;
  outOk = open != 0x7b;
}

// Kinds in the order tidwall/pretty sorts them.
function kindOf(v: string): i32 {
  if (v.length == 0) return 0;
  const c = cu(v, 0);
  if (c == 0x22) return 3;
  if (c == 0x66) return 1;
  if (c == 0x74) return 4;
  if (c == 0x6e) return 0;
  if (c == 0x5b || c == 0x7b) return 5;
  return 2;
}

function stringBody(v: string): string {
  for (let i = 1; i < v.length; i++) {
    const c = cu(v, i);
    if (c == 0x5c) return unescape(v, 1, v.length - 1);
    if (c == 0x22) return v.substring(1, i);
  }
  return '';
}

function lessText(a: string, b: string): bool {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka != kb) return ka < kb;
  if (ka == 3) return stringBody(a) < stringBody(b);
  if (ka == 2) return parseGoFloat(a, 0, a.length) < parseGoFloat(b, 0, b.length);
  return a < b;
}

function pairKey(json: string, p: Pair): string {
  return json.substring(p.kstart, p.kend);
}

function pairValue(json: string, buf: TextBuffer, p: Pair): string {
  const key = pairKey(json, p);
  let v = buf.slice(p.vstart, p.vend).trim();
  if (v.length >= key.length + 1) v = v.substring(key.length + 1).trim();
  return v;
}

function pairLess(json: string, buf: TextBuffer, a: Pair, b: Pair): bool {
  const ka = pairKey(json, a);
  const kb = pairKey(json, b);
  if (lessText(ka, kb)) return true;
  if (lessText(kb, ka)) return false;
  return lessText(pairValue(json, buf, a), pairValue(json, buf, b));
}

function sortPairs(json: string, buf: TextBuffer, pairs: Pair[]): void {
  if (pairs.length == 0) return;
  const vstart = pairs[0].vstart;
  const sorted = pairs.slice(0);
  let moved = false;
  // Stable insertion sort: equal pairs keep their order, as with Go's sort.Stable.
  for (let k = 1; k < sorted.length; k++) {
    const p = sorted[k];
    let j = k - 1;
    while (j >= 0 && pairLess(json, buf, p, sorted[j])) {
      sorted[j + 1] = sorted[j];
      j--;
      moved = true;
    }
    sorted[j + 1] = p;
  }
  if (!moved) return;
  const parts = new Array<string>();
  for (let k = 0; k < sorted.length; k++) parts.push(buf.slice(sorted[k].vstart, sorted[k].vend));
  buf.truncate(vstart);
  buf.append(parts.join(',\n'));
}

/** tidwall/pretty's PrettyOptions. */
export function prettyJSON(json: string, o: PrettyOptions): string {
  const buf = new TextBuffer(json.length + 16);
  if (o.prefix.length != 0) buf.append(o.prefix);
  appendAny(buf, json, 0, true, o, o.indent, o.sortKeys, 0, 0, -1);
  if (buf.length > 0) buf.push(0x0a);
  return buf.toString();
}

/** tidwall/pretty's Ugly: every whitespace outside strings removed. */
export function uglyJSON(json: string): string {
  const n = json.length;
  const buf = new TextBuffer(n);
  for (let i = 0; i < n; i++) {
    const c = cu(json, i);
    if (c <= 0x20) continue;
    buf.push(c);
    if (c == 0x22) {
      for (i = i + 1; i < n; i++) {
        const d = cu(json, i);
        buf.push(d);
        if (d == 0x22) {
          let j = i - 1;
          while (cu(json, j) == 0x5c) j--;
          if ((i - j) % 2 != 0) break;
        }
      }
    }
  }
  return buf.toString();
}
