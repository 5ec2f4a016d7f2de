// Sprig's default, empty, coalesce, ternary, fail and the type inspection functions.

import { execError } from '../errors';
import { Kind, NULL, Value, asList, toJSON, truth } from '../value';
import { boolParam, isEmpty, kindName, str, typeName } from './args';
import { deepCopy } from './lists';

export function fnDefault(a: Value[]): Value {
  if (a.length < 2 || isEmpty(a[1])) return a[0];
  return a[1];
}
export function fnEmpty(a: Value[]): Value {
  return Value.bool(isEmpty(a[0]));
}
export function fnCoalesce(a: Value[]): Value {
  for (let i = 0; i < a.length; i++) if (!isEmpty(a[i])) return a[i];
  return NULL;
}
export function fnAll(a: Value[]): Value {
  for (let i = 0; i < a.length; i++) if (isEmpty(a[i])) return Value.bool(false);
  return Value.bool(true);
}
export function fnAny(a: Value[]): Value {
  for (let i = 0; i < a.length; i++) if (!isEmpty(a[i])) return Value.bool(true);
  return Value.bool(false);
}
export function fnCompact(a: Value[]): Value {
  const list = asList(a[0]);
  if (list === null) execError('Cannot compact on type ' + kindName(a[0]));
  const out = new Array<Value>();
  for (let i = 0; i < list!.length; i++) if (!isEmpty(list![i])) out.push(list![i]);
  return Value.list(out);
}
export function fnTernary(a: Value[]): Value {
  return boolParam(a[2]) ? a[0] : a[1];
}
export function fnFail(a: Value[]): Value {
  execError(str(a[0]));
  return NULL;
}
export function fnTypeOf(a: Value[]): Value {
  return Value.string(typeName(a[0]));
}
export function fnKindOf(a: Value[]): Value {
  return Value.string(kindName(a[0]));
}
export function fnKindIs(a: Value[]): Value {
  return Value.bool(str(a[0]) == kindName(a[1]));
}
export function fnDeepEqual(a: Value[]): Value {
  if (a[0].kind == Kind.String || a[1].kind == Kind.String)
    return Value.bool(a[0].kind == a[1].kind && a[0].str == a[1].str);
  return Value.bool(toJSON(a[0], false) == toJSON(a[1], false));
}
export function fnDeepCopy(a: Value[]): Value {
  return deepCopy(a[0]);
}
