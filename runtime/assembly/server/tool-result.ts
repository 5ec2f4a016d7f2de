// The MCP result of a tool call, shaped as Higress's REST-to-MCP does: non-2xx responses become
// errors (errorResponseTemplate over the body plus `_headers`, or a default message); image/*
// and audio/* bodies become image/audio content; the body goes through responseTemplate.body,
// or between prependBody and appendBody, or as it is ("success" when empty); with an
// outputSchema a JSON body is also the structured content.
//
// Large byte strings are not copied back: an item may refer to the response body, which the
// host already holds (see docs/runtime.md, "Results").

import { valid } from '../gjson/index';
import { jsonString } from './json-text';
import { ResponseMode, ServerConfig, ToolConfig } from './config';
import { Phase, renderField } from './render';
import { Writer } from './wire';

export const enum Item {
  Text = 0,
  BodyText = 1,
  Image = 2,
  Audio = 3,
}

export const enum Structured {
  None = 0,
  Json = 1,
  Body = 2,
}

/** How much of a failed response's body the default error message quotes. */
export const ERROR_EXCERPT_CHARS: i32 = 1000;

export function writeTextResult(
  w: Writer,
  isError: bool,
  text: string,
  structuredJson: string | null,
): void {
  w.u8(2);
  w.u8(isError ? 1 : 0);
  w.uv(1);
  w.u8(Item.Text);
  w.str(text);
  if (structuredJson !== null) {
    w.u8(Structured.Json);
    w.str(structuredJson!);
  } else w.u8(Structured.None);
}

function writeBodyText(
  w: Writer,
  isError: bool,
  prefix: string,
  limit: i32,
  suffix: string,
  structured: Structured,
): void {
  w.u8(2);
  w.u8(isError ? 1 : 0);
  w.uv(1);
  w.u8(Item.BodyText);
  w.str(prefix);
  w.uv(limit);
  w.str(suffix);
  w.u8(structured);
}

/**
 * The upstream response in the input: the headers as "name\0value\0" pairs of valid UTF-8
 * (the host encodes them), read in place, and the body.
 */
export class Response {
  status: i32 = 0;
  headersPtr: usize = 0;
  headersLen: i32 = 0;
  bodyPtr: usize = 0;
  bodyLen: i32 = 0;
  private text: string | null = null;
  /** Decoded by the first use of headerCount/headerName/headerValue. */
  private names: string[] | null = null;
  private values: string[] | null = null;
  /** Set by findHeader: where the value is. */
  private valueStart: i32 = 0;
  private valueEnd: i32 = 0;

  private byteAt(i: i32): i32 {
    return <i32>load<u8>(this.headersPtr + <usize>i);
  }

  private nul(from: i32): i32 {
    for (let i = from; i < this.headersLen; i++) if (this.byteAt(i) == 0) return i;
    return -1;
  }

  private decode(start: i32, end: i32): string {
    if (end <= start) return '';
    return String.UTF8.decodeUnsafe(this.headersPtr + <usize>start, <usize>(end - start));
  }

  /**
   * Finds the first pair named `name` (valueStart/valueEnd). Pairs as the text's split("\0")
   * makes them: a name needs its NUL, a value runs to the next NUL or the end.
   */
  private findHeader(name: string): bool {
    const n = this.headersLen;
    let pos = 0;
    while (pos < n) {
      const nameEnd = this.nul(pos);
      if (nameEnd < 0) return false;
      let valueEnd = this.nul(nameEnd + 1);
      if (valueEnd < 0) valueEnd = n;
      if (this.nameIs(pos, nameEnd, name)) {
        this.valueStart = nameEnd + 1;
        this.valueEnd = valueEnd;
        return true;
      }
      pos = valueEnd + 1;
    }
    return false;
  }

  /** Whether the bytes [start, end) are the ASCII name. */
  private nameIs(start: i32, end: i32, name: string): bool {
    if (end - start != name.length) return false;
    for (let i = 0; i < name.length; i++)
      if (this.byteAt(start + i) != name.charCodeAt(i)) return false;
    return true;
  }

  /** The headers' names and values, decoded once. */
  private decodeAll(): void {
    if (this.names !== null) return;
    const names = new Array<string>();
    const values = new Array<string>();
    const n = this.headersLen;
    let pos = 0;
    while (pos < n) {
      const nameEnd = this.nul(pos);
      if (nameEnd < 0) break;
      let valueEnd = this.nul(nameEnd + 1);
      if (valueEnd < 0) valueEnd = n;
      names.push(this.decode(pos, nameEnd));
      values.push(this.decode(nameEnd + 1, valueEnd));
      pos = valueEnd + 1;
    }
    this.names = names;
    this.values = values;
  }

  get headerCount(): i32 {
    this.decodeAll();
    return this.names!.length;
  }

  headerName(i: i32): string {
    this.decodeAll();
    return this.names![i];
  }

  headerValue(i: i32): string {
    this.decodeAll();
    return this.values![i];
  }

  /** The first value of the header (an ASCII lower-case name); '' when there is none. */
  header(name: string): string {
    if (!this.findHeader(name)) return '';
    return this.decode(this.valueStart, this.valueEnd);
  }

  /**
   * Whether the media type of the content-type header, lower-cased, starts with "image/" or
   * "audio/", read on the bytes when they are ASCII; -1 when the text must decide.
   */
  imageOrAudio(): i32 {
    if (!this.findHeader('content-type')) return 0;
    const start = this.valueStart;
    const end = this.valueEnd;
    // mediaType(): the part before ";", trimmed. Leading white space or non-ASCII bytes
    // (String#trim and toLowerCase know more than ASCII) leave it to the text.
    if (start < end && this.byteAt(start) <= 0x20) return -1;
    let semi = end;
    for (let i = start; i < end; i++) {
      const c = this.byteAt(i);
      if (c >= 0x80) return -1;
      if (c == 0x3b && semi == end) semi = i;
    }
    if (semi - start < 6) return 0;
    return asciiPrefixFold(this, start, 'image/') || asciiPrefixFold(this, start, 'audio/') ? 1 : 0;
  }

  bodyText(): string {
    if (this.text === null) this.text = String.UTF8.decodeUnsafe(this.bodyPtr, <usize>this.bodyLen);
    return this.text!;
  }
}

/** Whether the ASCII bytes at start, lower-cased, begin with prefix (lower-case ASCII). */
function asciiPrefixFold(r: Response, start: i32, prefix: string): bool {
  for (let i = 0; i < prefix.length; i++) {
    let c = <i32>load<u8>(r.headersPtr + <usize>(start + i));
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    if (c != prefix.charCodeAt(i)) return false;
  }
  return true;
}

/** Higress's `_headers`: the response headers (and `:status`) as a JSON object, keys sorted. */
function headersJson(r: Response): string {
  const names = new Array<string>();
  const vals = new Array<string>();
  names.push(':status');
  vals.push(r.status.toString());
  for (let i = 0; i < r.headerCount; i++) {
    names.push(r.headerName(i));
    vals.push(r.headerValue(i));
  }
  for (let i = 1; i < names.length; i++) {
    const n = names[i];
    const v = vals[i];
    let j = i - 1;
    while (j >= 0 && names[j] > n) {
      names[j + 1] = names[j];
      vals[j + 1] = vals[j];
      j--;
    }
    names[j + 1] = n;
    vals[j + 1] = v;
  }
  const parts = new Array<string>();
  parts.push('{');
  for (let i = 0; i < names.length; i++) {
    if (i > 0) parts.push(',');
    parts.push(jsonString(names[i]));
    parts.push(':');
    parts.push(jsonString(vals[i]));
  }
  parts.push('}');
  return parts.join('');
}

/** sjson.SetBytes(body, "_headers", headers): added to a JSON object body, else a new object. */
function errorData(r: Response): string {
  const headers = headersJson(r);
  const body = r.bodyText();
  let end = body.length;
  while (end > 0 && body.charCodeAt(end - 1) <= 0x20) end--;
  let start = 0;
  while (start < end && body.charCodeAt(start) <= 0x20) start++;
  if (
    end - start >= 2 &&
    body.charCodeAt(start) == 0x7b &&
    body.charCodeAt(end - 1) == 0x7d &&
    valid(body)
  ) {
    let inner = end - 2;
    while (inner > start && body.charCodeAt(inner) <= 0x20) inner--;
    const empty = inner == start;
    return body.substring(start, end - 1) + (empty ? '' : ',') + '"_headers":' + headers + '}';
  }
  return '{"_headers":' + headers + '}';
}

function mediaType(contentType: string): string {
  const semi = contentType.indexOf(';');
  return (semi >= 0 ? contentType.substring(0, semi) : contentType).trim();
}

export function writeResponseResult(
  w: Writer,
  server: ServerConfig,
  tool: ToolConfig,
  r: Response,
): void {
  if (r.status < 200 || r.status >= 300) {
    const template = tool.errorTemplate;
    if (template !== null) {
      const text = renderField(template, errorData(r), Phase.ErrorResponse, 0);
      if (text.length > 0) {
        writeTextResult(w, true, text, null);
        return;
      }
    }
    writeBodyText(
      w,
      true,
      'call failed, status: ' + r.status.toString() + ', response: ',
      ERROR_EXCERPT_CHARS,
      '',
      Structured.None,
    );
    return;
  }
  // Most responses are neither image nor audio: told on the header's bytes, without copies.
  if (r.imageOrAudio() == 0) {
    writeBodyResult(w, tool, r);
    return;
  }
  const contentType = mediaType(r.header('content-type')).toLowerCase();
  if (contentType.startsWith('image/') || contentType.startsWith('audio/')) {
    w.u8(2);
    w.u8(0);
    w.uv(1);
    w.u8(contentType.startsWith('image/') ? Item.Image : Item.Audio);
    w.str(contentType);
    w.u8(Structured.None);
    return;
  }
  writeBodyResult(w, tool, r);
}

/** The result of a 2xx response that is neither image nor audio. */
function writeBodyResult(w: Writer, tool: ToolConfig, r: Response): void {
  let structured = Structured.None;
  if (tool.outputSchema && r.bodyLen > 0 && valid(r.bodyText())) structured = Structured.Body;
  if (tool.responseMode == ResponseMode.Template) {
    let text = renderField(tool.response!, r.bodyText(), Phase.Response, 0);
    if (text.length == 0) text = 'success';
    w.u8(2);
    w.u8(0);
    w.uv(1);
    w.u8(Item.Text);
    w.str(text);
    w.u8(structured);
    return;
  }
  const prefix = tool.responseMode == ResponseMode.Wrap ? tool.prependBody : '';
  const suffix = tool.responseMode == ResponseMode.Wrap ? tool.appendBody : '';
  if (r.bodyLen == 0 && prefix.length == 0 && suffix.length == 0) {
    writeTextResult(w, false, 'success', null);
    return;
  }
  writeBodyText(w, false, prefix, 0, suffix, structured);
}
