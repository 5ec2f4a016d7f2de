import type { InterfaceDefinition } from '../../../http-interfaces/interface-model.ts';
import type { SecurityScheme, Tool, ToolArg } from '../model.ts';
import { responseDescription } from './response-description.ts';
import { inlineSchema, isObject, primaryType } from './schema-inlining.ts';
import { toolNameFor, ToolNameAllocator } from './tool-naming.ts';

/**
 * From HTTP interfaces to MCP tools, one tool per interface, as Higress's openapi-to-mcpserver
 * converter does: parameters and the members of a JSON or form body become arguments with their
 * positions; the first 2xx response's schema becomes the output schema and a description of its
 * fields is put before the response; the first supported security requirement becomes the
 * tool's upstream security.
 */

export interface SourceInterface {
  id?: number;
  revision?: number;
  definition: InterfaceDefinition;
}

export interface MappedTools {
  tools: Tool[];
  /** The security schemes the tools refer to, for `server.securitySchemes`. */
  securitySchemes: SecurityScheme[];
  /** What could not be carried over, each naming the interface. */
  warnings: string[];
}

type JsonObject = Record<string, unknown>;

/** Body media types whose object members become arguments (the runtime can build them). */
function isJsonMediaType(type: string): boolean {
  const base = type.split(';')[0]!.trim().toLowerCase();
  return base === 'application/json' || base.endsWith('+json');
}
function isFormMediaType(type: string): boolean {
  return type.split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/** The schema keywords an argument carries over from a parameter or body member schema. */
function argFromSchema(name: string, schema: unknown, base: Partial<ToolArg>): ToolArg {
  const arg: ToolArg = { name };
  const description = base.description ?? (isObject(schema) ? schema.description : undefined);
  if (typeof description === 'string' && description !== '') arg.description = description;
  const type = primaryType(schema);
  if (type !== undefined) arg.type = type;
  if (base.required) arg.required = true;
  if (isObject(schema)) {
    if (schema.default !== undefined) arg.default = schema.default;
    if (Array.isArray(schema.enum)) arg.enum = schema.enum;
    if (isObject(schema.items)) arg.items = schema.items;
    if (isObject(schema.properties)) arg.properties = schema.properties;
  }
  if (base.position !== undefined) arg.position = base.position;
  return arg;
}

function describe(definition: InterfaceDefinition): string {
  const parts = [definition.summary, definition.description].filter(
    (p): p is string => typeof p === 'string' && p.trim() !== '',
  );
  return parts.length > 0 ? parts.join(' - ') : `${definition.method} ${definition.path}`;
}

function upstreamUrl(definition: InterfaceDefinition): string {
  const upstream = definition.upstream;
  // A pool upstream is resolved by the route module at call time; the URL stays relative.
  const base = upstream && 'url' in upstream ? upstream.url : undefined;
  if (base === undefined) return definition.path;
  return base.replace(/\/+$/, '') + definition.path;
}

/** Hints from HTTP method semantics (RFC 9110 safe and idempotent methods). */
function annotationsFor(method: string): Tool['annotations'] {
  switch (method) {
    case 'GET':
    case 'HEAD':
    case 'OPTIONS':
      return { readOnlyHint: true, openWorldHint: true };
    case 'PUT':
      return { readOnlyHint: false, idempotentHint: true, openWorldHint: true };
    case 'DELETE':
      return {
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: true,
        openWorldHint: true,
      };
    default:
      return { readOnlyHint: false, openWorldHint: true };
  }
}

function chooseMediaType(content: Record<string, unknown>, prefer: (t: string) => boolean) {
  const types = Object.keys(content);
  return types.find(prefer) ?? types[0];
}

/** The first 2xx response that has content, in status order (200 before 201 before 2XX). */
function successResponse(definition: InterfaceDefinition) {
  const statuses = Object.keys(definition.responses ?? {})
    .filter((s) => /^2(?:\d\d|XX)$/i.test(s))
    .sort();
  for (const status of statuses) {
    const response = definition.responses![status]!;
    if (response.content && Object.keys(response.content).length > 0) return response;
  }
  return undefined;
}

function mapSecurity(
  source: SourceInterface,
  label: string,
  schemes: Map<string, SecurityScheme>,
  warnings: string[],
): string | undefined {
  const requirements = source.definition.security ?? [];
  const declared = (source.definition.securitySchemes ?? {}) as Record<string, unknown>;
  const unsupported: string[] = [];
  for (const requirement of requirements) {
    for (const name of Object.keys(requirement)) {
      const scheme = declared[name];
      const mapped = isObject(scheme) ? toHigressScheme(name, scheme) : undefined;
      if (!mapped) {
        unsupported.push(name);
        continue;
      }
      const existing = schemes.get(name);
      if (existing && JSON.stringify(existing) !== JSON.stringify(mapped)) {
        warnings.push(
          `${label}: security scheme '${name}' differs from another interface's scheme of that name; the first one is used`,
        );
      } else if (!existing) schemes.set(name, mapped);
      return name;
    }
  }
  if (unsupported.length > 0) {
    warnings.push(
      `${label}: security scheme(s) ${unsupported.join(', ')} cannot be applied by the gateway (supported: http basic or bearer, apiKey in header or query)`,
    );
  }
  return undefined;
}

function toHigressScheme(id: string, scheme: JsonObject): SecurityScheme | undefined {
  const type = scheme.type;
  if (type === 'http') {
    const kind = typeof scheme.scheme === 'string' ? scheme.scheme.toLowerCase() : '';
    if (kind === 'basic' || kind === 'bearer') return { id, type: 'http', scheme: kind };
  }
  if (type === 'apiKey' && (scheme.in === 'header' || scheme.in === 'query')) {
    if (typeof scheme.name === 'string' && scheme.name !== '') {
      return { id, type: 'apiKey', in: scheme.in, name: scheme.name };
    }
  }
  return undefined;
}

function mapOne(
  source: SourceInterface,
  name: string,
  schemes: Map<string, SecurityScheme>,
  warnings: string[],
): Tool {
  const definition = source.definition;
  const components = definition.components?.schemas as Record<string, unknown> | undefined;
  const label = `interface ${source.id ?? definition.name} (${definition.method} ${definition.path})`;
  const args: ToolArg[] = [];

  for (const parameter of definition.parameters ?? []) {
    args.push(
      argFromSchema(parameter.name, inlineSchema(parameter.schema, components), {
        description: parameter.description,
        required: parameter.required === true || parameter.in === 'path',
        position: parameter.in,
      }),
    );
  }

  const tool: Tool = { name, description: describe(definition), args };
  const headers: Array<{ key: string; value: string }> = [];
  let body: string | undefined;
  const requestContent = definition.requestBody?.content ?? {};
  const bodyType = chooseMediaType(requestContent, (t) => isJsonMediaType(t) || isFormMediaType(t));
  if (bodyType !== undefined) {
    headers.push({ key: 'Content-Type', value: bodyType });
    const schema = inlineSchema(requestContent[bodyType]?.schema, components);
    const bodyRequired = definition.requestBody?.required === true;
    if (!isJsonMediaType(bodyType) && !isFormMediaType(bodyType)) {
      warnings.push(
        `${label}: a ${bodyType} request body cannot be built from arguments; the tool sends none`,
      );
    } else if (primaryType(schema) === 'object' && isObject(schema)) {
      const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
      for (const [member, memberSchema] of Object.entries(
        (schema.properties ?? {}) as Record<string, unknown>,
      )) {
        if (args.some((a) => a.name === member)) {
          warnings.push(
            `${label}: body member '${member}' has the name of a parameter; only the parameter became an argument`,
          );
          continue;
        }
        args.push(
          argFromSchema(member, memberSchema, { required: required.has(member), position: 'body' }),
        );
      }
    } else if (schema !== undefined) {
      // A body that is not an object (an array, a string) is one argument sent as the body.
      const argName = primaryType(schema) === 'array' ? 'items' : 'body';
      const description = definition.requestBody?.description;
      args.push(
        argFromSchema(argName, schema, {
          description: typeof description === 'string' ? description : undefined,
          required: bodyRequired,
          position: 'body',
        }),
      );
      body = `{{.args.${argName}}}`;
    }
  }

  tool.requestTemplate = { url: upstreamUrl(definition), method: definition.method };
  if (headers.length > 0) tool.requestTemplate.headers = headers;
  if (body !== undefined) tool.requestTemplate.body = body;
  const securityId = mapSecurity(source, label, schemes, warnings);
  if (securityId !== undefined) tool.requestTemplate.security = { id: securityId };

  tool.responseTemplate = {};
  const response = successResponse(definition);
  if (response?.content) {
    const contentType = chooseMediaType(
      response.content,
      (t) => isJsonMediaType(t) || t === '*/*',
    ) as string;
    const schema = inlineSchema(response.content[contentType]?.schema, components);
    const prepend = responseDescription(
      schema,
      contentType === '*/*' ? 'application/json' : contentType,
    );
    if (prepend !== undefined) tool.responseTemplate.prependBody = prepend;
    // MCP requires an output schema to describe an object.
    if (isObject(schema) && primaryType(schema) === 'object') {
      tool.outputSchema = {
        ...schema,
        ...(response.description ? { description: response.description } : {}),
      };
    }
  }
  tool.annotations = annotationsFor(definition.method);
  if (source.id !== undefined) {
    tool.source = { interfaceId: source.id };
    if (source.revision !== undefined) tool.source.interfaceRevision = source.revision;
  }
  return tool;
}

/** Maps interfaces, in the order given, to tools with unique names. */
export function interfacesToTools(sources: SourceInterface[]): MappedTools {
  const names = new ToolNameAllocator();
  const schemes = new Map<string, SecurityScheme>();
  const warnings: string[] = [];
  const tools = sources.map((source) => {
    const { method, path, operationId } = source.definition;
    return mapOne(
      source,
      names.allocate(toolNameFor(method, path, operationId)),
      schemes,
      warnings,
    );
  });
  return { tools, securitySchemes: [...schemes.values()], warnings };
}
