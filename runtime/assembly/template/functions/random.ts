// Sprig's random functions, over the host's random bytes.

import { execError } from '../errors';
import { checkSize } from '../budget';
import { randomBytes } from '../host';
import { Value } from '../value';
import { toInt, toInt64 } from './args';

const HEX = '0123456789abcdef';

export function fnUuidv4(a: Value[]): Value {
  const b = randomBytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  let s = '';
  for (let i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
    s += HEX.charAt(b[i] >> 4) + HEX.charAt(b[i] & 15);
  }
  return Value.string(s);
}

function randomFrom(alphabet: string, n: i32): string {
  if (n < 0) execError('random string length must not be negative');
  checkSize(n);
  const b = randomBytes(n * 2);
  let s = '';
  for (let i = 0; i < n; i++) {
    const r = ((<i32>b[i * 2]) << 8) | (<i32>b[i * 2 + 1]);
    s += alphabet.charAt(r % alphabet.length);
  }
  return s;
}

const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

export function fnRandAlpha(a: Value[]): Value {
  return Value.string(randomFrom(ALPHA, toInt(a[0])));
}
export function fnRandAlphaNum(a: Value[]): Value {
  return Value.string(randomFrom(ALPHA + DIGITS, toInt(a[0])));
}
export function fnRandNumeric(a: Value[]): Value {
  return Value.string(randomFrom(DIGITS, toInt(a[0])));
}
export function fnRandAscii(a: Value[]): Value {
  let printable = '';
  for (let c = 32; c < 127; c++) printable += String.fromCharCode(c);
  return Value.string(randomFrom(printable, toInt(a[0])));
}
export function fnRandInt(a: Value[]): Value {
  const lo = toInt64(a[0]);
  const hi = toInt64(a[1]);
  if (hi - lo <= 0) execError('randInt: invalid argument to Intn');
  const b = randomBytes(8);
  let r: u64 = 0;
  for (let i = 0; i < 8; i++) r = (r << 8) | (<u64>b[i]);
  return Value.int(lo + <i64>(r % <u64>(hi - lo)));
}
