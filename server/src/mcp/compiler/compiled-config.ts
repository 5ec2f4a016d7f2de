/**
 * The compiled configuration of a server version: the binary form the Wasm runtime decodes once
 * per instance (runtime/assembly/server/config.ts). Templates are parsed here and embedded in
 * their compiled form; text without a template action is embedded as literal text. Secrets
 * are not embedded: a reference `${secret:KEY}` is written as the key, resolved at
 * instantiation. docs/runtime.md documents the layout.
 */
import { compileTemplate } from '../templates/compile.ts';
import { toolListing } from '../servers/input-schema.ts';
import type { ServerDefinition, Tool } from '../servers/model.ts';
import { referencedKey } from '../servers/secret-references.ts';
import { ByteWriter } from '../templates/byte-writer.ts';
import { goJson } from './go-json.ts';

export const CONFIG_FORMAT_VERSION = 1;

export interface TemplateProblem {
  tool: string;
  field: string;
  line: number;
  column: number;
  message: string;
}

const ARG_TYPES: Record<string, number> = {
  boolean: 1,
  bool: 1,
  integer: 2,
  int: 2,
  number: 3,
  float: 3,
};
const POSITIONS: Record<string, number> = { query: 1, path: 2, header: 3, cookie: 4, body: 5 };
const SCHEME_KINDS = { basic: 0, bearer: 1, header: 2, query: 3 } as const;

/**
 * The header a tool's client security scheme (`tool.security`) reads the client's credential
 * from (lower-case). Higress extracts and removes it from the forwarded request whether or not
 * the tool passes it through.
 */
export function clientSecurityHeader(definition: ServerDefinition, tool: Tool): string | undefined {
  if (!tool.security) return undefined;
  const scheme = definition.server.securitySchemes?.find((s) => s.id === tool.security!.id);
  if (!scheme) return undefined;
  if (scheme.type === 'http') return 'authorization';
  if (scheme.in === 'header' && scheme.name) return scheme.name.toLowerCase();
  return undefined;
}

/** The header a passthrough scheme reads the client's credential from (lower-case). */
export function clientCredentialHeader(
  definition: ServerDefinition,
  tool: Tool,
): string | undefined {
  return tool.security?.passthrough ? clientSecurityHeader(definition, tool) : undefined;
}

/** The tools a server serves: allowTools applied, definition order kept. */
export function servedTools(definition: ServerDefinition): Tool[] {
  const tools = definition.tools ?? [];
  if (definition.allowTools === undefined) return tools;
  const allowed = new Set(definition.allowTools);
  return tools.filter((tool) => allowed.has(tool.name));
}

/** The description the module answers `serverDescribe` with (JSON). */
function describeJson(definition: ServerDefinition, tools: Tool[], version?: number): string {
  const server = definition.server;
  const description: Record<string, unknown> = { name: server.name };
  if (server.title !== undefined) description.title = server.title;
  if (server.description !== undefined) description.description = server.description;
  if (version !== undefined) description.version = version;
  description.tools = tools.map(toolListing);
  description.calls = tools.map((tool) => {
    const call: Record<string, string> = {};
    const security = clientSecurityHeader(definition, tool);
    if (security !== undefined) call.clientSecurityHeader = security;
    const credential = clientCredentialHeader(definition, tool);
    if (credential !== undefined) call.clientCredentialHeader = credential;
    return call;
  });
  return JSON.stringify(description);
}

function writeCredential(w: ByteWriter, value: string | undefined): void {
  if (value === undefined || value === '') {
    w.u8(0);
    return;
  }
  const key = referencedKey(value);
  if (key !== undefined) {
    w.u8(1);
    w.str(key);
  } else {
    w.u8(2);
    w.str(value);
  }
}

export function compileConfig(
  definition: ServerDefinition,
  version: number | undefined,
): { bytes: Uint8Array; problems: TemplateProblem[] } {
  const problems: TemplateProblem[] = [];
  const w = new ByteWriter();
  const tools = servedTools(definition);

  const template = (tool: Tool, field: string, text: string): void => {
    if (!text.includes('{{')) {
      w.u8(0);
      w.str(text);
      return;
    }
    const compiled = compileTemplate(text);
    if (!compiled.ok) {
      for (const d of compiled.diagnostics) {
        problems.push({
          tool: tool.name,
          field,
          line: d.line,
          column: d.column,
          message: d.message,
        });
      }
      w.u8(0);
      w.str('');
      return;
    }
    w.u8(1);
    w.bytes(compiled.bytes);
  };

  for (const c of 'MCPS') w.u8(c.charCodeAt(0));
  w.u8(CONFIG_FORMAT_VERSION);
  w.str(describeJson(definition, tools, version));

  const config = definition.server.config;
  if (config === undefined) {
    w.u8(0);
  } else {
    w.u8(1);
    const keys = Object.keys(config).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    w.uv(keys.length);
    for (const key of keys) {
      w.str(key);
      const secret = referencedKey(config[key]);
      if (secret !== undefined) {
        w.u8(1);
        w.str(secret);
      } else {
        w.u8(0);
        w.str(goJson(config[key]));
      }
    }
  }

  const schemes = definition.server.securitySchemes ?? [];
  const schemeIndex = new Map(schemes.map((s, i) => [s.id, i]));
  w.uv(schemes.length);
  for (const scheme of schemes) {
    const kind =
      scheme.type === 'http'
        ? SCHEME_KINDS[scheme.scheme ?? 'bearer']
        : SCHEME_KINDS[scheme.in ?? 'header'];
    w.u8(kind);
    w.str(scheme.name ?? '');
    writeCredential(w, scheme.defaultCredential);
  }

  w.uv(tools.length);
  for (const tool of tools) {
    w.str(tool.name);
    const args = tool.args ?? [];
    w.uv(args.length);
    for (const arg of args) {
      w.str(arg.name);
      w.u8(ARG_TYPES[arg.type ?? ''] ?? 0);
      w.u8(POSITIONS[arg.position ?? ''] ?? 0);
      if (arg.default === undefined) w.u8(0);
      else {
        w.u8(1);
        w.str(goJson(arg.default));
      }
    }
    const order = args
      .map((arg, index) => ({ name: arg.name, index }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.index - b.index));
    for (const { index } of order) w.uv(index);

    const request = tool.requestTemplate;
    const direct = request === undefined || request.url === '';
    w.u8(direct ? 1 : 0);
    if (!direct) {
      w.str(request.method);
      template(tool, 'requestTemplate.url', request.url);
      const headers = (request.headers ?? []).filter((h) => h.key !== '');
      w.uv(headers.length);
      headers.forEach((header, index) => {
        w.str(header.key);
        template(tool, `requestTemplate.headers[${index}].value`, header.value);
      });
      if (request.body === undefined || request.body === '') w.u8(0);
      else {
        w.u8(1);
        template(tool, 'requestTemplate.body', request.body);
      }
      w.u8(
        request.argsToJsonBody ? 1 : request.argsToUrlParam ? 2 : request.argsToFormBody ? 3 : 0,
      );
      const security = request.security;
      const index = security ? schemeIndex.get(security.id) : undefined;
      if (security === undefined || index === undefined) w.u8(0);
      else {
        w.u8(1);
        w.uv(index);
        writeCredential(w, security.credential);
      }
    }

    const response = tool.responseTemplate;
    if (response?.body !== undefined && response.body !== '') {
      w.u8(1);
      template(tool, 'responseTemplate.body', response.body);
    } else if (response?.prependBody || response?.appendBody) {
      w.u8(2);
      w.str(response.prependBody ?? '');
      w.str(response.appendBody ?? '');
    } else w.u8(0);

    if (tool.errorResponseTemplate === undefined || tool.errorResponseTemplate === '') w.u8(0);
    else {
      w.u8(1);
      template(tool, 'errorResponseTemplate', tool.errorResponseTemplate);
    }
    w.u8(tool.outputSchema !== undefined && Object.keys(tool.outputSchema).length > 0 ? 1 : 0);
    const passthrough =
      tool.security?.passthrough === true ? schemeIndex.get(tool.security.id) : undefined;
    if (passthrough === undefined) w.u8(0);
    else {
      w.u8(1);
      w.uv(passthrough);
    }
  }
  return { bytes: w.finish(), problems };
}
