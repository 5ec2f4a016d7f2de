/** Go literal syntax the template dialect shares: quoted strings, rune constants and numbers. */

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 92,
};

function pushRune(bytes: number[], cp: number): void {
  const s = String.fromCodePoint(cp);
  for (const b of new TextEncoder().encode(s)) bytes.push(b);
}

/**
 * Go's strconv.Unquote for "..." and `...` literals. Byte escapes (\xHH, \ooo) produce raw bytes,
 * so the result is the UTF-8 decoding of the bytes (invalid sequences become U+FFFD, as Go prints
 * them). Returns an error message for a malformed literal.
 */
export function unquoteGoString(literal: string): { value: string } | { error: string } {
  if (literal.startsWith('`')) return { value: literal.slice(1, -1).replace(/\r/g, '') };
  const body = literal.slice(1, -1);
  const bytes: number[] = [];
  for (let i = 0; i < body.length;) {
    const c = body[i]!;
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      pushRune(bytes, cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return { error: 'invalid syntax' };
    if (e in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[e]!);
      i += 2;
    } else if (e === '"') {
      bytes.push(34);
      i += 2;
    } else if (e === 'x') {
      const hex = body.slice(i + 2, i + 4);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return { error: 'invalid syntax' };
      bytes.push(parseInt(hex, 16));
      i += 4;
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) return { error: 'invalid syntax' };
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return { error: 'invalid syntax' };
      pushRune(bytes, cp);
      i += 2 + n;
    } else if (e >= '0' && e <= '7') {
      const oct = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct)) return { error: 'invalid syntax' };
      const v = parseInt(oct, 8);
      if (v > 255) return { error: 'invalid syntax' };
      bytes.push(v);
      i += 4;
    } else {
      return { error: 'invalid syntax' };
    }
  }
  return { value: new TextDecoder().decode(new Uint8Array(bytes)) };
}

/** The code point of a Go rune constant such as 'a' or '\n'. */
export function unquoteGoRune(literal: string): { value: number } | { error: string } {
  const body = literal.slice(1, -1);
  if (body === "\\'") return { value: 39 };
  if (body === '"') return { value: 34 };
  const r = unquoteGoString('"' + body + '"');
  if ('error' in r) return r;
  const chars = [...r.value];
  if (chars.length !== 1) return { error: 'invalid syntax' };
  return { value: chars[0]!.codePointAt(0)! };
}

export interface GoNumber {
  value: number;
  isInt: boolean;
  /** The value as gjson_template turns a constant into JSON: integers in decimal, others %f. */
  text: string;
}

function parseGoInteger(text: string): bigint | null {
  let s = text.replace(/_/g, '');
  let negative = false;
  if (s.startsWith('+') || s.startsWith('-')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  let v: bigint;
  if (/^0[xX][0-9a-fA-F]+$/.test(s) || /^0[bB][01]+$/.test(s)) v = BigInt(s);
  else if (/^0[oO][0-7]+$/.test(s)) v = BigInt('0o' + s.slice(2));
  else if (/^0[0-7]+$/.test(s)) v = BigInt('0o' + s.slice(1));
  else if (/^[0-9]+$/.test(s)) v = BigInt(s);
  else return null;
  return negative ? -v : v;
}

function parseGoFloat(text: string): number | null {
  const s = text.replace(/_/g, '');
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(s);
  if (hex) {
    const mantissa = parseInt((hex[2] || '0') + (hex[3] || ''), 16) / 16 ** (hex[3] ?? '').length;
    const v = mantissa * 2 ** Number(hex[4]);
    return hex[1] === '-' ? -v : v;
  }
  return null;
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** Go's parse.NumberNode for a number or rune constant, reduced as gjson_template reduces it. */
export function parseGoNumber(text: string): GoNumber | { error: string } {
  if (text.startsWith("'")) {
    const r = unquoteGoRune(text);
    if ('error' in r) return { error: `malformed character constant: ${text}` };
    return { value: r.value, isInt: true, text: String(r.value) };
  }
  if (text.endsWith('i') && !/^0[xX]/.test(text))
    return { error: `complex numbers are not supported: ${text}` };
  const asInt = parseGoInteger(text);
  if (asInt !== null) {
    if (asInt < INT64_MIN || asInt > UINT64_MAX) return { error: `${text} overflows int` };
    return { value: Number(asInt), isInt: true, text: asInt.toString() };
  }
  const f = parseGoFloat(text);
  if (f === null || !Number.isFinite(f))
    return { error: `illegal number syntax: ${JSON.stringify(text)}` };
  if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
    return { value: f, isInt: true, text: BigInt(f).toString() };
  }
  return { value: f, isInt: false, text: formatFixed6(f) };
}

/** Go's %f (precision 6) for a finite float. */
export function formatFixed6(f: number): string {
  if (Math.abs(f) < 1e21) return f.toFixed(6);
  // toFixed switches to exponent form above 1e21; Go prints every digit.
  const digits = BigInt(Math.trunc(f)).toString();
  return digits + '.000000';
}
