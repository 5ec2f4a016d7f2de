// Sprig's list functions. JSON arrays from the data count as lists (gjson_template passes them as
// raw text, which Sprig cannot use as a list: a deliberate difference).

import { execError } from '../errors';
import { charge } from '../budget';
import { Kind, NULL, Value, asList, toJSON } from '../value';
import { isEmpty, kindName, toInt } from './args';

function requireList(name: string, v: Value): Value[] {
  const list = asList(v);
  if (list === null) execError('Cannot ' + name + ' on type ' + kindName(v));
  return list!;
}

export function deepCopy(v: Value): Value {
  if (v.kind == Kind.List) {
    const items = v.items!;
    const out = new Array<Value>(items.length);
    for (let i = 0; i < items.length; i++) out[i] = deepCopy(items[i]);
    return Value.list(out);
  }
  if (v.kind == Kind.Dict) {
    const d = Value.dict();
    for (let i = 0; i < v.keys!.length; i++) d.dictSet(v.keys![i], deepCopy(v.vals![i]));
    return d;
  }
  return v;
}

export function sameValue(a: Value, b: Value): bool {
  if (a.kind == Kind.String || b.kind == Kind.String) return a.kind == b.kind && a.str == b.str;
  if (a.kind == Kind.Number && b.kind == Kind.Number) return a.num == b.num;
  return toJSON(a, false) == toJSON(b, false);
}

export function fnList(a: Value[]): Value {
  return Value.list(a.slice(0));
}
export function fnFirst(a: Value[]): Value {
  const l = requireList('find first', a[0]);
  return l.length == 0 ? NULL : l[0];
}
export function fnLast(a: Value[]): Value {
  const l = requireList('find last', a[0]);
  return l.length == 0 ? NULL : l[l.length - 1];
}
export function fnRest(a: Value[]): Value {
  const l = requireList('find rest', a[0]);
  return l.length == 0 ? NULL : Value.list(l.slice(1));
}
export function fnInitial(a: Value[]): Value {
  const l = requireList('find initial', a[0]);
  return l.length == 0 ? NULL : Value.list(l.slice(0, l.length - 1));
}
export function fnAppend(a: Value[]): Value {
  const l = requireList('push', a[0]).slice(0);
  l.push(a[1]);
  return Value.list(l);
}
export function fnPrepend(a: Value[]): Value {
  const l = requireList('prepend', a[0]).slice(0);
  l.unshift(a[1]);
  return Value.list(l);
}
export function fnConcat(a: Value[]): Value {
  const out = new Array<Value>();
  for (let i = 0; i < a.length; i++) {
    const l = asList(a[i]);
    if (l === null) execError('Cannot concat type ' + kindName(a[i]) + ' as list');
    for (let k = 0; k < l!.length; k++) {
      charge(1);
      out.push(l![k]);
    }
  }
  return Value.list(out);
}
export function fnUniq(a: Value[]): Value {
  const l = requireList('uniq', a[0]);
  const out = new Array<Value>();
  for (let i = 0; i < l.length; i++) {
    let seen = false;
    for (let k = 0; k < out.length; k++) {
      charge(1);
      if (sameValue(out[k], l[i])) {
        seen = true;
        break;
      }
    }
    if (!seen) out.push(l[i]);
  }
  return Value.list(out);
}
export function fnHas(a: Value[]): Value {
  if (a[1].isNil()) return Value.bool(false);
  const l = requireList('find has', a[1]);
  for (let i = 0; i < l.length; i++) if (sameValue(l[i], a[0])) return Value.bool(true);
  return Value.bool(false);
}
export function fnWithout(a: Value[]): Value {
  const l = requireList('find without', a[0]);
  const out = new Array<Value>();
  for (let i = 0; i < l.length; i++) {
    let drop = false;
    for (let k = 1; k < a.length; k++) if (sameValue(l[i], a[k])) drop = true;
    if (!drop) out.push(l[i]);
  }
  return Value.list(out);
}
export function fnReverse(a: Value[]): Value {
  const l = requireList('find reverse', a[0]).slice(0);
  l.reverse();
  return Value.list(l);
}
export function fnMustCompact(a: Value[]): Value {
  const l = requireList('compact', a[0]);
  const out = new Array<Value>();
  for (let i = 0; i < l.length; i++) if (!isEmpty(l[i])) out.push(l[i]);
  return Value.list(out);
}
export function fnSlice(a: Value[]): Value {
  const v = a[0];
  if (v.kind == Kind.String) {
    const n = v.str.length;
    const start = a.length > 1 ? toInt(a[1]) : 0;
    const end = a.length > 2 ? toInt(a[2]) : n;
    if (start < 0 || end > n || start > end) execError('slice: index out of range');
    return Value.string(v.str.substring(start, end));
  }
  const l = requireList('slice', v);
  if (l.length == 0) return NULL;
  const start = a.length > 1 ? toInt(a[1]) : 0;
  const end = a.length > 2 ? toInt(a[2]) : l.length;
  if (start < 0 || end > l.length || start > end)
    execError(
      'slice: slice bounds out of range [' +
        start.toString() +
        ':' +
        end.toString() +
        '] with capacity ' +
        l.length.toString(),
    );
  return Value.list(l.slice(start, end));
}
export function fnChunk(a: Value[]): Value {
  const size = toInt(a[0]);
  const l = requireList('chunk', a[1]);
  if (size <= 0) execError('chunk: size must be positive');
  const out = new Array<Value>();
  for (let i = 0; i < l.length; i += size)
    out.push(Value.list(l.slice(i, min(i + size, l.length))));
  return Value.list(out);
}
