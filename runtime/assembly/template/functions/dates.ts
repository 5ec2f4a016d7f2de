// Sprig's date functions. Times are Unix seconds + nanoseconds with a zone; the runtime's local
// zone is UTC (as in a Wasm sandbox); dateInZone asks the host for a zone's offset.

import { execError } from '../errors';
import { nowNanos, UNKNOWN_ZONE, zoneAbbreviation, zoneOffset } from '../host';
import { formatTime, parseOk, parsedNsec, parseTime } from '../time-format';
import { Kind, Value } from '../value';
import { kindName, str, toInt64 } from './args';
import { parseIntBase0, parseIntOk } from '../numbers';
import { goQuote } from './format';

const NS: i64 = 1000000000;

function floorDiv(a: i64, b: i64): i64 {
  const q = a / b;
  return a % b != 0 && a < 0 != b < 0 ? q - 1 : q;
}

export function nowValue(): Value {
  const n = nowNanos();
  return Value.time(floorDiv(n, NS), <i32>(n - floorDiv(n, NS) * NS), 0, 'UTC');
}

/** Sprig's formatDate input: a time, or a Unix time in seconds; anything else means now. */
function timeArg(v: Value): Value {
  if (v.kind == Kind.Time) return v;
  if (v.kind == Kind.Number && v.isIntegral()) return Value.time(<i64>v.num, 0, 0, 'UTC');
  return nowValue();
}

function inZone(t: Value, zone: string): Value {
  if (zone.length == 0 || zone == 'UTC' || zone == 'Local')
    return Value.time(t.secs, t.nsec, 0, 'UTC');
  let offset = zoneOffset(zone, t.secs * 1000);
  if (offset == UNKNOWN_ZONE) return Value.time(t.secs, t.nsec, 0, 'UTC');
  return Value.time(t.secs, t.nsec, offset, zoneAbbreviation(zone, t.secs * 1000));
}

export function fnNow(a: Value[]): Value {
  return nowValue();
}
export function fnDate(a: Value[]): Value {
  const t = inZone(timeArg(a[1]), 'UTC');
  return Value.string(formatTime(t.secs, t.nsec, t.offset, t.zone, str(a[0])));
}
export function fnDateInZone(a: Value[]): Value {
  const t = inZone(timeArg(a[1]), str(a[2]));
  return Value.string(formatTime(t.secs, t.nsec, t.offset, t.zone, str(a[0])));
}
export function fnHtmlDate(a: Value[]): Value {
  const t = inZone(timeArg(a[0]), 'UTC');
  return Value.string(formatTime(t.secs, t.nsec, t.offset, t.zone, '2006-01-02'));
}
export function fnHtmlDateInZone(a: Value[]): Value {
  const t = inZone(timeArg(a[0]), str(a[1]));
  return Value.string(formatTime(t.secs, t.nsec, t.offset, t.zone, '2006-01-02'));
}

export let durationOk: bool = false;

/** Go's time.ParseDuration, in nanoseconds. */
export function parseDuration(s: string): i64 {
  durationOk = false;
  let i = 0;
  const n = s.length;
  let neg = false;
  if (i < n && (s.charCodeAt(i) == 0x2d || s.charCodeAt(i) == 0x2b)) {
    neg = s.charCodeAt(i) == 0x2d;
    i++;
  }
  if (s.substring(i) == '0') {
    durationOk = true;
    return 0;
  }
  if (i >= n) return 0;
  let total: f64 = 0;
  while (i < n) {
    const start = i;
    while (
      i < n &&
      ((s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) || s.charCodeAt(i) == 0x2e)
    )
      i++;
    if (i == start) return 0;
    const num = parseFloat(s.substring(start, i));
    if (isNaN(num)) return 0;
    const us = i;
    while (
      i < n &&
      !((s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) || s.charCodeAt(i) == 0x2e)
    )
      i++;
    const unit = s.substring(us, i);
    let mult: f64 = 0;
    if (unit == 'ns') mult = 1;
    else if (unit == 'us' || unit == 'µs' || unit == 'μs') mult = 1e3;
    else if (unit == 'ms') mult = 1e6;
    else if (unit == 's') mult = 1e9;
    else if (unit == 'm') mult = 60e9;
    else if (unit == 'h') mult = 3600e9;
    else return 0;
    total += num * mult;
  }
  durationOk = true;
  return <i64>(neg ? -total : total);
}

function fracDigits(v: u64, prec: i32): string {
  // v's last prec digits as a fraction without trailing zeros ("" if all zero)
  let digits = '';
  let print = false;
  for (let i = 0; i < prec; i++) {
    const d = <i32>(v % 10);
    print = print || d != 0;
    if (print) digits = String.fromCharCode(0x30 + d) + digits;
    v /= 10;
  }
  return print ? '.' + digits : '';
}

/** Go's Duration.String. */
export function durationString(d: i64): string {
  if (d == 0) return '0s';
  const neg = d < 0;
  let u: u64 = neg ? <u64>-d : <u64>d;
  let out: string;
  if (u < 1000000000) {
    let prec = 0;
    let unit = 'ns';
    if (u < 1000) {
      prec = 0;
      unit = 'ns';
    } else if (u < 1000000) {
      prec = 3;
      unit = 'µs';
    } else {
      prec = 6;
      unit = 'ms';
    }
    let p: u64 = 1;
    for (let i = 0; i < prec; i++) p *= 10;
    out = (u / p).toString() + fracDigits(u, prec) + unit;
  } else {
    const frac = fracDigits(u, 9);
    u /= 1000000000;
    out = (u % 60).toString() + frac + 's';
    u /= 60;
    if (u > 0) {
      out = (u % 60).toString() + 'm' + out;
      u /= 60;
      if (u > 0) out = u.toString() + 'h' + out;
    }
  }
  return neg ? '-' + out : out;
}

function addNanos(t: Value, d: i64): Value {
  let nsec = <i64>t.nsec + (d % NS);
  let secs = t.secs + d / NS;
  if (nsec >= NS) {
    nsec -= NS;
    secs++;
  } else if (nsec < 0) {
    nsec += NS;
    secs--;
  }
  return Value.time(secs, <i32>nsec, t.offset, t.zone);
}

export function fnDateModify(a: Value[]): Value {
  const t = a[1];
  if (t.kind != Kind.Time)
    execError('dateModify: wrong type for value; expected time.Time; got ' + kindName(t));
  const d = parseDuration(str(a[0]));
  if (!durationOk) return t;
  return addNanos(t, d);
}
export function fnMustDateModify(a: Value[]): Value {
  const t = a[1];
  if (t.kind != Kind.Time)
    execError('mustDateModify: wrong type for value; expected time.Time; got ' + kindName(t));
  const d = parseDuration(str(a[0]));
  if (!durationOk) execError('time: invalid duration ' + goQuote(str(a[0]), 0x22));
  return addNanos(t, d);
}

const ZERO_TIME_SECS: i64 = -62135596800;

export function fnToDate(a: Value[]): Value {
  const secs = parseTime(str(a[0]), str(a[1]), 0);
  if (!parseOk) return Value.time(ZERO_TIME_SECS, 0, 0, 'UTC');
  return Value.time(secs, parsedNsec, 0, 'UTC');
}
export function fnMustToDate(a: Value[]): Value {
  const secs = parseTime(str(a[0]), str(a[1]), 0);
  if (!parseOk)
    execError(
      'parsing time ' +
        goQuote(str(a[1]), 0x22) +
        ' as ' +
        goQuote(str(a[0]), 0x22) +
        ': cannot parse',
    );
  return Value.time(secs, parsedNsec, 0, 'UTC');
}
export function fnUnixEpoch(a: Value[]): Value {
  const t = a[0];
  if (t.kind != Kind.Time)
    execError('unixEpoch: wrong type for value; expected time.Time; got ' + kindName(t));
  return Value.string(t.secs.toString());
}
export function fnDuration(a: Value[]): Value {
  const v = a[0];
  // Sprig reads an int64 or a numeric string; template numbers arrive as int, giving 0s.
  let n: i64 = 0;
  if (v.kind == Kind.String) {
    n = parseIntBase0(v.str);
    if (!parseIntOk || v.str.startsWith('0x') || v.str.startsWith('0')) n = decimalOrZero(v.str);
  }
  return Value.string(durationString(n * NS));
}
function decimalOrZero(s: string): i64 {
  const n = parseIntBase0(s.length > 1 && s.charCodeAt(0) == 0x30 ? '' : s);
  return parseIntOk ? n : 0;
}

export function fnDurationRound(a: Value[]): Value {
  const v = a[0];
  let d: i64 = 0;
  if (v.kind == Kind.String) {
    d = parseDuration(v.str);
    if (!durationOk) d = 0;
  } else if (v.kind == Kind.Number) d = toInt64(v);
  else if (v.kind == Kind.Time) d = nowNanos() - (v.secs * NS + <i64>v.nsec);
  let u: u64 = d < 0 ? <u64>-d : <u64>d;
  const second: u64 = 1000000000;
  const minute = second * 60;
  const hour = minute * 60;
  const day = hour * 24;
  const month = day * 30;
  const year = day * 365;
  if (u > year) return Value.string((u / year).toString() + 'y');
  if (u > month) return Value.string((u / month).toString() + 'mo');
  if (u > day) return Value.string((u / day).toString() + 'd');
  if (u > hour) return Value.string((u / hour).toString() + 'h');
  if (u > minute) return Value.string((u / minute).toString() + 'm');
  if (u > second) return Value.string((u / second).toString() + 's');
  return Value.string('0s');
}
export function fnAgo(a: Value[]): Value {
  const v = a[0];
  let secs: i64;
  let nsec: i64 = 0;
  if (v.kind == Kind.Time) {
    secs = v.secs;
    nsec = v.nsec;
  } else if (v.kind == Kind.Number && v.isIntegral()) secs = <i64>v.num;
  else return Value.string('0s');
  let d = nowNanos() - (secs * NS + nsec);
  // Round to the second, halfway away from zero (Duration.Round).
  const r = d % NS;
  d -= r;
  if (r + r >= NS) d += NS;
  else if (-(r + r) >= NS) d -= NS;
  return Value.string(durationString(d));
}
