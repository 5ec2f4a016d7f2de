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

export class Response {
  status: i32 = 0;
  headerNames: string[] = [];
  headerValues: string[] = [];
  bodyPtr: usize = 0;
  bodyLen: i32 = 0;
  private text: string | null = null;

  header(name: string): string {
    for (let i = 0; i < this.headerNames.length; i++)
      if (this.headerNames[i] == name) return this.headerValues[i];
    return '';
  }

  bodyText(): string {
    if (this.text === null) this.text = String.UTF8.decodeUnsafe(this.bodyPtr, <usize>this.bodyLen);
    return this.text!;
  }
}

/** Higress's `_headers`: the response headers (and `:status`) as a JSON object, keys sorted. */
function headersJson(r: Response): string {
  const names = new Array<string>();
  const vals = new Array<string>();
  names.push(':status');
  vals.push(r.status.toString());
  for (let i = 0; i < r.headerNames.length; i++) {
    names.push(r.headerNames[i]);
    vals.push(r.headerValues[i]);
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
