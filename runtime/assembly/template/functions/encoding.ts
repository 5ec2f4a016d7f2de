// Sprig's encoding functions: base64, base32, JSON, digests.

import { execError } from '../errors';
import { Value, Kind, NULL, fromResult, indentJSON, toJSON, writeJSON } from '../value';
import { Builder } from '../builder';
import { valid, parse } from '../../gjson/index';
import { str, utf8, fromUtf8 } from './args';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base64Encode(b: Uint8Array): string {
  const out = new Builder(((b.length + 2) / 3) * 4);
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const n = ((<i32>b[i]) << 16) | ((<i32>b[i + 1]) << 8) | (<i32>b[i + 2]);
    out.pushUnit(B64.charCodeAt((n >> 18) & 63));
    out.pushUnit(B64.charCodeAt((n >> 12) & 63));
    out.pushUnit(B64.charCodeAt((n >> 6) & 63));
    out.pushUnit(B64.charCodeAt(n & 63));
  }
  const rem = b.length - i;
  if (rem == 1) {
    const n = (<i32>b[i]) << 16;
    out.pushUnit(B64.charCodeAt((n >> 18) & 63));
    out.pushUnit(B64.charCodeAt((n >> 12) & 63));
    out.append('==');
  } else if (rem == 2) {
    const n = ((<i32>b[i]) << 16) | ((<i32>b[i + 1]) << 8);
    out.pushUnit(B64.charCodeAt((n >> 18) & 63));
    out.pushUnit(B64.charCodeAt((n >> 12) & 63));
    out.pushUnit(B64.charCodeAt((n >> 6) & 63));
    out.append('=');
  }
  return out.toString();
}

export function fnB64enc(a: Value[]): Value {
  return Value.string(base64Encode(utf8(str(a[0]))));
}

export function fnB64dec(a: Value[]): Value {
  const s = str(a[0]);
  const out = new Array<u8>();
  let acc = 0;
  let bits = 0;
  let i = 0;
  let pad = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x3d) {
      pad++;
      continue;
    }
    if (c == 0x0a || c == 0x0d) continue;
    const d = B64.indexOf(String.fromCharCode(c));
    if (d < 0 || pad > 0) return Value.string('illegal base64 data at input byte ' + i.toString());
    acc = (acc << 6) | d;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push(<u8>((acc >> bits) & 0xff));
    }
  }
  let count = 0;
  for (let k = 0; k < s.length; k++)
    if (s.charCodeAt(k) != 0x0a && s.charCodeAt(k) != 0x0d) count++;
  if (count % 4 != 0)
    return Value.string('illegal base64 data at input byte ' + (count - (count % 4)).toString());
  const bytes = new Uint8Array(out.length);
  for (let k = 0; k < out.length; k++) bytes[k] = out[k];
  return Value.string(fromUtf8(bytes));
}

export function fnB32enc(a: Value[]): Value {
  const b = utf8(str(a[0]));
  const out = new Builder();
  let acc: u64 = 0;
  let bits = 0;
  for (let i = 0; i < b.length; i++) {
    acc = (acc << 8) | (<u64>b[i]);
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.pushUnit(B32.charCodeAt(<i32>((acc >> (<u64>bits)) & 31)));
    }
  }
  if (bits > 0) out.pushUnit(B32.charCodeAt(<i32>((acc << ((5 - bits) as u64)) & 31)));
  while (out.length % 8 != 0) out.pushUnit(0x3d);
  return Value.string(out.toString());
}

export function fnB32dec(a: Value[]): Value {
  const s = str(a[0]);
  const out = new Array<u8>();
  let acc: u64 = 0;
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x3d) break;
    const d = B32.indexOf(String.fromCharCode(c));
    if (d < 0) return Value.string('illegal base32 data at input byte ' + i.toString());
    acc = (acc << 5) | (<u64>d);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push(<u8>((acc >> (<u64>bits)) & 0xff));
    }
  }
  const bytes = new Uint8Array(out.length);
  for (let k = 0; k < out.length; k++) bytes[k] = out[k];
  return Value.string(fromUtf8(bytes));
}

export function fnToJson(a: Value[]): Value {
  return Value.string(toJSON(a[0], true));
}
export function fnToRawJson(a: Value[]): Value {
  return Value.string(toJSON(a[0], false));
}
export function fnToPrettyJson(a: Value[]): Value {
  return Value.string(indentJSON(toJSON(a[0], true), '  '));
}
export function fnFromJson(a: Value[]): Value {
  const s = str(a[0]);
  if (!valid(s)) return NULL;
  return fromResult(parse(s));
}
export function fnMustFromJson(a: Value[]): Value {
  const s = str(a[0]);
  if (!valid(s)) execError('mustFromJson: invalid character in JSON input');
  return fromResult(parse(s));
}

// ---- digests ----

const HEX = '0123456789abcdef';
function hex(b: Uint8Array): string {
  const out = new Builder(b.length * 2);
  for (let i = 0; i < b.length; i++) {
    out.pushUnit(HEX.charCodeAt(b[i] >> 4));
    out.pushUnit(HEX.charCodeAt(b[i] & 15));
  }
  return out.toString();
}

function padMessage(msg: Uint8Array): Uint8Array {
  const ml = <u64>msg.length * 8;
  let n = msg.length + 1;
  while (n % 64 != 56) n++;
  const p = new Uint8Array(n + 8);
  p.set(msg);
  p[msg.length] = 0x80;
  for (let i = 0; i < 8; i++) p[n + i] = <u8>(ml >> (<u64>(56 - i * 8)));
  return p;
}

const K256: u32[] = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

export function sha256(msg: Uint8Array): Uint8Array {
  const p = padMessage(msg);
  const h: u32[] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ];
  const w = new StaticArray<u32>(64);
  for (let off = 0; off < p.length; off += 64) {
    for (let i = 0; i < 16; i++)
      w[i] =
        ((<u32>p[off + i * 4]) << 24) |
        ((<u32>p[off + i * 4 + 1]) << 16) |
        ((<u32>p[off + i * 4 + 2]) << 8) |
        (<u32>p[off + i * 4 + 3]);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr<u32>(w[i - 15], 7) ^ rotr<u32>(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr<u32>(w[i - 2], 17) ^ rotr<u32>(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    let a = h[0],
      b = h[1],
      c = h[2],
      d = h[3],
      e = h[4],
      f = h[5],
      g = h[6],
      hh = h[7];
    for (let i = 0; i < 64; i++) {
      const S1 = rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = hh + S1 + ch + K256[i] + w[i];
      const S0 = rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = S0 + maj;
      hh = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  }
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    out[i * 4] = <u8>(h[i] >>> 24);
    out[i * 4 + 1] = <u8>(h[i] >>> 16);
    out[i * 4 + 2] = <u8>(h[i] >>> 8);
    out[i * 4 + 3] = <u8>h[i];
  }
  return out;
}

export function sha1(msg: Uint8Array): Uint8Array {
  const p = padMessage(msg);
  let h0: u32 = 0x67452301,
    h1: u32 = 0xefcdab89,
    h2: u32 = 0x98badcfe,
    h3: u32 = 0x10325476,
    h4: u32 = 0xc3d2e1f0;
  const w = new StaticArray<u32>(80);
  for (let off = 0; off < p.length; off += 64) {
    for (let i = 0; i < 16; i++)
      w[i] =
        ((<u32>p[off + i * 4]) << 24) |
        ((<u32>p[off + i * 4 + 1]) << 16) |
        ((<u32>p[off + i * 4 + 2]) << 8) |
        (<u32>p[off + i * 4 + 3]);
    for (let i = 16; i < 80; i++) w[i] = rotl<u32>(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    let a = h0,
      b = h1,
      c = h2,
      d = h3,
      e = h4;
    for (let i = 0; i < 80; i++) {
      let f: u32, k: u32;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      const t = rotl<u32>(a, 5) + f + e + k + w[i];
      e = d;
      d = c;
      c = rotl<u32>(b, 30);
      b = a;
      a = t;
    }
    h0 += a;
    h1 += b;
    h2 += c;
    h3 += d;
    h4 += e;
  }
  const out = new Uint8Array(20);
  const hs: u32[] = [h0, h1, h2, h3, h4];
  for (let i = 0; i < 5; i++) {
    out[i * 4] = <u8>(hs[i] >>> 24);
    out[i * 4 + 1] = <u8>(hs[i] >>> 16);
    out[i * 4 + 2] = <u8>(hs[i] >>> 8);
    out[i * 4 + 3] = <u8>hs[i];
  }
  return out;
}

export function fnSha256sum(a: Value[]): Value {
  return Value.string(hex(sha256(utf8(str(a[0])))));
}
export function fnSha1sum(a: Value[]): Value {
  return Value.string(hex(sha1(utf8(str(a[0])))));
}
export function fnAdler32sum(a: Value[]): Value {
  const b = utf8(str(a[0]));
  let s1: u32 = 1,
    s2: u32 = 0;
  for (let i = 0; i < b.length; i++) {
    s1 = (s1 + <u32>b[i]) % 65521;
    s2 = (s2 + s1) % 65521;
  }
  return Value.string(((s2 << 16) | s1).toString());
}

export { Kind, writeJSON };
