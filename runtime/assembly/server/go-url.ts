// The parts of Go's net/url that Higress's REST-to-MCP request assembly goes through: Parse,
// EscapedPath, Query (ParseQuery), Values.Set/Encode and QueryEscape, with Go's escaping rules
// byte for byte, so URLs come out as Higress sends them.

const enum Mode {
  Path = 1,
  Host = 2,
  QueryComponent = 3,
  Fragment = 4,
}

import { cu } from '../gjson/chars';
import { TextBuffer } from '../gjson/text-buffer';

const HEX = '0123456789ABCDEF';

function isAlnum(c: i32): bool {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

function shouldEscape(c: i32, mode: Mode): bool {
  if (isAlnum(c)) return false;
  if (mode == Mode.Host) {
    switch (c) {
      case 0x21:
      case 0x24:
      case 0x26:
      case 0x27:
      case 0x28:
      case 0x29:
      case 0x2a:
      case 0x2b:
      case 0x2c:
      case 0x3b:
      case 0x3d:
      case 0x3a:
      case 0x5b:
      case 0x5d:
      case 0x3c:
      case 0x3e:
      case 0x22:
        return false;
    }
  }
  switch (c) {
    case 0x2d:
    case 0x5f:
    case 0x2e:
    case 0x7e:
      return false;
    case 0x24:
    case 0x26:
    case 0x2b:
    case 0x2c:
    case 0x2f:
    case 0x3a:
    case 0x3b:
    case 0x3d:
    case 0x3f:
    case 0x40:
      if (mode == Mode.Path) return c == 0x3f;
      if (mode == Mode.QueryComponent) return true;
      if (mode == Mode.Fragment) return false;
      return true;
  }
  if (mode == Mode.Fragment && (c == 0x21 || c == 0x28 || c == 0x29 || c == 0x2a)) return false;
  return true;
}

function utf8Bytes(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

function escape(s: string, mode: Mode): string {
  // Most text needs nothing: checked on the string itself, without a UTF-8 copy.
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80 || shouldEscape(c, mode)) {
      plain = false;
      break;
    }
  }
  if (plain) return s;
  const b = utf8Bytes(s);
  const out = new Array<string>();
  let run = 0;
  for (let i = 0; i < b.length; i++) {
    const c = <i32>b[i];
    if (!shouldEscape(c, mode)) continue;
    if (i > run) out.push(String.UTF8.decodeUnsafe(b.dataStart + <usize>run, <usize>(i - run)));
    if (c == 0x20 && mode == Mode.QueryComponent) out.push('+');
    else out.push('%' + HEX.charAt(c >> 4) + HEX.charAt(c & 15));
    run = i + 1;
  }
  if (b.length > run)
    out.push(String.UTF8.decodeUnsafe(b.dataStart + <usize>run, <usize>(b.length - run)));
  return out.join('');
}

export function queryEscape(s: string): string {
  return escape(s, Mode.QueryComponent);
}

function unhex(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** Set when unescape fails: the message Go gives. */
let unescapeError: string | null = null;

function unescape(s: string, mode: Mode): string {
  unescapeError = null;
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (
      c == 0x25 ||
      (c == 0x2b && mode == Mode.QueryComponent) ||
      (mode == Mode.Host && c < 0x80 && shouldEscape(c, mode))
    ) {
      plain = false;
      break;
    }
  }
  if (plain) return s;
  const b = utf8Bytes(s);
  let needs = false;
  for (let i = 0; i < b.length; i++) {
    const c = <i32>b[i];
    if (c == 0x25) {
      needs = true;
      if (i + 2 >= b.length || unhex(<i32>b[i + 1]) < 0 || unhex(<i32>b[i + 2]) < 0) {
        const end = min(i + 3, b.length);
        unescapeError =
          'invalid URL escape "' +
          String.UTF8.decodeUnsafe(b.dataStart + <usize>i, <usize>(end - i)) +
          '"';
        return '';
      }
      i += 2;
    } else if (c == 0x2b) {
      needs = needs || mode == Mode.QueryComponent;
    } else if (mode == Mode.Host && c < 0x80 && shouldEscape(c, mode)) {
      unescapeError = 'invalid character "' + String.fromCharCode(c) + '" in host name';
      return '';
    }
  }
  if (!needs) return s;
  const out = new Uint8Array(b.length);
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    const c = <i32>b[i];
    if (c == 0x25) {
      out[n++] = <u8>((unhex(<i32>b[i + 1]) << 4) | unhex(<i32>b[i + 2]));
      i += 2;
    } else if (c == 0x2b && mode == Mode.QueryComponent) out[n++] = 0x20;
    else out[n++] = <u8>c;
  }
  return String.UTF8.decodeUnsafe(out.dataStart, <usize>n);
}

function validEncoded(s: string, mode: Mode): bool {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x21:
      case 0x24:
      case 0x26:
      case 0x27:
      case 0x28:
      case 0x29:
      case 0x2a:
      case 0x2b:
      case 0x2c:
      case 0x3b:
      case 0x3d:
      case 0x3a:
      case 0x40:
      case 0x5b:
      case 0x5d:
      case 0x25:
        continue;
    }
    if (c >= 0x80 || shouldEscape(c, mode)) return false;
  }
  return true;
}

/** Appends escape(s, mode) to b; ASCII text is escaped in place, without a copy. */
function appendEscaped(b: TextBuffer, s: string, mode: Mode): void {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    if (cu(s, i) >= 0x80) {
      b.append(escape(s, mode));
      return;
    }
  }
  let run = 0;
  for (let i = 0; i < n; i++) {
    const c = cu(s, i);
    if (!shouldEscape(c, mode)) continue;
    b.appendRange(s, run, i);
    if (c == 0x20 && mode == Mode.QueryComponent) b.push(0x2b);
    else {
      b.push(0x25);
      b.push(HEX.charCodeAt(c >> 4));
      b.push(HEX.charCodeAt(c & 15));
    }
    run = i + 1;
  }
  b.appendRange(s, run, n);
}

/** Scratch for encode(). */
const encoded = new TextBuffer(256);
/** Entry indices in key order, reused by encodeInto(). */
const order = new Array<i32>();

/**
 * Query values in Go's url.Values form. The pairs are kept flat, in the order they were added:
 * a key's values in their order, and Encode's stable sort by key gives Go's output.
 */
export class Values {
  keys: string[] = [];
  vals: string[] = [];

  get length(): i32 {
    return this.keys.length;
  }

  /** Empties the values (they are not kept alive). */
  reset(): void {
    this.keys.length = 0;
    this.vals.length = 0;
  }

  /** Appends the pairs of other. */
  addAll(other: Values): void {
    for (let i = 0; i < other.keys.length; i++) {
      this.keys.push(unchecked(other.keys[i]));
      this.vals.push(unchecked(other.vals[i]));
    }
  }

  add(key: string, value: string): void {
    this.keys.push(key);
    this.vals.push(value);
  }

  /** Replaces the key's values by value. */
  set(key: string, value: string): void {
    let n = 0;
    for (let i = 0; i < this.keys.length; i++) {
      const k = unchecked(this.keys[i]);
      if (k == key) continue;
      if (n != i) {
        unchecked((this.keys[n] = k));
        unchecked((this.vals[n] = this.vals[i]));
      }
      n++;
    }
    this.keys.length = n;
    this.vals.length = n;
    this.add(key, value);
  }

  /** Go's Values.Encode appended to b: keys sorted, each pair query-escaped. */
  encodeInto(b: TextBuffer): void {
    const n = this.keys.length;
    if (n == 0) return;
    order.length = n;
    for (let i = 0; i < n; i++) unchecked((order[i] = i));
    // Insertion sort: few keys, and stable (a key's values keep their order).
    for (let i = 1; i < n; i++) {
      const k = unchecked(order[i]);
      const key = unchecked(this.keys[k]);
      let j = i - 1;
      while (j >= 0 && unchecked(this.keys[unchecked(order[j])]) > key) {
        unchecked((order[j + 1] = order[j]));
        j--;
      }
      unchecked((order[j + 1] = k));
    }
    for (let i = 0; i < n; i++) {
      const e = unchecked(order[i]);
      if (i > 0) b.push(0x26);
      appendEscaped(b, unchecked(this.keys[e]), Mode.QueryComponent);
      b.push(0x3d);
      appendEscaped(b, unchecked(this.vals[e]), Mode.QueryComponent);
    }
  }

  /** Go's Values.Encode: keys sorted, each pair query-escaped. */
  encode(): string {
    if (this.keys.length == 0) return '';
    encoded.truncate(0);
    this.encodeInto(encoded);
    return encoded.take();
  }
}

/** Go's ParseQuery, keeping what parses (as URL.Query does, ignoring the error). */
export function parseQuery(query: string): Values {
  const v = new Values();
  let rest = query;
  while (rest.length > 0) {
    let key = rest;
    const amp = rest.indexOf('&');
    if (amp >= 0) {
      key = rest.substring(0, amp);
      rest = rest.substring(amp + 1);
    } else rest = '';
    if (key.includes(';') || key.length == 0) continue;
    let value = '';
    const eq = key.indexOf('=');
    if (eq >= 0) {
      value = key.substring(eq + 1);
      key = key.substring(0, eq);
    }
    const k = unescape(key, Mode.QueryComponent);
    if (unescapeError !== null) continue;
    const val = unescape(value, Mode.QueryComponent);
    if (unescapeError !== null) continue;
    v.add(k, val);
  }
  return v;
}

export class ParsedUrl {
  scheme: string = '';
  host: string = '';
  path: string = '';
  rawPath: string = '';
  rawQuery: string = '';
  /** Set when the text does not parse: Go's message. */
  error: string | null = null;
  private parsedQuery: Values | null = null;
  private origin: string | null = null;

  /** parseQuery(rawQuery), made once: the caller copies the pairs and does not change them. */
  query(): Values {
    let q = this.parsedQuery;
    if (q === null) {
      q = parseQuery(this.rawQuery);
      this.parsedQuery = q;
    }
    return q;
  }

  /** scheme://host followed by the escaped path, made once. */
  prefix(): string {
    let p = this.origin;
    if (p === null) {
      p = this.scheme + '://' + this.host + this.escapedPath();
      this.origin = p;
    }
    return p;
  }

  escapedPath(): string {
    if (this.rawPath.length > 0 && validEncoded(this.rawPath, Mode.Path)) {
      const p = unescape(this.rawPath, Mode.Path);
      if (unescapeError === null && p == this.path) return this.rawPath;
    }
    if (this.path == '*') return '*';
    return escape(this.path, Mode.Path);
  }
}

function fail(u: ParsedUrl, raw: string, message: string): ParsedUrl {
  u.error = 'parse "' + raw + '": ' + message;
  return u;
}

/** Go's url.Parse for the parts an upstream request uses (scheme, host, path, query). */
export function parseUrl(raw: string): ParsedUrl {
  const u = new ParsedUrl();
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x20 || c == 0x7f) return fail(u, raw, 'net/url: invalid control character in URL');
  }
  let text = raw;
  const hash = text.indexOf('#');
  if (hash >= 0) {
    const fragment = text.substring(hash + 1);
    text = text.substring(0, hash);
    unescape(fragment, Mode.Fragment);
    if (unescapeError !== null) return fail(u, raw, unescapeError!);
  }
  // Scheme.
  let rest = text;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) continue;
    if ((c >= 0x30 && c <= 0x39) || c == 0x2b || c == 0x2d || c == 0x2e) {
      if (i == 0) break;
      continue;
    }
    if (c == 0x3a) {
      if (i == 0) return fail(u, raw, 'missing protocol scheme');
      u.scheme = text.substring(0, i).toLowerCase();
      rest = text.substring(i + 1);
    }
    break;
  }
  const q = rest.indexOf('?');
  if (q >= 0) {
    u.rawQuery = rest.substring(q + 1);
    rest = rest.substring(0, q);
  }
  if (!rest.startsWith('/')) {
    if (u.scheme.length > 0) return fail(u, raw, 'opaque URLs are not supported');
    const slash = rest.indexOf('/');
    const segment = slash >= 0 ? rest.substring(0, slash) : rest;
    if (segment.includes(':'))
      return fail(u, raw, 'first path segment in URL cannot contain colon');
  }
  if ((u.scheme.length > 0 || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.substring(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.substring(slash);
      authority = authority.substring(0, slash);
    }
    const at = authority.lastIndexOf('@');
    let host = at >= 0 ? authority.substring(at + 1) : authority;
    if (!host.startsWith('[')) {
      const colon = host.lastIndexOf(':');
      if (colon >= 0) {
        for (let i = colon + 1; i < host.length; i++) {
          const c = host.charCodeAt(i);
          if (c < 0x30 || c > 0x39)
            return fail(u, raw, 'invalid port "' + host.substring(colon) + '" after host');
        }
      }
    }
    host = unescape(host, Mode.Host);
    if (unescapeError !== null) return fail(u, raw, unescapeError!);
    u.host = host;
  }
  const path = unescape(rest, Mode.Path);
  if (unescapeError !== null) return fail(u, raw, unescapeError!);
  u.path = path;
  u.rawPath = escape(path, Mode.Path) == rest ? '' : rest;
  return u;
}
