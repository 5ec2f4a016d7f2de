/**
 * The host side of the call protocol (runtime/assembly/server/entry.ts): what the module answers
 * (an upstream request plan, or the shape of a result) decoded into the contract's types, and
 * what the host hands in (secrets, response headers) encoded.
 */
import type { CallToolResult } from '@modelcontextprotocol/server';

export interface UpstreamRequestPlan {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body?: Uint8Array;
}

export interface UpstreamResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Uint8Array;
}

export type ModuleAnswer =
  | { kind: 'plan'; state: number; plan: UpstreamRequestPlan }
  | { kind: 'result'; result: CallToolResult };

const decoder = new TextDecoder();
const encoder = new TextEncoder();

class Reader {
  pos = 0;
  readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }
  u8(): number {
    if (this.pos >= this.bytes.length) throw new Error('the module answered a truncated message');
    return this.bytes[this.pos++]!;
  }
  uv(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.u8();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  }
  raw(): Uint8Array {
    const n = this.uv();
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  /**
   * Short ASCII strings (methods, header names, most values) are read in place, without a
   * subarray or TextDecoder's call cost; others are decoded.
   */
  str(): string {
    const n = this.uv();
    const start = this.pos;
    const bytes = this.bytes;
    // Like subarray, a length past the end reads what there is.
    const end = Math.min(start + n, bytes.length);
    this.pos = start + n;
    if (n <= 64) {
      let s = '';
      let i = start;
      for (; i < end; i++) {
        const c = bytes[i]!;
        if (c >= 0x80) break;
        s += String.fromCharCode(c);
      }
      if (i === end) return s;
    }
    return decoder.decode(bytes.subarray(start, end));
  }
}

/** `structuredContent` must be an object: other JSON values are wrapped as `{data}` (Higress). */
function structured(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : { data: value };
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Decodes an answer; items that refer to the response body read it from `body`. */
export function decodeAnswer(bytes: Uint8Array, body?: Uint8Array): ModuleAnswer {
  const r = new Reader(bytes);
  const kind = r.u8();
  if (kind === 1) {
    const state = r.uv();
    const method = r.str();
    const url = r.str();
    const n = r.uv();
    const headers: Array<[string, string]> = [];
    for (let i = 0; i < n; i++) headers.push([r.str(), r.str()]);
    const plan: UpstreamRequestPlan = { method, url, headers };
    if (r.u8() === 1) plan.body = r.raw().slice();
    return { kind: 'plan', state, plan };
  }
  if (kind !== 2) throw new Error(`the module answered an unknown message kind ${kind}`);
  const isError = r.u8() === 1;
  const n = r.uv();
  const content: CallToolResult['content'] = [];
  let bodyText: string | undefined;
  const text = () => (bodyText ??= decoder.decode(body ?? new Uint8Array(0)));
  for (let i = 0; i < n; i++) {
    const item = r.u8();
    if (item === 0) content.push({ type: 'text', text: r.str() });
    else if (item === 1) {
      const prefix = r.str();
      const limit = r.uv();
      const suffix = r.str();
      let middle = text();
      if (limit > 0 && middle.length > limit) middle = `${middle.slice(0, limit)}…`;
      content.push({ type: 'text', text: prefix + middle + suffix });
    } else if (item === 2 || item === 3) {
      const mimeType = r.str();
      const data = base64(body ?? new Uint8Array(0));
      content.push(
        item === 2 ? { type: 'image', data, mimeType } : { type: 'audio', data, mimeType },
      );
    } else throw new Error(`the module answered an unknown content kind ${item}`);
  }
  const result: CallToolResult = { content };
  const structuredKind = r.u8();
  const json = structuredKind === 1 ? r.str() : structuredKind === 2 ? text() : undefined;
  if (json !== undefined) {
    // The module checked the text is JSON; a text JSON.parse still refuses gets no structure.
    try {
      result.structuredContent = structured(JSON.parse(json));
    } catch {
      /* left without structuredContent */
    }
  }
  if (isError) result.isError = true;
  return { kind: 'result', result };
}

/** Secrets as the module reads them: count, then key and value strings. */
export function encodeSecrets(secrets: Record<string, string>): Uint8Array {
  const parts: number[] = [];
  const uv = (v: number) => {
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v > 0) b |= 0x80;
      parts.push(b);
    } while (v > 0);
  };
  const str = (s: string) => {
    const b = encoder.encode(s);
    uv(b.length);
    for (const x of b) parts.push(x);
  };
  const entries = Object.entries(secrets).filter(([, v]) => typeof v === 'string');
  uv(entries.length);
  for (const [k, v] of entries) {
    str(k);
    str(v);
  }
  return Uint8Array.from(parts);
}

/** Response headers as "name\0value\0" pairs (NUL never occurs in HTTP header fields). */
export function encodeResponseHeaders(headers: Record<string, string>): Uint8Array {
  let text = '';
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    text += `${name.toLowerCase()}\0${String(value)}\0`;
  }
  return encoder.encode(text);
}

export function encodeText(text: string): Uint8Array {
  return encoder.encode(text);
}
