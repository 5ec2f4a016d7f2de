// Sprig's path functions (Go's path package: slash-separated paths).

import { Value } from '../value';
import { str } from './args';

/** Go's path.Clean. */
export function cleanPath(p: string): string {
  if (p.length == 0) return '.';
  const rooted = p.charCodeAt(0) == 0x2f;
  const parts = p.split('/');
  const out = new Array<string>();
  for (let i = 0; i < parts.length; i++) {
    const s = parts[i];
    if (s.length == 0 || s == '.') continue;
    if (s == '..') {
      if (out.length > 0 && out[out.length - 1] != '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(s);
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined.length == 0 ? '.' : joined;
}

export function fnBase(a: Value[]): Value {
  let p = str(a[0]);
  if (p.length == 0) return Value.string('.');
  while (p.length > 0 && p.endsWith('/')) p = p.substring(0, p.length - 1);
  const i = p.lastIndexOf('/');
  if (i >= 0) p = p.substring(i + 1);
  return Value.string(p.length == 0 ? '/' : p);
}
export function fnDir(a: Value[]): Value {
  const p = str(a[0]);
  const i = p.lastIndexOf('/');
  return Value.string(cleanPath(p.substring(0, i + 1)));
}
export function fnExt(a: Value[]): Value {
  const p = str(a[0]);
  for (let i = p.length - 1; i >= 0 && p.charCodeAt(i) != 0x2f; i--) {
    if (p.charCodeAt(i) == 0x2e) return Value.string(p.substring(i));
  }
  return Value.string('');
}
export function fnClean(a: Value[]): Value {
  return Value.string(cleanPath(str(a[0])));
}
export function fnIsAbs(a: Value[]): Value {
  return Value.bool(str(a[0]).startsWith('/'));
}
