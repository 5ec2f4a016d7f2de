// Whether an array element satisfies a query "#(path op value)".

import { cu } from './chars';
import { globMatch } from './match';
import { parseGoFloat } from './numbers';
import { ArrayPath } from './path';
import { parseGoBool, Result, ResultType } from './result';

function trueish(t: Result): bool {
  if (t.type == ResultType.True) return true;
  if (t.type == ResultType.String) return parseGoBool(t.str) == 1;
  if (t.type == ResultType.Number) return t.num != 0;
  return false;
}

function falseish(t: Result): bool {
  if (t.type == ResultType.Null || t.type == ResultType.False) return true;
  if (t.type == ResultType.String) return parseGoBool(t.str) == 0;
  if (t.type == ResultType.Number) return t.num == 0;
  return false;
}

/** Go compares strings by bytes; comparing code points gives the same order. */
function compareStrings(a: string, b: string): i32 {
  const n = min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = cu(a, i);
    let y = cu(b, i);
    if (x == y) continue;
    // Surrogates (supplementary code points) sort after all of the BMP in UTF-8.
    if (x >= 0xd800 && x < 0xe000) x += 0x10000;
    if (y >= 0xd800 && y < 0xe000) y += 0x10000;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

export function queryMatches(rp: ArrayPath, candidate: Result): bool {
  let value = candidate;
  let rpv = rp.queryValue;
  if (rpv.length > 0 && cu(rpv, 0) == 0x7e) {
    // "~true", "~false", "~null", "~*": compare the value's truthiness.
    const test = rpv.substring(1);
    let known = true;
    let ish = false;
    if (test == '*') ish = value.exists();
    else if (test == 'null') ish = value.type == ResultType.Null;
    else if (test == 'true') ish = trueish(value);
    else if (test == 'false') ish = falseish(value);
    else known = false;
    if (known) {
      rpv = 'true';
      value = new Result();
      value.type = ish ? ResultType.True : ResultType.False;
    } else {
      rpv = '';
      value = new Result();
    }
  }
  if (!value.exists()) return false;
  const op = rp.queryOp;
  if (op.length == 0) return true;
  switch (value.type) {
    case ResultType.String: {
      if (op == '%') return globMatch(value.str, rpv);
      if (op == '!%') return !globMatch(value.str, rpv);
      const c = compareStrings(value.str, rpv);
      if (op == '=') return c == 0;
      if (op == '!=') return c != 0;
      if (op == '<') return c < 0;
      if (op == '<=') return c <= 0;
      if (op == '>') return c > 0;
      if (op == '>=') return c >= 0;
      return false;
    }
    case ResultType.Number: {
      const n = parseGoFloat(rpv, 0, rpv.length);
      if (op == '=') return value.num == n;
      if (op == '!=') return value.num != n;
      if (op == '<') return value.num < n;
      if (op == '<=') return value.num <= n;
      if (op == '>') return value.num > n;
      if (op == '>=') return value.num >= n;
      return false;
    }
    case ResultType.True: {
      if (op == '=') return rpv == 'true';
      if (op == '!=') return rpv != 'true';
      if (op == '>') return rpv == 'false';
      if (op == '>=') return true;
      return false;
    }
    case ResultType.False: {
      if (op == '=') return rpv == 'false';
      if (op == '!=') return rpv != 'false';
      if (op == '<') return rpv == 'true';
      if (op == '<=') return true;
      return false;
    }
    default:
      return false;
  }
}
