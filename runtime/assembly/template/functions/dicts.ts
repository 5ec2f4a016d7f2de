// Sprig's dict functions. JSON objects from the data count as dicts; functions that modify a dict
// modify a copy of a JSON object (the data itself never changes).

import { execError } from '../errors';
import { Kind, NULL, Value, asDict, asList, EMPTY_STRING } from '../value';
import { kindName, str, strval } from './args';

function requireDict(name: string, v: Value): Value {
  const d = asDict(v);
  if (d === null) execError(name + ': expected a dict, got ' + kindName(v));
  return d!;
}

export function fnDict(a: Value[]): Value {
  const d = Value.dict();
  for (let i = 0; i < a.length; i += 2) {
    const key = strval(a[i]);
    d.dictSet(key, i + 1 < a.length ? a[i + 1] : EMPTY_STRING);
  }
  return d;
}
export function fnGet(a: Value[]): Value {
  const d = requireDict('get', a[0]);
  const v = d.dictGet(str(a[1]));
  return v !== null ? v : EMPTY_STRING;
}
export function fnSet(a: Value[]): Value {
  const d = requireDict('set', a[0]);
  d.dictSet(str(a[1]), a[2]);
  return d;
}
export function fnUnset(a: Value[]): Value {
  const d = requireDict('unset', a[0]);
  d.dictDelete(str(a[1]));
  return d;
}
export function fnHasKey(a: Value[]): Value {
  const d = requireDict('hasKey', a[0]);
  return Value.bool(d.dictGet(str(a[1])) !== null);
}
export function fnKeys(a: Value[]): Value {
  const out = new Array<Value>();
  for (let i = 0; i < a.length; i++) {
    const d = requireDict('keys', a[i]);
    const keys = d.sortedKeys();
    for (let k = 0; k < keys.length; k++) out.push(Value.string(keys[k]));
  }
  return Value.list(out);
}
export function fnValues(a: Value[]): Value {
  const d = requireDict('values', a[0]);
  const keys = d.sortedKeys();
  const out = new Array<Value>();
  for (let k = 0; k < keys.length; k++) out.push(d.dictGet(keys[k])!);
  return Value.list(out);
}
export function fnPluck(a: Value[]): Value {
  const name = str(a[0]);
  const out = new Array<Value>();
  for (let i = 1; i < a.length; i++) {
    const d = requireDict('pluck', a[i]);
    const v = d.dictGet(name);
    if (v !== null) out.push(v);
  }
  return Value.list(out);
}
export function fnPick(a: Value[]): Value {
  const d = requireDict('pick', a[0]);
  const out = Value.dict();
  for (let i = 1; i < a.length; i++) {
    const k = str(a[i]);
    const v = d.dictGet(k);
    if (v !== null) out.dictSet(k, v);
  }
  return out;
}
export function fnOmit(a: Value[]): Value {
  const d = requireDict('omit', a[0]);
  const out = Value.dict();
  for (let i = 0; i < d.keys!.length; i++) {
    const k = d.keys![i];
    let drop = false;
    for (let j = 1; j < a.length; j++) if (str(a[j]) == k) drop = true;
    if (!drop) out.dictSet(k, d.vals![i]);
  }
  return out;
}
export function fnDig(a: Value[]): Value {
  // dig "a" "b" default dict
  const n = a.length;
  if (n < 3) execError('dig: wrong number of args: want at least 3 got ' + n.toString());
  let cur = requireDict('dig', a[n - 1]);
  const dflt = a[n - 2];
  for (let i = 0; i < n - 2; i++) {
    const v = cur.dictGet(str(a[i]));
    if (v === null) return dflt;
    if (i == n - 3) return v;
    const next = asDict(v);
    if (next === null) return dflt;
    cur = next;
  }
  return dflt;
}

function mergeInto(dst: Value, src: Value, overwrite: bool): void {
  for (let i = 0; i < src.keys!.length; i++) {
    const k = src.keys![i];
    const sv = src.vals![i];
    const dv = dst.dictGet(k);
    if (dv === null) {
      dst.dictSet(k, sv);
      continue;
    }
    const dd = asDict(dv);
    const sd = asDict(sv);
    if (dd !== null && sd !== null) {
      mergeInto(dd, sd, overwrite);
      dst.dictSet(k, dd);
    } else if (overwrite || dv.isNil()) dst.dictSet(k, sv);
  }
}

export function fnMerge(a: Value[]): Value {
  const dst = requireDict('merge', a[0]);
  for (let i = 1; i < a.length; i++) mergeInto(dst, requireDict('merge', a[i]), false);
  return dst;
}
export function fnMergeOverwrite(a: Value[]): Value {
  const dst = requireDict('mergeOverwrite', a[0]);
  for (let i = 1; i < a.length; i++) mergeInto(dst, requireDict('mergeOverwrite', a[i]), true);
  return dst;
}

export { NULL, Kind, asList };
