import { Document, Scalar, visit } from 'yaml';
import type { ServerDefinition, Tool } from '../model.ts';

/**
 * A definition as a Higress REST-to-MCP configuration. Keys come in a fixed order (Higress's
 * own: `server`, `tools`, `allowTools`; within each, the order its documentation uses) so that
 * the same definition always gives the same text. Secrets are written as their references
 * `${secret:KEY}` (the definition never holds a value). A tool's `source` is left out: interface
 * ids mean something only in this gateway.
 */

export type ExportFormat = 'yaml' | 'json';

type JsonObject = Record<string, unknown>;

/** Copies the listed keys that are present, in the listed order, then any others in theirs. */
function ordered(value: object, keys: readonly string[], skip: readonly string[] = []): JsonObject {
  const source = value as JsonObject;
  const result: JsonObject = {};
  for (const key of keys) if (source[key] !== undefined) result[key] = source[key];
  for (const [key, member] of Object.entries(source)) {
    if (!keys.includes(key) && !skip.includes(key) && member !== undefined) result[key] = member;
  }
  return result;
}

const SERVER_KEYS = ['name', 'title', 'description', 'config', 'securitySchemes'] as const;
const SCHEME_KEYS = ['id', 'type', 'scheme', 'in', 'name', 'defaultCredential'] as const;
const TOOL_KEYS = [
  'name',
  'title',
  'description',
  'args',
  'requestTemplate',
  'responseTemplate',
  'errorResponseTemplate',
  'outputSchema',
  'annotations',
  'security',
] as const;
const ARG_KEYS = [
  'name',
  'description',
  'type',
  'required',
  'default',
  'enum',
  'items',
  'properties',
  'position',
] as const;
const REQUEST_KEYS = [
  'url',
  'method',
  'headers',
  'body',
  'argsToJsonBody',
  'argsToUrlParam',
  'argsToFormBody',
  'security',
] as const;
const RESPONSE_KEYS = ['body', 'prependBody', 'appendBody'] as const;

function exportTool(tool: Tool): JsonObject {
  const result = ordered(tool, TOOL_KEYS, ['source']);
  if (tool.args) result.args = tool.args.map((arg) => ordered(arg, ARG_KEYS));
  if (tool.requestTemplate) {
    const request = ordered(tool.requestTemplate, REQUEST_KEYS);
    if (tool.requestTemplate.headers) {
      request.headers = tool.requestTemplate.headers.map((h) => ordered(h, ['key', 'value']));
    }
    if (tool.requestTemplate.security) {
      request.security = ordered(tool.requestTemplate.security, ['id', 'credential']);
    }
    result.requestTemplate = request;
  }
  if (tool.responseTemplate)
    result.responseTemplate = ordered(tool.responseTemplate, RESPONSE_KEYS);
  if (tool.security) result.security = ordered(tool.security, ['id', 'passthrough']);
  return result;
}

/** The configuration as a plain object in export order. */
export function toHigressConfig(definition: ServerDefinition): JsonObject {
  const server = ordered(definition.server, SERVER_KEYS);
  if (definition.server.securitySchemes) {
    server.securitySchemes = definition.server.securitySchemes.map((s) => ordered(s, SCHEME_KEYS));
  }
  const config: JsonObject = { server, tools: (definition.tools ?? []).map(exportTool) };
  if (definition.allowTools !== undefined) config.allowTools = definition.allowTools;
  return config;
}

export function exportDefinition(definition: ServerDefinition, format: ExportFormat): string {
  const config = toHigressConfig(definition);
  if (format === 'json') return JSON.stringify(config, null, 2) + '\n';
  const document = new Document(config, { aliasDuplicateObjects: false });
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && hasBlankIndentedLine(node.value)) {
        node.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  // No line folding: long template lines stay on one line, as their authors wrote them.
  return document.toString({ lineWidth: 0 });
}

/**
 * A line of only spaces or tabs cannot survive a YAML block scalar (readers take it as
 * indentation and drop it), so such text is written double-quoted instead.
 */
function hasBlankIndentedLine(text: string): boolean {
  return (
    text.includes('\n') && text.split('\n').some((line) => line.length > 0 && line.trim() === '')
  );
}
