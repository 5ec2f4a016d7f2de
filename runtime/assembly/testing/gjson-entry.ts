// Test entry for the gjson library: exposes get/parse/valid to JavaScript with
// every field of the result encoded as JSON, so tests compare all of them with
// what Go's gjson returns.

import { get, parse, valid, Result, getMany } from '../gjson/index';
import { formatFloatFixed } from '../gjson/numbers';

const HEX = '0123456789abcdef';

/** A JSON string literal for any AssemblyScript string (lone surrogates escaped). */
function quote(s: string): string {
  const parts = new Array<string>();
  parts.push('"');
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc = false;
    if (c < 0x20 || c == 0x22 || c == 0x5c) esc = true;
    else if (c >= 0xd800 && c < 0xdc00) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d < 0xe000) {
        i++;
        continue;
      }
      esc = true;
    } else if (c >= 0xdc00 && c < 0xe000) esc = true;
    if (!esc) continue;
    if (i > run) parts.push(s.substring(run, i));
    if (c == 0x22) parts.push('\\"');
    else if (c == 0x5c) parts.push('\\\\');
    else {
      parts.push(
        '\\u' +
          HEX.charAt((c >> 12) & 15) +
          HEX.charAt((c >> 8) & 15) +
          HEX.charAt((c >> 4) & 15) +
          HEX.charAt(c & 15),
      );
    }
    run = i + 1;
  }
  if (s.length > run) parts.push(s.substring(run));
  parts.push('"');
  return parts.join('');
}

function encode(r: Result): string {
  const arr = r.array();
  const raws = new Array<string>();
  for (let i = 0; i < arr.length; i++) raws.push(quote(arr[i].raw));
  const entries = r.entries();
  const ents = new Array<string>();
  for (let i = 0; i < entries.length; i++)
    ents.push('[' + quote(entries[i].key) + ',' + quote(entries[i].value.raw) + ']');
  return (
    '{"type":' +
    (<i32>r.type).toString() +
    ',"raw":' +
    quote(r.raw) +
    ',"str":' +
    quote(r.str) +
    ',"num":' +
    quote(formatFloatFixed(r.num)) +
    ',"index":' +
    r.index.toString() +
    ',"exists":' +
    (r.exists() ? 'true' : 'false') +
    ',"string":' +
    quote(r.toString()) +
    ',"int":' +
    quote(r.int().toString()) +
    ',"float":' +
    quote(formatFloatFixed(r.float())) +
    ',"bool":' +
    (r.bool() ? 'true' : 'false') +
    ',"isArray":' +
    (r.isArray() ? 'true' : 'false') +
    ',"isObject":' +
    (r.isObject() ? 'true' : 'false') +
    ',"array":[' +
    raws.join(',') +
    ']' +
    ',"entries":[' +
    ents.join(',') +
    ']}'
  );
}

export function gjsonGet(json: string, path: string): string {
  return encode(get(json, path));
}

export function gjsonParse(json: string): string {
  return encode(parse(json));
}

export function gjsonValid(json: string): bool {
  return valid(json);
}

/** Result.get on the result of a first path: checks index arithmetic of nested gets. */
export function gjsonGetThen(json: string, first: string, second: string): string {
  return encode(get(json, first).get(second));
}

/** The raw texts of getMany, joined by newlines. */
export function gjsonGetManyRaw(json: string, paths: string): string {
  const list = paths.split('\n');
  const rs = getMany(json, list);
  const raws = new Array<string>();
  for (let i = 0; i < rs.length; i++) raws.push(quote(rs[i].raw));
  return '[' + raws.join(',') + ']';
}

/** For the benchmark: only the raw text, no encoding work. */
export function gjsonGetRaw(json: string, path: string): string {
  return get(json, path).raw;
}
