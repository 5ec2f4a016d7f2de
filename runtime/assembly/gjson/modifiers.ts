// gjson's stock modifiers (@reverse, @pretty, @keys, ...): each takes the JSON
// text of the current value and an optional argument, and returns new JSON text.

import { cu, trimControl } from './chars';
import { appendJSONString } from './json-string';
import { prettyJSON, PrettyOptions, uglyJSON } from './pretty';
import { iterate, parse, Result } from './result';
import { squashEnd } from './scanner';
import { valid } from './valid';
import { getFrom } from './get';
import { enterLevel, leaveLevel } from './nesting';

/**
 * The end of a modifier's argument in the text after "@name:": a JSON object,
 * array or string is taken whole; anything else runs to the next '|'.
 */
export function modifierArgsEnd(rest: string): i32 {
  const n = rest.length;
  if (n == 0) return 0;
  const c = cu(rest, 0);
  if (c == 0x7b || c == 0x5b || c == 0x22) return squashEnd(rest, 0);
  let i = 0;
  for (; i < n; i++) {
    const d = cu(rest, i);
    if (d == 0x7c) break;
    if (d == 0x7b || d == 0x5b || d == 0x22 || d == 0x28) i = squashEnd(rest, i) - 1;
  }
  return i;
}

export function applyModifier(name: string, json: string, arg: string): string {
  if (name == 'this') return json;
  if (name == 'pretty') return modPretty(json, arg);
  if (name == 'ugly') return uglyJSON(json);
  if (name == 'reverse') return modReverse(json);
  if (name == 'flatten') return modFlatten(json, arg);
  if (name == 'join') return modJoin(json, arg);
  if (name == 'valid') return valid(json) ? json : '';
  if (name == 'keys') return modKeys(json);
  if (name == 'values') return modValues(json);
  if (name == 'tostr') return appendJSONString(json);
  if (name == 'fromstr') return valid(json) ? parse(json).toString() : '';
  if (name == 'group') return modGroup(json);
  if (name == 'dig') return modDig(json, arg);
  return '';
}

/** Only the whitespace of an indent or prefix option is kept. */
function cleanWS(s: string): string {
  let other = false;
  for (let i = 0; i < s.length; i++) {
    const c = cu(s, i);
    if (!(c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d)) {
      other = true;
      break;
    }
  }
  if (!other) return s;
  const parts = new Array<string>();
  for (let i = 0; i < s.length; i++) {
    const c = cu(s, i);
    if (c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d) parts.push(String.fromCharCode(c));
  }
  return parts.join('');
}

/** The value of the named member of an options object, or null. The last one wins, as in Go. */
function option(arg: string, name: string): Result | null {
  const opts = parse(arg);
  if (!opts.isObject()) return null;
  const it = iterate(opts);
  let found: Result | null = null;
  for (let k = 0; k < it.values.length; k++) {
    if (it.keys[k] == name) found = it.values[k];
  }
  return found;
}

function modPretty(json: string, arg: string): string {
  const o = new PrettyOptions();
  if (arg.length > 0) {
    const sortKeys = option(arg, 'sortKeys');
    if (sortKeys !== null) o.sortKeys = sortKeys.bool();
    const indent = option(arg, 'indent');
    if (indent !== null) o.indent = cleanWS(indent.toString());
    const prefix = option(arg, 'prefix');
    if (prefix !== null) o.prefix = cleanWS(prefix.toString());
    const width = option(arg, 'width');
    if (width !== null) o.width = <i32>width.int();
  }
  return prettyJSON(json, o);
}

function modReverse(json: string): string {
  const res = parse(json);
  if (res.isArray()) {
    const it = iterate(res);
    const parts = new Array<string>();
    for (let k = it.values.length - 1; k >= 0; k--) parts.push(it.values[k].raw);
    return '[' + parts.join(',') + ']';
  }
  if (res.isObject()) {
    const it = iterate(res);
    const parts = new Array<string>();
    for (let k = it.values.length - 1; k >= 0; k--)
      parts.push(it.keysRaw[k] + ':' + it.values[k].raw);
    return '{' + parts.join(',') + '}';
  }
  return json;
}

function unwrap(json: string): string {
  json = trimControl(json);
  if (json.length >= 2 && (cu(json, 0) == 0x5b || cu(json, 0) == 0x7b))
    json = json.substring(1, json.length - 1);
  return json;
}

function modFlatten(json: string, arg: string): string {
  const res = parse(json);
  if (!res.isArray()) return json;
  let deep = false;
  if (arg.length > 0) {
    const d = option(arg, 'deep');
    if (d !== null) deep = d.bool();
  }
  const it = iterate(res);
  const parts = new Array<string>();
  for (let k = 0; k < it.values.length; k++) {
    const value = it.values[k];
    let raw: string;
    if (value.isArray()) {
      if (deep && enterLevel()) {
        raw = unwrap(modFlatten(value.raw, arg));
        leaveLevel();
      } else {
        raw = unwrap(value.raw);
      }
    } else {
      raw = value.raw;
    }
    raw = raw.trim();
    if (raw.length > 0) parts.push(raw);
  }
  return '[' + parts.join(',') + ']';
}

function modKeys(json: string): string {
  const v = parse(json);
  if (!v.exists()) return '[]';
  const obj = v.isObject();
  const it = iterate(v);
  const parts = new Array<string>();
  for (let k = 0; k < it.values.length; k++) parts.push(obj ? it.keysRaw[k] : 'null');
  return '[' + parts.join(',') + ']';
}

function modValues(json: string): string {
  const v = parse(json);
  if (!v.exists()) return '[]';
  if (v.isArray()) return json;
  const it = iterate(v);
  const parts = new Array<string>();
  for (let k = 0; k < it.values.length; k++) parts.push(it.values[k].raw);
  return '[' + parts.join(',') + ']';
}

function modJoin(json: string, arg: string): string {
  const res = parse(json);
  if (!res.isArray()) return json;
  let preserve = false;
  if (arg.length > 0) {
    const p = option(arg, 'preserve');
    if (p !== null) preserve = p.bool();
  }
  const it = iterate(res);
  const parts = new Array<string>();
  if (preserve) {
    for (let k = 0; k < it.values.length; k++) {
      const value = it.values[k];
      if (value.isObject()) parts.push(unwrap(value.raw));
    }
    return '{' + parts.join(',') + '}';
  }
  // Keys in order of first appearance, each with its last value.
  const keyRaws = new Array<string>();
  const keyNames = new Array<string>();
  const index = new Map<string, i32>();
  const vals = new Array<string>();
  for (let k = 0; k < it.values.length; k++) {
    const value = it.values[k];
    if (!value.isObject()) continue;
    const members = iterate(value);
    for (let m = 0; m < members.values.length; m++) {
      const name = members.keys[m];
      if (index.has(name)) {
        vals[index.get(name)] = members.values[m].raw;
      } else {
        index.set(name, keyRaws.length);
        keyRaws.push(members.keysRaw[m]);
        keyNames.push(name);
        vals.push(members.values[m].raw);
      }
    }
  }
  for (let k = 0; k < keyRaws.length; k++) parts.push(keyRaws[k] + ':' + vals[k]);
  return '{' + parts.join(',') + '}';
}

function modGroup(json: string): string {
  const res = parse(json);
  if (!res.isObject()) return '';
  const groups = new Array<string>();
  const it = iterate(res);
  for (let k = 0; k < it.values.length; k++) {
    const value = it.values[k];
    if (!value.isArray()) continue;
    const elems = iterate(value);
    for (let e = 0; e < elems.values.length; e++) {
      const member = ',' + it.keysRaw[k] + ':' + elems.values[e].raw;
      if (e == groups.length) groups.push(member);
      else groups[e] = groups[e] + member;
    }
  }
  const parts = new Array<string>();
  for (let g = 0; g < groups.length; g++) parts.push('{' + groups[g].substring(1) + '}');
  return '[' + parts.join(',') + ']';
}

function digInto(all: string[], parent: Result, path: string): void {
  const res = getFrom(parent, path);
  if (res.exists()) all.push(res.raw);
  if ((parent.isArray() || parent.isObject()) && enterLevel()) {
    const it = iterate(parent);
    for (let k = 0; k < it.values.length; k++) digInto(all, it.values[k], path);
    leaveLevel();
  }
}

function modDig(json: string, arg: string): string {
  const all = new Array<string>();
  digInto(all, parse(json), arg);
  return '[' + all.join(',') + ']';
}
