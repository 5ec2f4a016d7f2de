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
import { jsonString } from './json-text';

export class Plan {
  method: string = '';
  url: string = '';
  headerNames: string[] = [];
  headerValues: string[] = [];
  hasBody: bool = false;
  body: string = '';
  /** Set instead of a request when the request cannot be made. */
  error: string | null = null;
}

function equalFold(a: string, b: string): bool {
  return a.length == b.length && a.toLowerCase() == b.toLowerCase();
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

function jsonObject(tool: ToolConfig, values: Array<ArgValue | null>, withDefaults: bool): string {
  const parts = new Array<string>();
  parts.push('{');
  let first = true;
  for (let k = 0; k < tool.sortedArgs.length; k++) {
    const i = tool.sortedArgs[k];
    const v = values[i];
    if (v === null) continue;
    const p = tool.args[i].position;
    if (!(p == Position.Body || (withDefaults && p == Position.None))) continue;
    if (!first) parts.push(',');
    first = false;
    parts.push(jsonString(tool.args[i].name));
    parts.push(':');
    parts.push(v.json);
  }
  parts.push('}');
  return parts.join('');
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

function applySecurity(
  server: ServerConfig,
  tool: ToolConfig,
  plan: Plan,
  url: ParsedUrl,
  passthrough: string,
): void {
  if (tool.security < 0) return;
  const scheme = server.schemes[tool.security];
  let credential = '';
  if (passthrough.length > 0) {
    credential = passthrough;
    if (scheme.kind == SchemeKind.Basic) credential = 'Basic ' + passthrough;
  } else {
    credential = tool.credential.length > 0 ? tool.credential : scheme.credential;
  }
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
    case SchemeKind.ApiKeyQuery: {
      const q = parseQuery(url.rawQuery);
      q.set(scheme.name, credential);
      url.rawQuery = q.encode();
      break;
    }
  }
}

/** Envoy's ReplaceHttpRequestHeader applied in order: one entry per name, the last value at the first place. */
function replaceSemantics(plan: Plan): void {
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

export function buildPlan(
  server: ServerConfig,
  tool: ToolConfig,
  values: Array<ArgValue | null>,
  data: TemplateData,
  passthrough: string,
): Plan {
  const plan = new Plan();
  plan.method = tool.method;
  let urlText = renderData(tool.url, data, Phase.Url, 0);
  for (let i = 0; i < tool.headers.length; i++) {
    const h = tool.headers[i];
    addHeader(plan, h.key, renderData(h.value, data, Phase.Header, i));
  }
  for (let i = 0; i < tool.args.length; i++) {
    const v = values[i];
    if (v !== null && tool.args[i].position == Position.Path) {
      urlText = urlText.replaceAll('{' + tool.args[i].name + '}', v.text);
    }
  }
  const url = parseUrl(urlText);
  if (url.error !== null) {
    plan.error = 'error parsing URL after path param substitution: ' + url.error!;
    return plan;
  }
  const query = parseQuery(url.rawQuery);
  for (let i = 0; i < tool.args.length; i++) {
    const v = values[i];
    if (v === null) continue;
    const p = tool.args[i].position;
    if (p == Position.Query || (p == Position.None && tool.argsMode == ArgsMode.UrlParam))
      query.set(tool.args[i].name, v.text);
  }
  url.rawQuery = query.encode();
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
  applySecurity(server, tool, plan, url, passthrough);
  if (url.scheme != 'http' && url.scheme != 'https') {
    plan.error = "the upstream URL '" + urlText + "' is not an absolute http or https URL";
    return plan;
  }
  if (url.host.length == 0) {
    plan.error = "the upstream URL '" + urlText + "' has no host";
    return plan;
  }
  let full = url.scheme + '://' + url.host + url.escapedPath();
  if (url.rawQuery.length > 0) full += '?' + url.rawQuery;
  plan.url = full;
  replaceSemantics(plan);
  return plan;
}
