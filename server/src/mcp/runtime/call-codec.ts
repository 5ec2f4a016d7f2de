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

/** Whether bytes[start, end) are all ASCII. */
function isAscii(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

class Reader {
  pos: number;
  readonly bytes: Buffer;
  readonly start: number;
  readonly end: number;
  /** The whole message as text when it is ASCII (most are): strings are cut out of it. */
  private ascii: string | undefined;
  private checked = false;
  constructor(bytes: Buffer, start: number, end: number) {
    this.bytes = bytes;
    this.start = start;
    this.pos = start;
    this.end = end;
  }
  u8(): number {
    if (this.pos >= this.end) throw new Error('the module answered a truncated message');
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
    const end = Math.min(this.pos + n, this.end);
    const out = this.bytes.subarray(this.pos, end);
    this.pos += n;
    return out;
  }
  str(): string {
    const n = this.uv();
    const start = this.pos;
    // Like subarray, a length past the end reads what there is.
    const end = Math.min(start + n, this.end);
    this.pos = start + n;
    if (end <= start) return '';
    if (!this.checked) {
      this.checked = true;
      if (isAscii(this.bytes, this.start, this.end))
        this.ascii = this.bytes.toString('latin1', this.start, this.end);
    }
    if (this.ascii !== undefined) return this.ascii.slice(start - this.start, end - this.start);
    return decoder.decode(this.bytes.subarray(start, end));
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

/**
 * Decodes the answer at bytes[start, end) (by default all of bytes); items that refer to the
 * response body read it from `body`.
 */
export function decodeAnswer(
  bytes: Buffer,
  body?: Uint8Array,
  start = 0,
  end = bytes.length,
): ModuleAnswer {
  const r = new Reader(bytes, start, end);
  const kind = r.u8();
  if (kind === 1) {
    const state = r.uv();
    const method = r.str();
    const url = r.str();
    const n = r.uv();
    const headers: Array<[string, string]> = [];
    for (let i = 0; i < n; i++) headers.push([r.str(), r.str()]);
    const plan: UpstreamRequestPlan = { method, url, headers };
    // A copy: the bytes are the module's memory, which the next call changes.
    if (r.u8() === 1) plan.body = new Uint8Array(r.raw());
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

/**
 * Response headers as "name\0value\0" pairs (NUL never occurs in HTTP header fields): the text
 * the host writes as UTF-8 into the module's input.
 */
export function responseHeadersText(headers: Record<string, string>): string {
  let text = '';
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    text += `${name.toLowerCase()}\0${String(value)}\0`;
  }
  return text;
}
