// Correctly rounded decimal to float64 conversion. AssemblyScript's parseFloat
// can be off by a few units in the last place for long mantissas (for example
// "0.30000000000000004"); Go's ParseFloat is exact. The fast path covers the
// numbers Clinger showed exact; otherwise parseFloat's estimate is corrected
// by comparing the decimal value exactly with the halfway points around it,
// using big integers.

import { cu } from './chars';

/**
 * A non-negative big integer in base 2^32 (little-endian limbs) with a fixed
 * capacity chosen by the caller, so arithmetic never reallocates.
 */
class BigUint {
  limbs: StaticArray<u32>;
  len: i32 = 1;

  constructor(capacity: i32) {
    this.limbs = new StaticArray<u32>(capacity);
  }

  mulSmall(m: u32): void {
    let carry: u64 = 0;
    const l = this.limbs;
    const n = this.len;
    for (let k = 0; k < n; k++) {
      const v = <u64>unchecked(l[k]) * <u64>m + carry;
      unchecked((l[k] = <u32>v));
      carry = v >> 32;
    }
    if (carry) {
      l[n] = <u32>carry;
      this.len = n + 1;
    }
  }

  addSmall(a: u32): void {
    let carry: u64 = a;
    const l = this.limbs;
    const n = this.len;
    for (let k = 0; k < n && carry; k++) {
      const v = <u64>unchecked(l[k]) + carry;
      unchecked((l[k] = <u32>v));
      carry = v >> 32;
    }
    if (carry) {
      l[n] = <u32>carry;
      this.len = n + 1;
    }
  }

  mulPow5(e: i32): void {
    while (e >= 13) {
      this.mulSmall(1220703125); // 5^13
      e -= 13;
    }
    let p: u32 = 1;
    for (let k = 0; k < e; k++) p *= 5;
    if (p != 1) this.mulSmall(p);
  }

  shiftLeft(bits: i32): void {
    const words = bits >> 5;
    const rest = bits & 31;
    const l = this.limbs;
    let n = this.len;
    if (rest) {
      let carry: u32 = 0;
      for (let k = 0; k < n; k++) {
        const v = unchecked(l[k]);
        unchecked((l[k] = (v << rest) | carry));
        carry = v >> (32 - rest);
      }
      if (carry) {
        l[n] = carry;
        n++;
      }
    }
    if (words) {
      for (let k = n - 1; k >= 0; k--) l[k + words] = unchecked(l[k]);
      for (let k = 0; k < words; k++) unchecked((l[k] = 0));
      n += words;
    }
    this.len = n;
  }

  /** Divides in place by d, returning the remainder. */
  divSmall(d: u32): u32 {
    let rem: u64 = 0;
    const l = this.limbs;
    for (let k = this.len - 1; k >= 0; k--) {
      const cur = (rem << 32) | (<u64>unchecked(l[k]));
      unchecked((l[k] = <u32>(cur / <u64>d)));
      rem = cur % <u64>d;
    }
    this.trim();
    return <u32>rem;
  }

  isZero(): bool {
    this.trim();
    return this.len == 1 && unchecked(this.limbs[0]) == 0;
  }

  toDecimal(): string {
    const chunks = new Array<string>();
    while (!this.isZero()) {
      const r = this.divSmall(1000000000);
      chunks.push(r.toString());
    }
    if (chunks.length == 0) return '0';
    let out = chunks[chunks.length - 1];
    for (let k = chunks.length - 2; k >= 0; k--) out += chunks[k].padStart(9, '0');
    return out;
  }

  trim(): void {
    while (this.len > 1 && unchecked(this.limbs[this.len - 1]) == 0) this.len--;
  }

  compare(o: BigUint): i32 {
    this.trim();
    o.trim();
    const a = this.limbs;
    const b = o.limbs;
    if (this.len != o.len) return this.len < o.len ? -1 : 1;
    for (let k = this.len - 1; k >= 0; k--) {
      const x = unchecked(a[k]);
      const y = unchecked(b[k]);
      if (x != y) return x < y ? -1 : 1;
    }
    return 0;
  }
}

function fromU64(v: u64, capacity: i32): BigUint {
  const b = new BigUint(capacity);
  b.limbs[0] = <u32>v;
  if (v >> 32) {
    b.limbs[1] = <u32>(v >> 32);
    b.len = 2;
  }
  return b;
}

const EXACT_POW10: f64[] = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
  1e18, 1e19, 1e20, 1e21, 1e22,
];

/**
 * Compares digits × 10^exp10 with (2m + 1) × 2^(e2 - 1), the point halfway
 * above m × 2^e2 (or with 2m - 1 when below is true).
 */
function compareHalfway(digits: string, exp10: i32, m: u64, e2: i32, below: bool): i32 {
  // Limbs needed: digits (log2 10 < 3.33 bits each), the powers of five (< 2.33
  // bits each), the power of two and the 54-bit mantissa, plus slack.
  const twos = exp10 - (e2 - 1);
  const capacity = ((digits.length * 10) / 3 + (abs(exp10) * 7) / 3 + abs(twos) + 64) / 32 + 4;
  const left = new BigUint(capacity);
  // Nine digits at a time.
  let k = 0;
  const nd = digits.length;
  while (k < nd) {
    const take = min(9, nd - k);
    let chunk: u32 = 0;
    let scale: u32 = 1;
    for (let j = 0; j < take; j++) {
      chunk = chunk * 10 + <u32>(cu(digits, k + j) - 0x30);
      scale *= 10;
    }
    left.mulSmall(scale);
    left.addSmall(chunk);
    k += take;
  }
  const right = fromU64(below ? 2 * m - 1 : 2 * m + 1, capacity);
  if (exp10 >= 0) left.mulPow5(exp10);
  else right.mulPow5(-exp10);
  if (twos >= 0) left.shiftLeft(twos);
  else right.shiftLeft(-twos);
  return left.compare(right);
}

/** Splits a finite positive double into m × 2^e2 with m integral. */
let splitM: u64 = 0;
let splitE: i32 = 0;
function split(x: f64): void {
  const bits = reinterpret<u64>(x);
  const be = <i32>((bits >> 52) & 0x7ff);
  const frac = bits & 0xfffffffffffff;
  if (be == 0) {
    splitM = frac;
    splitE = -1074;
  } else {
    splitM = frac | ((<u64>1) << 52);
    splitE = be - 1075;
  }
}

function nextUp(x: f64): f64 {
  return reinterpret<f64>(reinterpret<u64>(x) + 1);
}

function nextDown(x: f64): f64 {
  return reinterpret<f64>(reinterpret<u64>(x) - 1);
}

/**
 * The double nearest to digits × 10^exp10 (ties to even), where digits is a
 * string of decimal digits without leading zeros.
 */
export function decimalToDouble(digits: string, exp10: i32): f64 {
  const nd = digits.length;
  if (nd == 0) return 0;
  if (nd + exp10 > 310) return Infinity;
  if (nd + exp10 < -325) return 0;
  if (nd <= 15) {
    let v: f64 = 0;
    for (let k = 0; k < nd; k++) v = v * 10 + <f64>(cu(digits, k) - 0x30);
    if (exp10 >= 0 && exp10 <= 22) return v * EXACT_POW10[exp10];
    if (exp10 < 0 && exp10 >= -22) return v / EXACT_POW10[-exp10];
  }
  // An estimate within a few units in the last place, then exact correction.
  const used = min(nd, 19);
  let lead: u64 = 0;
  for (let k = 0; k < used; k++) lead = lead * 10 + <u64>(cu(digits, k) - 0x30);
  const scale = exp10 + (nd - used);
  let x = <f64>lead;
  if (scale >= -22 && scale <= 22) {
    // One rounding by an exact power of ten keeps the estimate within about an ulp.
    x = scale >= 0 ? x * EXACT_POW10[scale] : x / EXACT_POW10[-scale];
  } else if (scale > 0) {
    const half = scale >> 1;
    x = x * Math.pow(10, <f64>half) * Math.pow(10, <f64>(scale - half));
  } else if (scale < 0) {
    const half = -scale >> 1;
    x = x / Math.pow(10, <f64>half) / Math.pow(10, <f64>(-scale - half));
  }
  if (x == 0) x = 5e-324;
  if (!isFinite(x)) x = 1.7976931348623157e308;
  for (let round = 0; round < 256; round++) {
    split(x);
    const m = splitM;
    const e2 = splitE;
    const up = compareHalfway(digits, exp10, m, e2, false);
    if (up > 0 || (up == 0 && (m & 1) == 1)) {
      if (x == 1.7976931348623157e308) return Infinity;
      x = nextUp(x);
      continue;
    }
    if (m == 0) return x;
    // Below m × 2^e2 the spacing halves at a power of two.
    let down: i32;
    if (m == (<u64>1) << 52 && e2 > -1074)
      down = compareHalfway(digits, exp10, 2 * m, e2 - 1, true);
    else down = compareHalfway(digits, exp10, m, e2, true);
    if (down < 0 || (down == 0 && (m & 1) == 1)) {
      if (x == 5e-324) return down == 0 ? 0 : 0;
      x = nextDown(x);
      continue;
    }
    return x;
  }
  return x;
}

/** Set by shortestDigits: the value is digits × 10^shortestExp. */
export let shortestExp: i32 = 0;

/** Rounds the digit string s to p digits (half to even); sets roundedExpShift when a carry adds a digit. */
let roundedCarry: bool = false;
function roundDigits(s: string, p: i32): string {
  roundedCarry = false;
  const kept = s.substring(0, p);
  const first = cu(s, p) - 0x30;
  let up = false;
  if (first > 5) up = true;
  else if (first == 5) {
    let rest = false;
    for (let k = p + 1; k < s.length; k++) {
      if (cu(s, k) != 0x30) {
        rest = true;
        break;
      }
    }
    up = rest || ((cu(kept, p - 1) - 0x30) & 1) == 1;
  }
  if (!up) return kept;
  const chars = new Array<i32>(p);
  for (let k = 0; k < p; k++) chars[k] = cu(kept, k);
  let k = p - 1;
  while (k >= 0) {
    if (chars[k] == 0x39) {
      chars[k] = 0x30;
      k--;
    } else {
      chars[k]++;
      break;
    }
  }
  let out = '';
  if (k < 0) {
    roundedCarry = true;
    out = '1';
  }
  for (let j = 0; j < p; j++) out += String.fromCharCode(chars[j]);
  return out;
}

/**
 * The shortest decimal digits that read back as x (finite, positive), the
 * closest to x among those: Go's FormatFloat with precision -1.
 */
export function shortestDigits(x: f64): string {
  split(x);
  const m = splitM;
  const e2 = splitE;
  let exp10 = 0;
  // 64 bits of mantissa, then up to 1024 bits of 2^e2 or 1074 × 2.33 bits of 5^-e2.
  const n = fromU64(m, (64 + abs(e2) * 3) / 32 + 4);
  if (e2 >= 0) {
    n.shiftLeft(e2);
  } else {
    n.mulPow5(-e2);
    exp10 = e2;
  }
  let exact = n.toDecimal();
  let len = exact.length;
  while (len > 1 && cu(exact, len - 1) == 0x30) {
    len--;
    exp10++;
  }
  exact = exact.substring(0, len);
  for (let p = 1; p < len; p++) {
    let digits = roundDigits(exact, p);
    let e = exp10 + (len - p);
    // A carry ("99" -> "100") leaves a trailing zero that only scales.
    if (roundedCarry) {
      digits = digits.substring(0, p);
      e++;
    }
    let dl = digits.length;
    let ee = e;
    while (dl > 1 && cu(digits, dl - 1) == 0x30) {
      dl--;
      ee++;
    }
    digits = digits.substring(0, dl);
    if (decimalToDouble(digits, ee) == x) {
      shortestExp = ee;
      return digits;
    }
  }
  shortestExp = exp10;
  return exact;
}
