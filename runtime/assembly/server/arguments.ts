// A call's arguments as Higress's RestMCPTool.Create makes them: only the declared arguments,
// defaults for the absent ones, values converted by declared type (booleans and numbers given
// as strings, integers truncated), then each value in the two forms the request uses: JSON as
// Go's json.Marshal writes it, and text as Higress's convertArgToString (fmt's %v).

import { ObjectEntry, Result, ResultType, parse } from '../gjson/index';
import { parseAnyAt, parseAnyEnd, skipMemberSeparators } from '../gjson/result';
import { scanEscaped, scanOk, scanString, unescape } from '../gjson/scanner';
import { cu, regionEquals } from '../gjson/chars';
import { appendJsonString, jsonString, plainJsonText } from './json-text';
import { TextBuffer } from '../gjson/text-buffer';
import { shortestDigits, shortestExp } from '../gjson/decimal';
import { parseGoFloat, floatError } from '../gjson/numbers';
import { formatShortest } from '../template/numbers';
import { ArgSpec, ArgType, ArgValue, ToolConfig } from './config';

export { ArgValue };

/** fmt's %v of a float64: strconv 'g' with the shortest digits, exponent from 1e+06 and below 1e-04. */
export function formatFloatV(f: f64): string {
  if (isNaN(f)) return 'NaN';
  if (f == Infinity) return '+Inf';
  if (f == -Infinity) return '-Inf';
  if (f == 0) return 1 / f < 0 ? '-0' : '0';
  let digits = shortestDigits(Math.abs(f));
  let exp10 = shortestExp;
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) == 0x30) {
    end--;
    exp10++;
  }
  digits = digits.substring(0, end);
  const exp = digits.length + exp10 - 1;
  if (exp < -4 || exp >= 6) {
    let m = digits.substring(0, 1);
    if (digits.length > 1) m += '.' + digits.substring(1);
    const e = exp < 0 ? -exp : exp;
    return (
      (f < 0 ? '-' : '') + m + 'e' + (exp < 0 ? '-' : '+') + (e < 10 ? '0' : '') + e.toString()
    );
  }
  return formatShortest(f);
}

/**
 * The shortest digits and decimal point of a number written as JSON by JavaScript (the host's
 * JSON.stringify): its digits are already the shortest that round-trip, as Go's, so no float
 * formatting is needed. Returns false when the text is not a plain JSON number.
 */
let rawDigits: string = '';
let rawPoint: i32 = 0;
let rawNegative: bool = false;
function splitNumberText(raw: string): bool {
  let i = 0;
  const n = raw.length;
  rawNegative = n > 0 && raw.charCodeAt(0) == 0x2d;
  if (rawNegative) i = 1;
  let digits = '';
  let point = -1;
  let start = i;
  for (; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c == 0x2e) {
      if (point >= 0) return false;
      digits += raw.substring(start, i);
      point = digits.length;
      start = i + 1;
      continue;
    }
    if (c == 0x65 || c == 0x45) break;
    if (c < 0x30 || c > 0x39) return false;
  }
  digits += raw.substring(start, i);
  if (point < 0) point = digits.length;
  let exp = 0;
  if (i < n) {
    let j = i + 1;
    let negative = false;
    if (j < n && (raw.charCodeAt(j) == 0x2b || raw.charCodeAt(j) == 0x2d)) {
      negative = raw.charCodeAt(j) == 0x2d;
      j++;
    }
    if (j == n) return false;
    for (; j < n; j++) {
      const c = raw.charCodeAt(j);
      if (c < 0x30 || c > 0x39) return false;
      exp = exp * 10 + (c - 0x30);
      if (exp > 10000) return false;
    }
    if (negative) exp = -exp;
  }
  let a = 0;
  while (a < digits.length - 1 && digits.charCodeAt(a) == 0x30) {
    a++;
    point--;
  }
  let b = digits.length;
  while (b > a + 1 && digits.charCodeAt(b - 1) == 0x30) b--;
  rawDigits = digits.substring(a, b);
  rawPoint = point + exp;
  return rawDigits.length > 0;
}

/** fmt's %v of a JSON number from its text (see splitNumberText); falls back to the value. */
function numberTextV(raw: string, num: f64): string {
  if (!splitNumberText(raw) || rawDigits.length > 17) return formatFloatV(num);
  if (rawDigits == '0') return rawNegative ? '-0' : '0';
  const exp = rawPoint - 1;
  const sign = rawNegative ? '-' : '';
  if (exp < -4 || exp >= 6) {
    let m = rawDigits.substring(0, 1);
    if (rawDigits.length > 1) m += '.' + rawDigits.substring(1);
    const e = exp < 0 ? -exp : exp;
    return sign + m + 'e' + (exp < 0 ? '-' : '+') + (e < 10 ? '0' : '') + e.toString();
  }
  if (rawPoint <= 0) return sign + '0.' + '0'.repeat(-rawPoint) + rawDigits;
  if (rawPoint >= rawDigits.length)
    return sign + rawDigits + '0'.repeat(rawPoint - rawDigits.length);
  return sign + rawDigits.substring(0, rawPoint) + '.' + rawDigits.substring(rawPoint);
}

/** encoding/json's float64: like JavaScript's number text (exponent from 1e21, below 1e-6). */
function jsonFloat(f: f64): string {
  if (f == 0) return '0';
  const abs = Math.abs(f);
  if (abs < 1e21 && abs >= 1e-6) return formatShortest(f);
  let digits = shortestDigits(abs);
  let exp10 = shortestExp;
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) == 0x30) {
    end--;
    exp10++;
  }
  digits = digits.substring(0, end);
  const exp = digits.length + exp10 - 1;
  let m = digits.substring(0, 1);
  if (digits.length > 1) m += '.' + digits.substring(1);
  return (f < 0 ? '-' : '') + m + 'e' + (exp < 0 ? '-' : '+') + (exp < 0 ? -exp : exp).toString();
}

function sortEntries(entries: ObjectEntry[]): void {
  for (let i = 1; i < entries.length; i++) {
    const e = entries[i];
    let j = i - 1;
    while (j >= 0 && entries[j].key > e.key) {
      entries[j + 1] = entries[j];
      j--;
    }
    entries[j + 1] = e;
  }
}

/** Go's json.Marshal of the value json.Unmarshal made of r: sorted keys, HTML-safe strings. */
export function goJson(r: Result): string {
  switch (r.type) {
    case ResultType.Null:
      return 'null';
    case ResultType.True:
      return 'true';
    case ResultType.False:
      return 'false';
    case ResultType.Number:
      // The host wrote it with JSON.stringify, whose number text is Go's.
      return r.raw;
    case ResultType.String: {
      // A string the host's JSON.stringify wrote without escapes is already Go's text.
      const raw = r.raw;
      const str = r.str;
      if (
        raw.length == str.length + 2 &&
        cu(raw, 0) == 0x22 &&
        cu(raw, raw.length - 1) == 0x22 &&
        plainJsonText(str)
      )
        return raw;
      return jsonString(str);
    }
    default:
      break;
  }
  const parts = new Array<string>();
  if (r.isArray()) {
    const items = r.array();
    parts.push('[');
    for (let i = 0; i < items.length; i++) {
      if (i > 0) parts.push(',');
      parts.push(goJson(items[i]));
    }
    parts.push(']');
    return parts.join('');
  }
  const entries = r.entries();
  // json.Unmarshal keeps the last of repeated keys.
  const unique = new Array<ObjectEntry>();
  for (let i = 0; i < entries.length; i++) {
    let replaced = false;
    for (let j = 0; j < unique.length; j++) {
      if (unique[j].key == entries[i].key) {
        unique[j] = entries[i];
        replaced = true;
        break;
      }
    }
    if (!replaced) unique.push(entries[i]);
  }
  sortEntries(unique);
  parts.push('{');
  for (let i = 0; i < unique.length; i++) {
    if (i > 0) parts.push(',');
    parts.push(jsonString(unique[i].key));
    parts.push(':');
    parts.push(goJson(unique[i].value));
  }
  parts.push('}');
  return parts.join('');
}

/** A value as Higress's convertArgToString prints it. */
function goText(r: Result): string {
  switch (r.type) {
    case ResultType.String:
      return r.str;
    case ResultType.True:
      return 'true';
    case ResultType.False:
      return 'false';
    case ResultType.Number:
      return numberTextV(r.raw, r.num);
    default:
      return goJson(r);
  }
}

function asIs(r: Result): ArgValue {
  return new ArgValue(goJson(r), goText(r));
}

function intValue(n: i64): ArgValue {
  const s = n.toString();
  return new ArgValue(s, s);
}

/** strconv.ParseInt(s, 10, 64); sets parsedOk. */
let parsedOk = false;
function parseInt64(s: string): i64 {
  parsedOk = false;
  let i = 0;
  const n = s.length;
  let negative = false;
  if (n > 0 && (s.charCodeAt(0) == 0x2b || s.charCodeAt(0) == 0x2d)) {
    negative = s.charCodeAt(0) == 0x2d;
    i = 1;
  }
  if (i == n) return 0;
  let v: u64 = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return 0;
    const next = v * 10 + <u64>(c - 0x30);
    if (v > 922337203685477580 || next > <u64>9223372036854775807 + (negative ? 1 : 0)) return 0;
    v = next;
  }
  parsedOk = true;
  return negative ? -(<i64>v) : <i64>v;
}

function truncate(f: f64): i64 {
  if (isNaN(f)) return 0;
  if (f >= 9.223372036854775807e18) return i64.MAX_VALUE;
  if (f <= -9.223372036854775808e18) return i64.MIN_VALUE;
  return <i64>f;
}

function convert(spec: ArgSpec, r: Result): ArgValue {
  switch (spec.type) {
    case ArgType.Boolean:
      if (r.type == ResultType.String) {
        if (r.str == 'true') return new ArgValue('true', 'true');
        if (r.str == 'false') return new ArgValue('false', 'false');
      }
      return asIs(r);
    case ArgType.Integer:
      if (r.type == ResultType.Number) return intValue(truncate(r.num));
      if (r.type == ResultType.String) {
        const n = parseInt64(r.str);
        if (parsedOk) return intValue(n);
      }
      return asIs(r);
    case ArgType.Number:
      if (r.type == ResultType.String && r.str.length > 0) {
        const f = parseGoFloat(r.str, 0, r.str.length);
        if (!floatError && isFinite(f)) return new ArgValue(jsonFloat(f), formatFloatV(f));
      }
      return asIs(r);
    default:
      return asIs(r);
  }
}

/** The value each declared argument was given in the call, reused from call to call. */
const given = new Array<Result | null>();
/** processArguments' answer, reused from call to call (see releaseArguments). */
const argValues = new Array<ArgValue | null>();

/** Drops the last call's argument values (the array is reused by the next call). */
export function releaseArguments(): void {
  argValues.length = 0;
}

/**
 * Fills `given` with the value of each declared argument in the call's JSON object, as
 * `parse(argsJson).entries()` visits its members (the last of repeated keys wins), without
 * collecting the members: keys are compared in place and only values are built.
 */
function findGiven(tool: ToolConfig, json: string): void {
  const na = tool.args.length;
  given.length = na;
  for (let k = 0; k < na; k++) unchecked((given[k] = null));
  const n = json.length;
  // parse(): the first value of the text; entries() only visits an object.
  let i = 0;
  while (i < n && cu(json, i) <= 0x20) i++;
  if (i >= n || cu(json, i) != 0x7b) return;
  i++;
  // iterate(): Go's ForEach over the members.
  while (i < n) {
    if (cu(json, i) != 0x22) {
      i++;
      continue;
    }
    const ks = i;
    i = scanString(json, i + 1);
    if (!scanOk) return;
    const ke = i;
    const key: string | null = scanEscaped ? unescape(json, ks + 1, ke - 1) : null;
    i = skipMemberSeparators(json, i, n);
    const value = parseAnyAt(json, i);
    if (value === null) return;
    for (let k = 0; k < na; k++) {
      const name = unchecked(tool.args[k]).name;
      if (key !== null ? key == name : regionEquals(json, ks + 1, ke - 1, name))
        unchecked((given[k] = value));
    }
    // Like Go's ForEach, the character right after a value is skipped.
    i = parseAnyEnd + 1;
  }
}

/**
 * The tool's arguments from the call's JSON object: one entry per declared argument, null for
 * an absent one without a default. The array is valid until the next call (releaseArguments).
 */
export function processArguments(tool: ToolConfig, argsJson: string): Array<ArgValue | null> {
  findGiven(tool, argsJson);
  const out = argValues;
  out.length = tool.args.length;
  for (let i = 0; i < tool.args.length; i++) {
    const spec = tool.args[i];
    const found = unchecked(given[i]);
    if (found !== null) out[i] = convert(spec, found);
    else if (spec.defaultJson !== null) {
      // Defaults are constant: converted once.
      let d = spec.defaultValue;
      if (d === null) {
        d = new ArgValue(spec.defaultJson!, goText(parse(spec.defaultJson!)));
        spec.defaultValue = d;
      }
      out[i] = d;
    } else out[i] = null;
  }
  // The values are not kept past the call.
  for (let i = 0; i < given.length; i++) unchecked((given[i] = null));
  return out;
}

const dataText = new TextBuffer(256);

/** `{"config":…,"args":{…}}`: the data request templates and direct responses see. */
export function templateData(
  configJson: string,
  tool: ToolConfig,
  values: Array<ArgValue | null>,
): string {
  const b = dataText;
  b.truncate(0);
  b.push(0x7b);
  b.append(configJson);
  b.append(',"args":{');
  let first = true;
  for (let k = 0; k < tool.sortedArgs.length; k++) {
    const i = tool.sortedArgs[k];
    const v = values[i];
    if (v === null) continue;
    if (!first) b.push(0x2c);
    first = false;
    appendJsonString(b, tool.args[i].name);
    b.push(0x3a);
    b.append(v.json);
  }
  b.append('}}');
  return b.take();
}

/** The request templates' data, built the first time a template needs it (literal fields never do). */
export class TemplateData {
  private text: string | null = null;
  private configJson: string;
  private tool: ToolConfig;
  private values: Array<ArgValue | null>;

  constructor(configJson: string, tool: ToolConfig, values: Array<ArgValue | null>) {
    this.configJson = configJson;
    this.tool = tool;
    this.values = values;
  }

  get(): string {
    if (this.text === null) this.text = templateData(this.configJson, this.tool, this.values);
    return this.text!;
  }
}
