// The upstream request of a tool call, assembled as Higress's RestMCPTool.Call does: URL,
// header and body templates rendered against {config, args}; path placeholders substituted;
// query merged through Go's url.Values (sorted, re-escaped); header and cookie arguments; the
// JSON or form body of argsToJsonBody / argsToFormBody / body-position arguments with their
// content type; Accept; the upstream security scheme last.

import { valid } from '../gjson/index';
import { ArgsMode, Position, Scheme, SchemeKind, ServerConfig, ToolConfig } from './config';
import { ArgValue, TemplateData } from './arguments';
import { ParsedUrl, Values, parseQuery, parseUrl } from './go-url';
import { Phase, renderData } from './render';
import { appendJsonString } from './json-text';
import { TextBuffer } from '../gjson/text-buffer';

export class Plan {
  method: string = '';
  url: string = '';
  headerNames: string[] = [];
  headerValues: string[] = [];
  hasBody: bool = false;
  body: string = '';
  /** Set instead of a request when the request cannot be made. */
  error: string | null = null;

  /** Empties the plan for the next call (nothing of the last one is kept alive). */
  reset(): void {
    this.method = '';
    this.url = '';
    this.headerNames.length = 0;
    this.headerValues.length = 0;
    this.hasBody = false;
    this.body = '';
    this.error = null;
  }
}

/** a.toLowerCase() == b.toLowerCase(), without lower-casing copies while both are ASCII. */
function lowerEquals(a: string, b: string): bool {
  const n = a.length;
  const m = b.length;
  for (let i = 0, k = min(n, m); i < k; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    // Past ASCII, lower-casing may change lengths: the exact comparison decides.
    if ((x | y) >= 0x80) return a.toLowerCase() == b.toLowerCase();
    if (x >= 0x41 && x <= 0x5a) x |= 0x20;
    if (y >= 0x41 && y <= 0x5a) y |= 0x20;
    if (x != y) return false;
  }
  if (n == m) return true;
  const rest = n > m ? a : b;
  for (let i = min(n, m), k = max(n, m); i < k; i++) {
    if (rest.charCodeAt(i) >= 0x80) return a.toLowerCase() == b.toLowerCase();
  }
  return false;
}

function equalFold(a: string, b: string): bool {
  return a.length == b.length && lowerEquals(a, b);
}

function hasContentType(plan: Plan, part: string): bool {
  for (let i = 0; i < plan.headerNames.length; i++) {
    if (
      equalFold(plan.headerNames[i], 'content-type') &&
      plan.headerValues[i].toLowerCase().includes(part)
    )
      return true;
  }
  return false;
}

function addHeader(plan: Plan, name: string, value: string): void {
  plan.headerNames.push(name);
  plan.headerValues.push(value);
}

function isSpace(c: i32): bool {
  return c == 0x20 || (c >= 0x09 && c <= 0x0d) || c == 0x85 || c == 0xa0;
}

function trimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  return s.substring(a, b);
}

function formEncode(tool: ToolConfig, values: Array<ArgValue | null>, withDefaults: bool): string {
  const form = new Values();
  for (let i = 0; i < tool.args.length; i++) {
    const v = values[i];
    if (v === null) continue;
    const p = tool.args[i].position;
    if (p == Position.Body || (withDefaults && p == Position.None))
      form.set(tool.args[i].name, v.text);
  }
  return form.encode();
}

const bodyText = new TextBuffer(256);

function jsonObject(tool: ToolConfig, values: Array<ArgValue | null>, withDefaults: bool): string {
  const b = bodyText;
  b.truncate(0);
  b.push(0x7b);
  let first = true;
  for (let k = 0; k < tool.sortedArgs.length; k++) {
    const i = tool.sortedArgs[k];
    const v = values[i];
    if (v === null) continue;
    const p = tool.args[i].position;
    if (!(p == Position.Body || (withDefaults && p == Position.None))) continue;
    if (!first) b.push(0x2c);
    first = false;
    appendJsonString(b, tool.args[i].name);
    b.push(0x3a);
    b.append(v.json);
  }
  b.push(0x7d);
  return b.take();
}

/** The credential a client sent for a passthrough scheme, as Higress extracts it. */
export function extractClientCredential(scheme: Scheme, headerValue: string): string {
  if (headerValue.length == 0) return '';
  if (scheme.kind == SchemeKind.Bearer) {
    if (!headerValue.toLowerCase().startsWith('bearer ')) return '';
    return headerValue.substring(7).trim();
  }
  if (scheme.kind == SchemeKind.Basic) {
    if (!headerValue.toLowerCase().startsWith('basic ')) return '';
    return headerValue.substring(6).trim();
  }
  return headerValue;
}

/** The upstream credential of the tool's security scheme ('' for none), as Higress picks it. */
function securityCredential(tool: ToolConfig, scheme: Scheme, passthrough: string): string {
  if (passthrough.length > 0) {
    return scheme.kind == SchemeKind.Basic ? 'Basic ' + passthrough : passthrough;
  }
  return tool.credential.length > 0 ? tool.credential : scheme.credential;
}

/** The credential as a header (an apiKey in the query is added to the URL by buildPlan). */
function applySecurityHeader(plan: Plan, scheme: Scheme, credential: string): void {
  // Higress proceeds without authentication when no credential is configured.
  if (credential.length == 0) return;
  switch (scheme.kind) {
    case SchemeKind.Basic:
      addHeader(plan, 'Authorization', credential);
      break;
    case SchemeKind.Bearer:
      addHeader(
        plan,
        'Authorization',
        credential.startsWith('Bearer ') ? credential : 'Bearer ' + credential,
      );
      break;
    case SchemeKind.ApiKeyHeader:
      addHeader(plan, scheme.name, credential);
      break;
  }
}

/** Envoy's ReplaceHttpRequestHeader applied in order: one entry per name, the last value at the first place. */
function replaceSemantics(plan: Plan): void {
  // Most plans name each header once: then there is nothing to merge.
  const count = plan.headerNames.length;
  let repeated = false;
  for (let i = 1; i < count && !repeated; i++) {
    const name = unchecked(plan.headerNames[i]);
    for (let j = 0; j < i; j++) {
      if (lowerEquals(unchecked(plan.headerNames[j]), name)) {
        repeated = true;
        break;
      }
    }
  }
  if (!repeated) return;
  const names = new Array<string>();
  const lower = new Array<string>();
  const vals = new Array<string>();
  for (let i = 0; i < plan.headerNames.length; i++) {
    const l = plan.headerNames[i].toLowerCase();
    let found = -1;
    for (let j = 0; j < lower.length; j++) {
      if (lower[j] == l) {
        found = j;
        break;
      }
    }
    if (found >= 0) vals[found] = plan.headerValues[i];
    else {
      names.push(plan.headerNames[i]);
      lower.push(l);
      vals.push(plan.headerValues[i]);
    }
  }
  plan.headerNames = names;
  plan.headerValues = vals;
}

/** The plan of the current call (one call runs at a time; it is written out before the next). */
const current = new Plan();
/** The query of the current call. */
const query = new Values();
/** The URL of the current call, assembled. */
const urlText = new TextBuffer(256);

/**
 * Go's url.Parse of the URL text. A literal URL (no template, no path placeholder replaced)
 * is parsed once per tool: parsing is pure, and the parsed URL is never changed.
 */
function parsedUrl(tool: ToolConfig, text: string): ParsedUrl {
  if (tool.url.program !== null || text != tool.url.literal) return parseUrl(text);
  let url = tool.literalUrl;
  if (url === null) {
    url = parseUrl(text);
    tool.literalUrl = url;
  }
  return url;
}

export function buildPlan(
  server: ServerConfig,
  tool: ToolConfig,
  values: Array<ArgValue | null>,
  data: TemplateData,
  passthrough: string,
): Plan {
  const plan = current;
  plan.reset();
  plan.method = tool.method;
  let urlRendered = renderData(tool.url, data, Phase.Url, 0);
  for (let i = 0; i < tool.headers.length; i++) {
    const h = tool.headers[i];
    addHeader(plan, h.key, renderData(h.value, data, Phase.Header, i));
  }
  for (let i = 0; i < tool.args.length; i++) {
    const v = values[i];
    if (v !== null && tool.args[i].position == Position.Path) {
      urlRendered = urlRendered.replaceAll('{' + tool.args[i].name + '}', v.text);
    }
  }
  const url = parsedUrl(tool, urlRendered);
  if (url.error !== null) {
    plan.error = 'error parsing URL after path param substitution: ' + url.error!;
    return plan;
  }
  query.reset();
  query.addAll(url.query());
  for (let i = 0; i < tool.args.length; i++) {
    const v = values[i];
    if (v === null) continue;
    const p = tool.args[i].position;
    if (p == Position.Query || (p == Position.None && tool.argsMode == ArgsMode.UrlParam))
      query.set(tool.args[i].name, v.text);
  }
  for (let i = 0; i < tool.args.length; i++) {
    const v = values[i];
    if (v !== null && tool.args[i].position == Position.Header)
      addHeader(plan, tool.args[i].name, v.text);
  }
  for (let i = 0; i < tool.args.length; i++) {
    const v = values[i];
    if (v === null || tool.args[i].position != Position.Cookie) continue;
    const cookie = tool.args[i].name + '=' + v.text;
    let found = false;
    for (let j = 0; j < plan.headerNames.length; j++) {
      if (equalFold(plan.headerNames[j], 'cookie')) {
        plan.headerValues[j] = plan.headerValues[j] + '; ' + cookie;
        found = true;
        break;
      }
    }
    if (!found) addHeader(plan, 'Cookie', cookie);
  }
  const hasJson = hasContentType(plan, 'application/json');
  const hasForm = hasContentType(plan, 'application/x-www-form-urlencoded');
  const body = tool.body;
  let hasBodyArgs = false;
  for (let i = 0; i < tool.args.length; i++) {
    if (values[i] !== null && tool.args[i].position == Position.Body) hasBodyArgs = true;
  }
  if (body !== null) {
    plan.hasBody = true;
    plan.body = renderData(body, data, Phase.Body, 0);
    const trimmed = trimSpace(plan.body);
    if (!hasJson && trimmed.length > 0) {
      const a = trimmed.charCodeAt(0);
      const z = trimmed.charCodeAt(trimmed.length - 1);
      if (((a == 0x7b && z == 0x7d) || (a == 0x5b && z == 0x5d)) && valid(trimmed)) {
        addHeader(plan, 'Content-Type', 'application/json; charset=utf-8');
      }
    }
  } else if (tool.argsMode == ArgsMode.JsonBody) {
    plan.hasBody = true;
    plan.body = jsonObject(tool, values, true);
    if (!hasJson) addHeader(plan, 'Content-Type', 'application/json; charset=utf-8');
  } else if (tool.argsMode == ArgsMode.FormBody) {
    plan.hasBody = true;
    plan.body = formEncode(tool, values, true);
    if (!hasForm) addHeader(plan, 'Content-Type', 'application/x-www-form-urlencoded');
  } else if (hasBodyArgs) {
    plan.hasBody = true;
    if (hasForm) plan.body = formEncode(tool, values, false);
    else {
      plan.body = jsonObject(tool, values, false);
      if (!hasJson) addHeader(plan, 'Content-Type', 'application/json; charset=utf-8');
    }
  }
  let hasAccept = false;
  for (let i = 0; i < plan.headerNames.length; i++)
    if (equalFold(plan.headerNames[i], 'accept')) hasAccept = true;
  if (!hasAccept) addHeader(plan, 'Accept', '*/*');
  // Upstream security last.
  let finalQuery = query;
  if (tool.security >= 0) {
    const scheme = server.schemes[tool.security];
    const credential = securityCredential(tool, scheme, passthrough);
    if (scheme.kind != SchemeKind.ApiKeyQuery) applySecurityHeader(plan, scheme, credential);
    else if (credential.length > 0) {
      // Go re-reads the encoded query (url.Query()), sets the key and encodes it again.
      finalQuery = parseQuery(query.encode());
      finalQuery.set(scheme.name, credential);
    }
  }
  if (url.scheme != 'http' && url.scheme != 'https') {
    plan.error = "the upstream URL '" + urlRendered + "' is not an absolute http or https URL";
    query.reset();
    return plan;
  }
  if (url.host.length == 0) {
    plan.error = "the upstream URL '" + urlRendered + "' has no host";
    query.reset();
    return plan;
  }
  const full = urlText;
  full.truncate(0);
  full.append(url.prefix());
  if (finalQuery.length > 0) {
    full.push(0x3f);
    finalQuery.encodeInto(full);
  }
  plan.url = full.take();
  query.reset();
  replaceSemantics(plan);
  return plan;
}
