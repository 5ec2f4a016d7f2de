// Sprig's math functions: integer arithmetic through toInt64, float arithmetic through toFloat64.

import { execError } from '../errors';
import { charge } from '../budget';
import { Value } from '../value';
import { toFloat64, toInt64, str } from './args';
import { parseIntBase0, parseIntOk } from '../numbers';

export function fnAdd(a: Value[]): Value {
  let s: i64 = 0;
  for (let i = 0; i < a.length; i++) s += toInt64(a[i]);
  return Value.int(s);
}
export function fnAdd1(a: Value[]): Value {
  return Value.int(toInt64(a[0]) + 1);
}
export function fnSub(a: Value[]): Value {
  return Value.int(toInt64(a[0]) - toInt64(a[1]));
}
export function fnMul(a: Value[]): Value {
  let p = toInt64(a[0]);
  for (let i = 1; i < a.length; i++) p *= toInt64(a[i]);
  return Value.int(p);
}
export function fnDiv(a: Value[]): Value {
  const d = toInt64(a[1]);
  if (d == 0) execError('div: runtime error: integer divide by zero');
  return Value.int(toInt64(a[0]) / d);
}
export function fnMod(a: Value[]): Value {
  const d = toInt64(a[1]);
  if (d == 0) execError('mod: runtime error: integer divide by zero');
  return Value.int(toInt64(a[0]) % d);
}
export function fnMax(a: Value[]): Value {
  let m = toInt64(a[0]);
  for (let i = 1; i < a.length; i++) {
    const v = toInt64(a[i]);
    if (v > m) m = v;
  }
  return Value.int(m);
}
export function fnMin(a: Value[]): Value {
  let m = toInt64(a[0]);
  for (let i = 1; i < a.length; i++) {
    const v = toInt64(a[i]);
    if (v < m) m = v;
  }
  return Value.int(m);
}
export function fnAddf(a: Value[]): Value {
  let s: f64 = 0;
  for (let i = 0; i < a.length; i++) s += toFloat64(a[i]);
  return Value.float(s);
}
export function fnAdd1f(a: Value[]): Value {
  return Value.float(toFloat64(a[0]) + 1);
}
export function fnSubf(a: Value[]): Value {
  let s = toFloat64(a[0]);
  for (let i = 1; i < a.length; i++) s -= toFloat64(a[i]);
  return Value.float(s);
}
export function fnMulf(a: Value[]): Value {
  let s = toFloat64(a[0]);
  for (let i = 1; i < a.length; i++) s *= toFloat64(a[i]);
  return Value.float(s);
}
export function fnDivf(a: Value[]): Value {
  let s = toFloat64(a[0]);
  for (let i = 1; i < a.length; i++) {
    const d = toFloat64(a[i]);
    if (d == 0) execError('divf: decimal division by zero');
    s /= d;
  }
  return Value.float(s);
}
export function fnMaxf(a: Value[]): Value {
  let m = toFloat64(a[0]);
  for (let i = 1; i < a.length; i++) m = Math.max(m, toFloat64(a[i]));
  return Value.float(m);
}
export function fnMinf(a: Value[]): Value {
  let m = toFloat64(a[0]);
  for (let i = 1; i < a.length; i++) m = Math.min(m, toFloat64(a[i]));
  return Value.float(m);
}
export function fnFloor(a: Value[]): Value {
  return Value.float(Math.floor(toFloat64(a[0])));
}
export function fnCeil(a: Value[]): Value {
  return Value.float(Math.ceil(toFloat64(a[0])));
}
export function fnRound(a: Value[]): Value {
  const roundOn = a.length > 2 ? toFloat64(a[2]) : 0.5;
  const val = toFloat64(a[0]);
  const pow = Math.pow(10, <f64>toInt64(a[1]));
  const digit = pow * val;
  const frac = digit - Math.trunc(digit);
  const r = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
  return Value.float(r / pow);
}
export function fnAtoi(a: Value[]): Value {
  const s = str(a[0]);
  // strconv.Atoi: decimal only
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (i == 0 && (c == 0x2d || c == 0x2b)))) return Value.int(0);
  }
  const n = parseIntBase0(s.length > 1 && s.charCodeAt(0) == 0x30 ? s.substring(1) : s);
  return Value.int(parseIntOk ? n : 0);
}
export function fnInt(a: Value[]): Value {
  return Value.int(toInt64(a[0]));
}
export function fnFloat64(a: Value[]): Value {
  return Value.float(toFloat64(a[0]));
}

export function untilStep(start: i64, stop: i64, step: i64): i64[] {
  const v = new Array<i64>();
  if (stop < start) {
    if (step >= 0) return v;
    for (let i = start; i > stop; i += step) {
      charge(1);
      v.push(i);
    }
    return v;
  }
  if (step <= 0) return v;
  for (let i = start; i < stop; i += step) {
    charge(1);
    v.push(i);
  }
  return v;
}

function intList(v: i64[]): Value {
  const items = new Array<Value>(v.length);
  for (let i = 0; i < v.length; i++) items[i] = Value.int(v[i]);
  return Value.list(items);
}

export function fnUntil(a: Value[]): Value {
  const count = toInt64(a[0]);
  return intList(untilStep(0, count, count < 0 ? -1 : 1));
}
export function fnUntilStep(a: Value[]): Value {
  return intList(untilStep(toInt64(a[0]), toInt64(a[1]), toInt64(a[2])));
}

function joinInts(v: i64[]): string {
  const parts = new Array<string>(v.length);
  for (let i = 0; i < v.length; i++) parts[i] = v[i].toString();
  return parts.join(' ');
}

export function fnSeq(a: Value[]): Value {
  switch (a.length) {
    case 1: {
      const end = toInt64(a[0]);
      const inc: i64 = end < 1 ? -1 : 1;
      return Value.string(joinInts(untilStep(1, end + inc, inc)));
    }
    case 2: {
      const start = toInt64(a[0]);
      const end = toInt64(a[1]);
      const step: i64 = end < start ? -1 : 1;
      return Value.string(joinInts(untilStep(start, end + step, step)));
    }
    case 3: {
      const start = toInt64(a[0]);
      const step = toInt64(a[1]);
      const end = toInt64(a[2]);
      let inc: i64 = 1;
      if (end < start) {
        inc = -1;
        if (step > 0) return Value.string('');
      }
      return Value.string(joinInts(untilStep(start, end + inc, step)));
    }
    default:
      return Value.string('');
  }
}
