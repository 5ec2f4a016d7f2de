// The compiled server configuration (written by server/src/mcp/compiler/compiled-config.ts),
// decoded once per instance. Templates arrive already parsed; secrets arrive at instantiation
// and are resolved here, so a call only renders and assembles.

import { inputError } from '../template/errors';
import { Program, decodeProgram } from '../template/program';
import { jsonString } from './json-text';
import { base64Encode } from '../template/functions/encoding';
import { ByteReader } from '../template/byte-reader';
import { ParsedUrl } from './go-url';

export const FORMAT_VERSION: i32 = 1;

export const enum ArgType {
  Any = 0,
  Boolean = 1,
  Integer = 2,
  Number = 3,
}

export const enum Position {
  None = 0,
  Query = 1,
  Path = 2,
  Header = 3,
  Cookie = 4,
  Body = 5,
}

export const enum ArgsMode {
  None = 0,
  JsonBody = 1,
  UrlParam = 2,
  FormBody = 3,
}

export const enum ResponseMode {
  Raw = 0,
  Template = 1,
  Wrap = 2,
}

export const enum SchemeKind {
  Basic = 0,
  Bearer = 1,
  ApiKeyHeader = 2,
  ApiKeyQuery = 3,
}

/** A template field: literal text (no action) or a parsed program. */
export class TemplateField {
  literal: string = '';
  program: Program | null = null;
}

export class ArgSpec {
  name: string = '';
  type: ArgType = ArgType.Any;
  position: Position = Position.None;
  /** The default as Go's json.Marshal writes it; null when there is none. */
  defaultJson: string | null = null;
  /** The default converted, made by the first call that needs it. */
  defaultValue: ArgValue | null = null;
}

/** An argument's value in its two forms: JSON (Go's json.Marshal) and text (convertArgToString). */
export class ArgValue {
  json: string = '';
  text: string = '';
  constructor(json: string, text: string) {
    this.json = json;
    this.text = text;
  }
}

export class HeaderSpec {
  key: string = '';
  value: TemplateField = new TemplateField();
}

export class Scheme {
  kind: SchemeKind = SchemeKind.Bearer;
  name: string = '';
  credential: string = '';
}

export class ToolConfig {
  name: string = '';
  args: ArgSpec[] = [];
  /** Indices of args in name order (Go marshals maps with sorted keys). */
  sortedArgs: i32[] = [];
  direct: bool = false;
  method: string = '';
  url: TemplateField = new TemplateField();
  /** A literal url parsed, by the first call (see request-plan.ts). */
  literalUrl: ParsedUrl | null = null;
  headers: HeaderSpec[] = [];
  body: TemplateField | null = null;
  argsMode: ArgsMode = ArgsMode.None;
  /** Index into schemes, or -1. */
  security: i32 = -1;
  credential: string = '';
  responseMode: ResponseMode = ResponseMode.Raw;
  response: TemplateField | null = null;
  prependBody: string = '';
  appendBody: string = '';
  errorTemplate: TemplateField | null = null;
  outputSchema: bool = false;
  /** Index into schemes of the client credential to pass through, or -1. */
  passthrough: i32 = -1;
}

export class ServerConfig {
  describeJson: string = '';
  /** `"config":{...}` rendered once with secrets resolved. */
  configJson: string = '';
  schemes: Scheme[] = [];
  tools: ToolConfig[] = [];
}

class Secrets {
  keys: string[] = [];
  values: string[] = [];
  get(key: string): string {
    for (let i = 0; i < this.keys.length; i++)
      if (unchecked(this.keys[i]) == key) return unchecked(this.values[i]);
    inputError("secret '" + key + "' is referenced by the configuration but was not provided");
    return '';
  }
}

/** Secrets as the host writes them: count, then key and value strings. */
function decodeSecrets(bytes: Uint8Array): Secrets {
  const r = new ByteReader(bytes, 'compiled server configuration');
  const s = new Secrets();
  const n = r.uv();
  for (let i = 0; i < n; i++) {
    s.keys.push(r.str());
    s.values.push(r.str());
  }
  return s;
}

function readTemplate(r: ByteReader): TemplateField {
  const t = new TemplateField();
  const kind = r.u8();
  if (kind == 0) t.literal = r.str();
  else t.program = decodeProgram(r.bytesField());
  return t;
}

function readOptionalTemplate(r: ByteReader): TemplateField | null {
  return r.u8() == 1 ? readTemplate(r) : null;
}

/** A credential: 0 none, 1 a secret key, 2 a literal value. */
function readCredential(r: ByteReader, secrets: Secrets): string {
  const kind = r.u8();
  if (kind == 0) return '';
  const text = r.str();
  return kind == 1 ? secrets.get(text) : text;
}

function basicValue(credential: string): string {
  if (credential.length == 0 || credential.startsWith('Basic ')) return credential;
  // Higress: "user:password" is encoded; anything else is taken as already encoded.
  if (credential.includes(':'))
    return 'Basic ' + base64Encode(Uint8Array.wrap(String.UTF8.encode(credential)));
  return 'Basic ' + credential;
}

export function decodeServer(configBytes: Uint8Array, secretBytes: Uint8Array): ServerConfig {
  const secrets = decodeSecrets(secretBytes);
  const r = new ByteReader(configBytes, 'compiled server configuration');
  if (r.u8() != 0x4d || r.u8() != 0x43 || r.u8() != 0x50 || r.u8() != 0x53)
    inputError('not a compiled server configuration');
  if (r.u8() != FORMAT_VERSION) inputError('unsupported compiled server configuration version');
  const server = new ServerConfig();
  server.describeJson = r.str();

  if (r.u8() == 0) {
    // No server.config: Go marshals the nil map as null.
    server.configJson = '"config":null';
  } else {
    const nc = r.uv();
    const parts = new Array<string>();
    parts.push('"config":{');
    for (let i = 0; i < nc; i++) {
      if (i > 0) parts.push(',');
      parts.push(jsonString(r.str()));
      parts.push(':');
      const kind = r.u8();
      const text = r.str();
      parts.push(kind == 1 ? jsonString(secrets.get(text)) : text);
    }
    parts.push('}');
    server.configJson = parts.join('');
  }

  const ns = r.uv();
  for (let i = 0; i < ns; i++) {
    const s = new Scheme();
    s.kind = <SchemeKind>r.u8();
    s.name = r.str();
    s.credential = readCredential(r, secrets);
    server.schemes.push(s);
  }

  const nt = r.uv();
  for (let i = 0; i < nt; i++) {
    const t = new ToolConfig();
    t.name = r.str();
    const na = r.uv();
    for (let j = 0; j < na; j++) {
      const a = new ArgSpec();
      a.name = r.str();
      a.type = <ArgType>r.u8();
      a.position = <Position>r.u8();
      if (r.u8() == 1) a.defaultJson = r.str();
      t.args.push(a);
    }
    for (let j = 0; j < na; j++) {
      const index = r.uv();
      if (index >= na) inputError('compiled server configuration has a bad argument order');
      t.sortedArgs.push(index);
    }
    t.direct = r.u8() == 1;
    if (!t.direct) {
      t.method = r.str();
      t.url = readTemplate(r);
      const nh = r.uv();
      for (let j = 0; j < nh; j++) {
        const h = new HeaderSpec();
        h.key = r.str();
        h.value = readTemplate(r);
        t.headers.push(h);
      }
      t.body = readOptionalTemplate(r);
      t.argsMode = <ArgsMode>r.u8();
      if (r.u8() == 1) {
        t.security = r.uv();
        if (t.security >= ns)
          inputError('compiled server configuration names an unknown security scheme');
        t.credential = readCredential(r, secrets);
      }
    }
    t.responseMode = <ResponseMode>r.u8();
    if (t.responseMode == ResponseMode.Template) t.response = readTemplate(r);
    else if (t.responseMode == ResponseMode.Wrap) {
      t.prependBody = r.str();
      t.appendBody = r.str();
    }
    t.errorTemplate = readOptionalTemplate(r);
    t.outputSchema = r.u8() == 1;
    if (r.u8() == 1) {
      t.passthrough = r.uv();
      if (t.passthrough >= ns)
        inputError('compiled server configuration names an unknown security scheme');
    }
    server.tools.push(t);
  }
  // Credentials are final header values once: the basic scheme's encoding is done here.
  for (let i = 0; i < server.schemes.length; i++) {
    const s = server.schemes[i];
    if (s.kind == SchemeKind.Basic) s.credential = basicValue(s.credential);
  }
  for (let i = 0; i < server.tools.length; i++) {
    const t = server.tools[i];
    if (t.security >= 0 && server.schemes[t.security].kind == SchemeKind.Basic)
      t.credential = basicValue(t.credential);
  }
  return server;
}

export { basicValue };
