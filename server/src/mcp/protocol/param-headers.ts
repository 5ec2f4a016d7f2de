import type { IncomingHttpHeaders } from 'node:http';
import { ErrorCode, JsonRpcFailure } from './json-rpc.ts';

/**
 * 2026-07-28 custom request headers (SEP-2243): a tool may mark primitive arguments with
 * `x-mcp-header: Name`, and the client then repeats their values in `Mcp-Param-Name` headers
 * so that proxies can route on them. The server checks that the headers match the body.
 */
export interface ParamHeaderDeclaration {
  /** Property names from the schema root down to the marked property. */
  path: string[];
  /** Lower-case `mcp-param-…` header name as Node presents it. */
  header: string;
  /** The header name as declared, for messages. */
  displayName: string;
  type: string;
}

export interface ParamHeaderScan {
  declarations: ParamHeaderDeclaration[];
  /** Why the tool's declarations are invalid, when they are. */
  invalid?: string;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_TYPES = new Set(['string', 'integer', 'boolean']);
// Positions outside the chain of `properties` keys, where the annotation is not allowed.
const UNREACHABLE = [
  'items',
  'prefixItems',
  'contains',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'propertyNames',
  'patternProperties',
  'dependentSchemas',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
  'if',
  'then',
  'else',
  '$defs',
  'definitions',
];
const NAMED_SUBSCHEMAS = new Set(['patternProperties', 'dependentSchemas', '$defs', 'definitions']);

function where(path: string[]): string {
  return path.length === 0 ? '<root>' : path.join('.');
}

/** Collects a tool's `x-mcp-header` declarations and checks the rules the spec puts on them. */
export function scanParamHeaders(inputSchema: object): ParamHeaderScan {
  const declarations: ParamHeaderDeclaration[] = [];
  const seen = new Map<string, string>();
  const visit = (node: unknown, path: string[], reachable: boolean): string | undefined => {
    if (node === null || typeof node !== 'object') return undefined;
    const schema = node as Record<string, unknown>;
    if ('x-mcp-header' in schema) {
      const name = schema['x-mcp-header'];
      if (!reachable || path.length === 0) {
        return `${where(path)}: x-mcp-header is only allowed on properties reached through "properties" alone`;
      }
      if (typeof name !== 'string' || !TOKEN.test(name)) {
        return `${where(path)}: x-mcp-header must be a non-empty HTTP token`;
      }
      const type = typeof schema.type === 'string' ? schema.type : '<none>';
      if (!HEADER_TYPES.has(type)) {
        return `${where(path)}: x-mcp-header is only allowed on string, integer or boolean properties, not ${type}`;
      }
      const prior = seen.get(name.toLowerCase());
      if (prior !== undefined)
        return `x-mcp-header "${name}" is declared twice (also as "${prior}")`;
      seen.set(name.toLowerCase(), name);
      declarations.push({
        path,
        header: `mcp-param-${name.toLowerCase()}`,
        displayName: `Mcp-Param-${name}`,
        type,
      });
    }
    const properties = schema.properties;
    if (properties !== null && typeof properties === 'object') {
      for (const [key, child] of Object.entries(properties)) {
        const fault = visit(child, [...path, key], reachable);
        if (fault !== undefined) return fault;
      }
    }
    for (const keyword of UNREACHABLE) {
      const sub = schema[keyword];
      if (sub === undefined || sub === null || typeof sub !== 'object') continue;
      const branches = Array.isArray(sub)
        ? sub
        : NAMED_SUBSCHEMAS.has(keyword)
          ? Object.values(sub)
          : [sub];
      for (const branch of branches) {
        const fault = visit(branch, [...path, `<${keyword}>`], false);
        if (fault !== undefined) return fault;
      }
    }
    return undefined;
  };
  const invalid = visit(inputSchema, [], true);
  return invalid === undefined ? { declarations } : { declarations: [], invalid };
}

const SENTINEL_PREFIX = '=?base64?';
const SENTINEL_SUFFIX = '?=';
const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A header value, Base64-decoded when it carries the `=?base64?…?=` sentinel; undefined when that is malformed. */
export function decodeParamValue(value: string): string | undefined {
  if (!(value.startsWith(SENTINEL_PREFIX) && value.endsWith(SENTINEL_SUFFIX))) return value;
  const encoded = value.slice(SENTINEL_PREFIX.length, value.length - SENTINEL_SUFFIX.length);
  if (!CANONICAL_BASE64.test(encoded)) return undefined;
  try {
    return utf8.decode(Buffer.from(encoded, 'base64'));
  } catch {
    return undefined;
  }
}

function asHeaderString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!Number.isInteger(value) || Number.isSafeInteger(value))
  ) {
    return String(value);
  }
  return undefined;
}

function mismatch(header: string, body: string): JsonRpcFailure {
  return new JsonRpcFailure(
    ErrorCode.HeaderMismatch,
    `Bad Request: the request headers and body disagree: ${body}`,
    400,
    {
      mismatch: { header, body },
    },
  );
}

/** Checks each declared argument present in the body against its Mcp-Param header. */
export function checkParamHeaders(
  declarations: readonly ParamHeaderDeclaration[],
  args: Record<string, unknown>,
  headers: IncomingHttpHeaders,
): JsonRpcFailure | undefined {
  for (const declaration of declarations) {
    let value: unknown = args;
    for (const key of declaration.path) {
      value =
        value !== null && typeof value === 'object'
          ? (value as Record<string, unknown>)[key]
          : undefined;
    }
    const expected = asHeaderString(value);
    if (expected === undefined) continue;
    const raw = headers[declaration.header];
    const given = Array.isArray(raw) ? raw.join(', ') : raw;
    const at = declaration.path.join('.');
    if (given === undefined) {
      return mismatch(
        declaration.displayName,
        `the body carries ${at}=${JSON.stringify(value)} but the ${declaration.displayName} header is absent`,
      );
    }
    const decoded = decodeParamValue(given.trim());
    if (decoded === undefined) {
      return mismatch(
        declaration.displayName,
        `the ${declaration.displayName} header carries an invalid Base64 sentinel value`,
      );
    }
    const equal =
      (declaration.type === 'integer' || declaration.type === 'number') &&
      typeof value === 'number' &&
      DECIMAL.test(decoded)
        ? Number(decoded) === value
        : decoded === expected;
    if (!equal) {
      return mismatch(
        declaration.displayName,
        `the ${declaration.displayName} header decodes to ${JSON.stringify(decoded)} but the body carries ${at}=${JSON.stringify(value)}`,
      );
    }
  }
  return undefined;
}
