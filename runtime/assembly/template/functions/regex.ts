// Sprig's regular-expression functions over the RE2-syntax engine of regex-engine.ts.

import { execError } from '../errors';
import { Builder } from '../builder';
import { checkLength, checkSize } from '../budget';
import { Value } from '../value';
import { str, toInt } from './args';
import { compileError, compileRegex, matchAt, Regex, Subject } from './regex-engine';

function mustCompile(name: string, pattern: string): Regex {
  const re = compileRegex(pattern);
  if (re === null)
    execError(name + ': error parsing regexp: ' + compileError + ': `' + pattern + '`');
  return re!;
}

/** All non-overlapping matches (Go's FindAll semantics), at most n (n < 0: all). */
function findAll(re: Regex, s: Subject, n: i32): i32[][] {
  const out = new Array<i32[]>();
  let pos = 0;
  let prevEnd = -1;
  const len = s.cps.length;
  while (pos <= len && (n < 0 || out.length < n)) {
    const m = matchAt(re, s, pos);
    if (m === null) break;
    const start = m[0];
    const end = m[1];
    let accept = true;
    if (end == start && start == prevEnd) accept = false; // empty match right after a match
    if (accept) out.push(m);
    if (end > start) pos = end;
    else pos = start + 1;
    prevEnd = end;
  }
  return out;
}

function sub(s: Subject, a: i32, b: i32): string {
  if (a < 0 || b < 0) return '';
  return s.text.substring(s.offsets[a], s.offsets[b]);
}

export function fnRegexMatch(a: Value[]): Value {
  const re = compileRegex(str(a[0]));
  if (re === null) return Value.bool(false);
  return Value.bool(matchAt(re, new Subject(str(a[1])), 0) !== null);
}
export function fnMustRegexMatch(a: Value[]): Value {
  const re = mustCompile('mustRegexMatch', str(a[0]));
  return Value.bool(matchAt(re, new Subject(str(a[1])), 0) !== null);
}
export function fnRegexFind(a: Value[]): Value {
  const re = mustCompile('regexFind', str(a[0]));
  const s = new Subject(str(a[1]));
  const m = matchAt(re, s, 0);
  return Value.string(m === null ? '' : sub(s, m[0], m[1]));
}
export function fnRegexFindAll(a: Value[]): Value {
  const re = mustCompile('regexFindAll', str(a[0]));
  const s = new Subject(str(a[1]));
  const ms = findAll(re, s, toInt(a[2]));
  const items = new Array<Value>(ms.length);
  for (let i = 0; i < ms.length; i++) items[i] = Value.string(sub(s, ms[i][0], ms[i][1]));
  return Value.list(items);
}

/** Go's Regexp.Expand template: $1, ${1}, $name, ${name}, $$. */
function expand(b: Builder, template: string, re: Regex, s: Subject, m: i32[]): void {
  let i = 0;
  const n = template.length;
  while (i < n) {
    const c = template.charCodeAt(i);
    if (c != 0x24 || i + 1 >= n) {
      b.pushUnit(c);
      i++;
      continue;
    }
    const next = template.charCodeAt(i + 1);
    if (next == 0x24) {
      b.pushUnit(0x24);
      i += 2;
      continue;
    }
    let name = '';
    let j = i + 1;
    if (next == 0x7b) {
      const close = template.indexOf('}', i + 2);
      if (close < 0) {
        b.pushUnit(c);
        i++;
        continue;
      }
      name = template.substring(i + 2, close);
      j = close + 1;
    } else {
      while (j < n) {
        const d = template.charCodeAt(j);
        if (
          (d >= 0x30 && d <= 0x39) ||
          (d >= 0x41 && d <= 0x5a) ||
          (d >= 0x61 && d <= 0x7a) ||
          d == 0x5f
        )
          j++;
        else break;
      }
      name = template.substring(i + 1, j);
    }
    if (name.length == 0) {
      b.pushUnit(c);
      i++;
      continue;
    }
    let group = -1;
    let numeric = true;
    for (let k = 0; k < name.length; k++)
      if (name.charCodeAt(k) < 0x30 || name.charCodeAt(k) > 0x39) numeric = false;
    if (numeric) group = I32.parseInt(name);
    else for (let k = 0; k < re.names.length; k++) if (re.names[k] == name) group = k;
    if (group >= 0 && group < re.groups) b.append(sub(s, m[group * 2], m[group * 2 + 1]));
    i = j;
  }
}

function replace(name: string, a: Value[], literal: bool): Value {
  const re = mustCompile(name, str(a[0]));
  const s = new Subject(str(a[1]));
  const repl = str(a[2]);
  const ms = findAll(re, s, -1);
  const b = new Builder(s.text.length + 16);
  let last = 0;
  for (let i = 0; i < ms.length; i++) {
    const m = ms[i];
    b.append(sub(s, last, m[0]));
    if (literal) b.append(repl);
    else expand(b, repl, re, s, m);
    last = m[1];
    checkLength(b.length);
  }
  b.append(sub(s, last, s.cps.length));
  checkSize(b.length);
  return Value.string(b.toString());
}

export function fnRegexReplaceAll(a: Value[]): Value {
  return replace('regexReplaceAll', a, false);
}
export function fnRegexReplaceAllLiteral(a: Value[]): Value {
  return replace('regexReplaceAllLiteral', a, true);
}
export function fnRegexSplit(a: Value[]): Value {
  const re = mustCompile('regexSplit', str(a[0]));
  const s = new Subject(str(a[1]));
  const n = toInt(a[2]);
  const out = new Array<Value>();
  if (n == 0) return Value.list(out);
  if (str(a[0]).length > 0 && s.cps.length == 0) {
    out.push(Value.string(''));
    return Value.list(out);
  }
  const ms = findAll(re, s, -1);
  let beg = 0;
  for (let i = 0; i < ms.length; i++) {
    if (n > 0 && out.length == n - 1) break;
    const end = ms[i][0];
    if (ms[i][1] == 0) continue;
    out.push(Value.string(sub(s, beg, end)));
    beg = ms[i][1];
  }
  out.push(Value.string(sub(s, beg, s.cps.length)));
  return Value.list(out);
}
export function fnRegexQuoteMeta(a: Value[]): Value {
  const s = str(a[0]);
  const b = new Builder(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ('\\.+*?()|[]{}^$'.indexOf(String.fromCharCode(c)) >= 0) b.pushUnit(0x5c);
    b.pushUnit(c);
  }
  return Value.string(b.toString());
}
