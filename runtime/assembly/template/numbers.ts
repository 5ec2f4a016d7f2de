// Go's number formatting: strconv.FormatFloat in the forms templates print.

/** The shortest decimal digits of |f| and the decimal exponent (value = 0.d1d2... × 10^point). */
class Digits {
  digits: string = '';
  point: i32 = 0;
}

function shortestDigits(f: f64): Digits {
  const text = Math.abs(f).toString();
  let digits = '';
  let pointPos = -1;
  let exp = 0;
  let k = 0;
  const n = text.length;
  for (; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c == 0x2e) {
      pointPos = digits.length;
      continue;
    }
    if (c == 0x65) break;
    digits += String.fromCharCode(c);
  }
  if (k < n) exp = I32.parseInt(text.substring(k + 1));
  if (pointPos < 0) pointPos = digits.length;
  let a = 0;
  while (a < digits.length - 1 && digits.charCodeAt(a) == 0x30) {
    a++;
    pointPos--;
  }
  digits = digits.substring(a);
  let b = digits.length;
  while (b > 1 && digits.charCodeAt(b - 1) == 0x30) b--;
  digits = digits.substring(0, b);
  const d = new Digits();
  d.digits = digits;
  d.point = pointPos + exp;
  return d;
}

function special(f: f64): string | null {
  if (isNaN(f)) return 'NaN';
  if (f == Infinity) return '+Inf';
  if (f == -Infinity) return '-Inf';
  return null;
}

/** strconv.FormatFloat(f, 'f', -1, 64). */
export function formatShortest(f: f64): string {
  const sp = special(f);
  if (sp !== null) return sp;
  if (f == 0) return 1 / f < 0 ? '-0' : '0';
  const d = shortestDigits(f);
  const digits = d.digits;
  const p = d.point;
  let out: string;
  if (p <= 0) out = '0.' + '0'.repeat(-p) + digits;
  else if (p >= digits.length) out = digits + '0'.repeat(p - digits.length);
  else out = digits.substring(0, p) + '.' + digits.substring(p);
  return f < 0 ? '-' + out : out;
}

/** strconv.FormatFloat(f, 'g', -1, 64), which fmt's %v uses for floats. */
export function formatGoG(f: f64): string {
  const sp = special(f);
  if (sp !== null) return sp;
  if (f == 0) return 1 / f < 0 ? '-0' : '0';
  const d = shortestDigits(f);
  const exp = d.point - 1;
  if (exp < -4 || exp >= 21) {
    let m = d.digits.substring(0, 1);
    if (d.digits.length > 1) m += '.' + d.digits.substring(1);
    const e = exp < 0 ? -exp : exp;
    return (
      (f < 0 ? '-' : '') + m + 'e' + (exp < 0 ? '-' : '+') + (e < 10 ? '0' : '') + e.toString()
    );
  }
  return formatShortest(f);
}

/**
 * The exact decimal expansion of |f|: all its digits (no leading zeros) and the position of the
 * decimal point (value = 0.digits × 10^point). Finite doubles are exact binary fractions, so
 * their decimal expansion terminates; a base-10^9 big number computes it.
 */
class Exact {
  digits: string = '';
  point: i32 = 0;
}

function exactDecimal(f: f64): Exact {
  const bits = reinterpret<u64>(f);
  let exp = <i32>((bits >> 52) & 0x7ff);
  let mant: u64 = bits & 0xfffffffffffff;
  if (exp == 0) exp = 1;
  else mant |= 0x10000000000000;
  exp -= 1075; // f = mant × 2^exp
  // big number, little-endian limbs of base 1e9
  const limbs = new Array<u64>();
  limbs.push(mant % 1000000000);
  limbs.push((mant / 1000000000) % 1000000000);
  limbs.push(mant / 1000000000000000000);
  let fracDigits = 0;
  if (exp > 0) {
    for (let i = 0; i < exp; i++) mulSmall(limbs, 2);
  } else if (exp < 0) {
    // mant / 2^k = mant × 5^k / 10^k
    const k = -exp;
    for (let i = 0; i < k; i++) mulSmall(limbs, 5);
    fracDigits = k;
  }
  let text = '';
  let top = limbs.length - 1;
  while (top > 0 && limbs[top] == 0) top--;
  text = limbs[top].toString();
  for (let i = top - 1; i >= 0; i--) {
    let part = limbs[i].toString();
    while (part.length < 9) part = '0' + part;
    text += part;
  }
  // strip leading zeros
  let z = 0;
  while (z < text.length - 1 && text.charCodeAt(z) == 0x30) z++;
  text = text.substring(z);
  const e = new Exact();
  e.digits = text;
  e.point = text.length - fracDigits;
  return e;
}

function mulSmall(limbs: u64[], m: u64): void {
  let carry: u64 = 0;
  for (let i = 0; i < limbs.length; i++) {
    const v = limbs[i] * m + carry;
    limbs[i] = v % 1000000000;
    carry = v / 1000000000;
  }
  if (carry > 0) limbs.push(carry);
}

/** Rounds a digit string at position keep (digits kept), half to even on exact ties. */
function roundDigits(digits: string, point: i32, prec: i32): Exact {
  // digits kept: those before the point plus prec after it
  const keep = point + prec;
  const r = new Exact();
  if (keep < 0) {
    r.digits = '';
    r.point = point;
    return r;
  }
  if (keep >= digits.length) {
    r.digits = digits;
    r.point = point;
    return r;
  }
  let kept = digits.substring(0, keep);
  const next = digits.charCodeAt(keep) - 0x30;
  let roundUp = false;
  if (next > 5) roundUp = true;
  else if (next == 5) {
    let rest = false;
    for (let i = keep + 1; i < digits.length; i++) if (digits.charCodeAt(i) != 0x30) rest = true;
    if (rest) roundUp = true;
    else roundUp = kept.length > 0 && ((kept.charCodeAt(kept.length - 1) - 0x30) & 1) == 1;
  }
  if (roundUp) {
    // increment the kept digits
    let chars = new Array<i32>();
    for (let i = 0; i < kept.length; i++) chars.push(kept.charCodeAt(i));
    let i = chars.length - 1;
    while (i >= 0) {
      if (chars[i] == 0x39) {
        chars[i] = 0x30;
        i--;
      } else {
        chars[i]++;
        break;
      }
    }
    let s = '';
    if (i < 0) {
      s = '1';
      point++;
    }
    for (let k = 0; k < chars.length; k++) s += String.fromCharCode(chars[k]);
    kept = s;
  }
  r.digits = kept;
  r.point = point;
  return r;
}

/** Go's %.Nf: fixed notation with prec digits, rounding the exact binary value half to even. */
export function formatFixed(f: f64, prec: i32): string {
  const sp = special(f);
  if (sp !== null) return sp;
  if (prec > 200) prec = 200;
  const neg = f < 0 || (f == 0 && 1 / f < 0);
  let intPart = '0';
  let frac = '';
  if (f != 0) {
    const e = exactDecimal(Math.abs(f));
    const r = roundDigits(e.digits, e.point, prec);
    const d = r.digits;
    const p = r.point;
    if (p > 0) {
      intPart = d.length >= p ? d.substring(0, p) : d + '0'.repeat(p - d.length);
      frac = d.length > p ? d.substring(p) : '';
    } else {
      intPart = '0';
      frac = '0'.repeat(-p) + d;
    }
    if (intPart.length == 0) intPart = '0';
  }
  while (frac.length < prec) frac += '0';
  if (frac.length > prec) frac = frac.substring(0, prec);
  const body = prec > 0 ? intPart + '.' + frac : intPart;
  return neg ? '-' + body : body;
}

/** Go's %.Ne: d.ddddde±dd, rounding the exact binary value. */
export function formatExp(f: f64, prec: i32, upper: bool): string {
  const sp = special(f);
  if (sp !== null) return sp;
  const neg = f < 0 || (f == 0 && 1 / f < 0);
  let mant = '0' + (prec > 0 ? '.' + '0'.repeat(prec) : '');
  let exp = 0;
  if (f != 0) {
    const e = exactDecimal(Math.abs(f));
    // normalise: one digit before the point
    const r = roundDigits(e.digits, 1, prec);
    exp = e.point - 1 + (r.point - 1);
    let d = r.digits;
    while (d.length < prec + 1) d += '0';
    mant = d.substring(0, 1) + (prec > 0 ? '.' + d.substring(1, prec + 1) : '');
  }
  const ea = exp < 0 ? -exp : exp;
  return (
    (neg ? '-' : '') +
    mant +
    (upper ? 'E' : 'e') +
    (exp < 0 ? '-' : '+') +
    (ea < 10 ? '0' : '') +
    ea.toString()
  );
}

/** Go's %f. */
export function formatFixed6(f: f64): string {
  return formatFixed(f, 6);
}

/** Go's %g with a precision (-1: shortest). */
export function formatG(f: f64, prec: i32, upper: bool): string {
  if (prec < 0) {
    const s = formatGoG(f);
    return upper ? s.toUpperCase() : s;
  }
  const sp = special(f);
  if (sp !== null) return sp;
  if (prec == 0) prec = 1;
  if (f == 0) return '0';
  const ex = exactDecimal(Math.abs(f));
  const rounded = roundDigits(ex.digits, 1, prec - 1);
  const exp = ex.point - 1 + (rounded.point - 1);
  if (exp < -4 || exp >= prec) {
    let s = formatExp(f, prec - 1, upper);
    // %g drops trailing zeros of the mantissa
    const e = s.indexOf(upper ? 'E' : 'e');
    let m = s.substring(0, e);
    if (m.indexOf('.') >= 0) {
      while (m.endsWith('0')) m = m.substring(0, m.length - 1);
      if (m.endsWith('.')) m = m.substring(0, m.length - 1);
    }
    return m + s.substring(e);
  }
  let s = formatFixed(f, max(0, prec - 1 - exp));
  if (s.indexOf('.') >= 0) {
    while (s.endsWith('0')) s = s.substring(0, s.length - 1);
    if (s.endsWith('.')) s = s.substring(0, s.length - 1);
  }
  return s;
}

/** Go's strconv.ParseFloat for decimal text; NaN when it is not a number. */
export function parseFloatStrict(s: string): f64 {
  const n = s.length;
  if (n == 0) return NaN;
  let i = 0;
  let c = s.charCodeAt(0);
  if (c == 0x2b || c == 0x2d) i++;
  let digits = 0;
  let sawPoint = false;
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (c == 0x2e && !sawPoint) sawPoint = true;
    else if (c == 0x5f) continue;
    else break;
  }
  if (digits == 0) {
    const l = s.toLowerCase();
    if (l == 'inf' || l == '+inf' || l == 'infinity' || l == '+infinity') return Infinity;
    if (l == '-inf' || l == '-infinity') return -Infinity;
    if (l == 'nan') return NaN;
    return NaN;
  }
  if (i < n && (c == 0x65 || c == 0x45)) {
    i++;
    if (i < n && (s.charCodeAt(i) == 0x2b || s.charCodeAt(i) == 0x2d)) i++;
    let ed = 0;
    for (; i < n; i++) {
      const d = s.charCodeAt(i);
      if (d >= 0x30 && d <= 0x39) ed++;
      else break;
    }
    if (ed == 0) return NaN;
  }
  if (i != n) return NaN;
  return parseFloat(s.replaceAll('_', ''));
}

export let parseIntOk: bool = false;

/** Go's strconv.ParseInt(s, 0, 64): base prefixes 0x 0o 0b and leading-0 octal, underscores. */
export function parseIntBase0(s: string): i64 {
  parseIntOk = false;
  let t = s;
  let neg = false;
  if (t.startsWith('+') || t.startsWith('-')) {
    neg = t.charCodeAt(0) == 0x2d;
    t = t.substring(1);
  }
  if (t.length == 0) return 0;
  let base = 10;
  if (t.length > 1 && t.charCodeAt(0) == 0x30) {
    const p = t.charCodeAt(1) | 0x20;
    if (p == 0x78) {
      base = 16;
      t = t.substring(2);
    } else if (p == 0x6f) {
      base = 8;
      t = t.substring(2);
    } else if (p == 0x62) {
      base = 2;
      t = t.substring(2);
    } else {
      base = 8;
      t = t.substring(1);
    }
  }
  if (t.length == 0) return 0;
  let v: u64 = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c == 0x5f) continue;
    let d: i32;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) d = (c | 0x20) - 0x61 + 10;
    else return 0;
    if (d >= base) return 0;
    const next = v * <u64>base + <u64>d;
    if (next / <u64>base != v && v != 0) return 0;
    v = next;
  }
  if (!neg && v > <u64>i64.MAX_VALUE) return 0;
  if (neg && v > <u64>i64.MAX_VALUE + 1) return 0;
  parseIntOk = true;
  return neg ? -(<i64>v) : <i64>v;
}
