// Number conversions with the semantics of Go's strconv as gjson uses them:
// ParseFloat (syntax and range errors), FormatFloat(f, 'f', -1, 64), and
// gjson's own saturating integer parsers.

import { cu } from './chars';
import { decimalToDouble, shortestDigits, shortestExp } from './decimal';

/** A syntactically checked decimal literal (digits, point, exponent) to the nearest double. */
function exactDecimal(s: string, start: i32, end: i32): f64 {
  // The mantissa's digits without the point: the integer part, then the fraction.
  let exp10 = 0;
  let i = start;
  while (i < end && cu(s, i) >= 0x30 && cu(s, i) <= 0x39) i++;
  const intEnd = i;
  let fracStart = i;
  let fracEnd = i;
  if (i < end && cu(s, i) == 0x2e) {
    i++;
    fracStart = i;
    while (i < end && cu(s, i) >= 0x30 && cu(s, i) <= 0x39) i++;
    fracEnd = i;
    exp10 -= fracEnd - fracStart;
  }
  if (i < end) {
    // Exponent: e, optional sign, digits (already validated).
    i++;
    let negative = false;
    if (cu(s, i) == 0x2b || cu(s, i) == 0x2d) {
      negative = cu(s, i) == 0x2d;
      i++;
    }
    let e = 0;
    for (; i < end; i++) {
      if (e < 100000) e = e * 10 + (cu(s, i) - 0x30);
    }
    exp10 += negative ? -e : e;
  }
  let digits = s.substring(start, intEnd);
  if (fracEnd > fracStart) digits += s.substring(fracStart, fracEnd);
  // Leading zeros do not count; trailing zeros only scale.
  let a = 0;
  let b = digits.length;
  while (a < b && cu(digits, a) == 0x30) a++;
  while (b > a && cu(digits, b - 1) == 0x30) {
    b--;
    exp10++;
  }
  return decimalToDouble(a == 0 && b == digits.length ? digits : digits.substring(a, b), exp10);
}

/** Set by parseGoFloat: the text was not a Go float literal, or overflowed. */
export let floatError: bool = false;

function lowerAscii(c: i32): i32 {
  return c >= 0x41 && c <= 0x5a ? c + 32 : c;
}

function equalsIgnoreCase(s: string, start: i32, end: i32, word: string): bool {
  if (end - start != word.length) return false;
  for (let k = 0; k < word.length; k++) {
    if (lowerAscii(cu(s, start + k)) != cu(word, k)) return false;
  }
  return true;
}

function isDigit(c: i32): bool {
  return c >= 0x30 && c <= 0x39;
}

function hexDigit(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = lowerAscii(c);
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

/** Go hexadecimal float: 0x mantissa, mandatory p exponent. */
function parseHexFloat(s: string, i: i32, end: i32, negative: bool): f64 {
  let mantissa: f64 = 0;
  let digits = 0;
  let fracDigits = 0;
  let seenDot = false;
  for (; i < end; i++) {
    const c = cu(s, i);
    if (c == 0x5f) continue; // underscores are allowed after a base prefix
    if (c == 0x2e) {
      if (seenDot) break;
      seenDot = true;
      continue;
    }
    const h = hexDigit(c);
    if (h < 0) break;
    mantissa = mantissa * 16 + <f64>h;
    digits++;
    if (seenDot) fracDigits++;
  }
  if (digits == 0 || i >= end || lowerAscii(cu(s, i)) != 0x70) {
    floatError = true;
    return 0;
  }
  i++;
  let expNegative = false;
  if (i < end && (cu(s, i) == 0x2b || cu(s, i) == 0x2d)) {
    expNegative = cu(s, i) == 0x2d;
    i++;
  }
  if (i >= end) {
    floatError = true;
    return 0;
  }
  let exp = 0;
  for (; i < end; i++) {
    const c = cu(s, i);
    if (c == 0x5f) continue;
    if (!isDigit(c)) {
      floatError = true;
      return 0;
    }
    if (exp < 100000) exp = exp * 10 + (c - 0x30);
  }
  const e = (expNegative ? -exp : exp) - 4 * fracDigits;
  const v = mantissa * Math.pow(2, <f64>e);
  if (!isFinite(v)) floatError = true;
  return negative ? -v : v;
}

const POW10: f64[] = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
  1e18, 1e19, 1e20, 1e21, 1e22,
];

let quickOk: bool = false;

/**
 * digits [. digits] [e [+-] digits] when the whole text is such a literal with
 * at most 15 significant digits and a decimal exponent within ±22 (Clinger's
 * exact case). Sets quickOk; otherwise the caller takes the exact path.
 */
function quickDecimal(s: string, i: i32, end: i32): f64 {
  quickOk = false;
  let mantissa: u64 = 0;
  let significant = 0;
  let digits = 0;
  let exp10 = 0;
  let seenPoint = false;
  for (; i < end; i++) {
    const c = cu(s, i);
    if (c == 0x2e) {
      if (seenPoint) return 0;
      seenPoint = true;
      continue;
    }
    if (c < 0x30 || c > 0x39) break;
    digits++;
    if (seenPoint) exp10--;
    if (mantissa == 0 && c == 0x30) continue;
    if (++significant > 15) return 0;
    mantissa = mantissa * 10 + <u64>(c - 0x30);
  }
  if (digits == 0) return 0;
  if (i < end) {
    const e = cu(s, i);
    if (e != 0x65 && e != 0x45) return 0;
    i++;
    let negative = false;
    if (i < end && (cu(s, i) == 0x2b || cu(s, i) == 0x2d)) {
      negative = cu(s, i) == 0x2d;
      i++;
    }
    if (i >= end) return 0;
    let x = 0;
    for (; i < end; i++) {
      const c = cu(s, i);
      if (c < 0x30 || c > 0x39) return 0;
      if (x < 10000) x = x * 10 + (c - 0x30);
    }
    exp10 += negative ? -x : x;
  }
  const m = <f64>mantissa;
  if (mantissa == 0) {
    quickOk = true;
    return 0;
  }
  if (exp10 >= 0 && exp10 <= 22) {
    quickOk = true;
    return m * unchecked(POW10[exp10]);
  }
  if (exp10 < 0 && exp10 >= -22) {
    quickOk = true;
    return m / unchecked(POW10[-exp10]);
  }
  return 0;
}

/**
 * Go's strconv.ParseFloat(s[start:end], 64). On a syntax error it returns 0, on
 * overflow ±Inf; both set floatError.
 */
export function parseGoFloat(s: string, start: i32, end: i32): f64 {
  floatError = false;
  let i = start;
  if (i >= end) {
    floatError = true;
    return 0;
  }
  let negative = false;
  const first = cu(s, i);
  if (first == 0x2b || first == 0x2d) {
    negative = first == 0x2d;
    i++;
  }
  if (equalsIgnoreCase(s, i, end, 'inf') || equalsIgnoreCase(s, i, end, 'infinity')) {
    return negative ? -Infinity : Infinity;
  }
  if (i == start && equalsIgnoreCase(s, i, end, 'nan')) return NaN;
  if (end - i > 2 && cu(s, i) == 0x30 && lowerAscii(cu(s, i + 1)) == 0x78) {
    return parseHexFloat(s, i + 2, end, negative);
  }
  // Fast path, no allocation: up to 15 significant digits and a small power of
  // ten are converted exactly by one float multiplication or division.
  const quick = quickDecimal(s, i, end);
  if (quickOk) return negative ? -quick : quick;
  // Decimal: digits [. digits] [e [+-] digits], at least one mantissa digit.
  const mantissaStart = i;
  let digits = 0;
  while (i < end && isDigit(cu(s, i))) {
    i++;
    digits++;
  }
  if (i < end && cu(s, i) == 0x2e) {
    i++;
    while (i < end && isDigit(cu(s, i))) {
      i++;
      digits++;
    }
  }
  if (digits == 0) {
    floatError = true;
    return 0;
  }
  if (i < end && lowerAscii(cu(s, i)) == 0x65) {
    i++;
    if (i < end && (cu(s, i) == 0x2b || cu(s, i) == 0x2d)) i++;
    const expDigitsStart = i;
    while (i < end && isDigit(cu(s, i))) i++;
    if (i == expDigitsStart) {
      floatError = true;
      return 0;
    }
  }
  if (i != end) {
    floatError = true;
    return 0;
  }
  const v = exactDecimal(s, mantissaStart, end);
  if (!isFinite(v)) floatError = true;
  return negative ? -v : v;
}

// i64 bounds as f64 (2^63), for saturating conversions.
const TWO63: f64 = 9223372036854775808.0;

/** Go's gjson f2i: float to int64, saturating, NaN to the minimum. */
export function floatToInt(f: f64): i64 {
  if (f >= TWO63) return i64.MAX_VALUE;
  if (f < -TWO63) return i64.MIN_VALUE;
  if (isNaN(f)) return i64.MIN_VALUE;
  return <i64>f;
}

/** Set by parseGoInt: s was an optional '-' followed only by digits. */
export let intOk: bool = false;

/** gjson's parseInt: [-]digits, saturating at the int64 bounds. */
export function parseGoInt(s: string): i64 {
  intOk = false;
  const n = s.length;
  let i = 0;
  let negative = false;
  if (n > 0 && cu(s, 0) == 0x2d) {
    negative = true;
    i = 1;
  }
  if (i == n) return 0;
  let v: u64 = 0;
  let overflow = false;
  for (; i < n; i++) {
    const c = cu(s, i);
    if (!isDigit(c)) return 0;
    if (!overflow) {
      const next = v * 10 + <u64>(c - 0x30);
      if (v > 1844674407370955161 || next < v * 10) overflow = true;
      else v = next;
    }
  }
  intOk = true;
  if (overflow) v = u64.MAX_VALUE;
  if (negative) {
    if (v > 9223372036854775808) return i64.MIN_VALUE;
    return -(<i64>v);
  }
  if (v > 9223372036854775807) return i64.MAX_VALUE;
  return <i64>v;
}

/** Whether f is an integer that float64 represents exactly (|f| < 2^53). */
export function isSafeInteger(f: f64): bool {
  return f >= -9007199254740991 && f <= 9007199254740991;
}

/**
 * Go's strconv.FormatFloat(f, 'f', -1, 64): the shortest digits that read back
 * as f, written without an exponent.
 */
export function formatFloatFixed(f: f64): string {
  if (isNaN(f)) return 'NaN';
  if (f == Infinity) return '+Inf';
  if (f == -Infinity) return '-Inf';
  if (f == 0) return 1 / f < 0 ? '-0' : '0';
  const negative = f < 0;
  const digits = shortestDigits(negative ? -f : f);
  const pointPos = digits.length + shortestExp;
  let out: string;
  if (pointPos <= 0) {
    out = '0.' + '0'.repeat(-pointPos) + digits;
  } else if (pointPos >= digits.length) {
    out = digits + '0'.repeat(pointPos - digits.length);
  } else {
    out = digits.substring(0, pointPos) + '.' + digits.substring(pointPos);
  }
  return negative ? '-' + out : out;
}
