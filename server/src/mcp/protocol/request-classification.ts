import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  LOG_LEVEL_META_KEY,
  PROTOCOL_VERSION_META_KEY,
} from '@modelcontextprotocol/server';
import { ErrorCode, JsonRpcFailure, readMessage, type IncomingMessage } from './json-rpc.ts';
import { STATELESS_PROTOCOL_VERSIONS } from './protocol-versions.ts';

/**
 * Which revision family a POSTed message belongs to. The rules are those of the SDK's
 * `classifyInboundRequest` (body first: a `_meta` protocol-version claim makes a 2026-07-28
 * request, `initialize` or no claim a 2025 one; the MCP-Protocol-Version and Mcp-Method headers
 * only cross-check), written without schema parsing because it runs on every request: the
 * SDK's version costs some 30 µs per call, more than the rest of the endpoint together.
 */
export type Classification =
  | { era: 'session'; message: IncomingMessage | undefined }
  | { era: 'stateless'; message: IncomingMessage; revision: string }
  | { era: 'batch' };

export interface ClassificationHeaders {
  protocolVersion: string | undefined;
  method: string | undefined;
}

const LOG_LEVELS = new Set([
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function metaOf(message: IncomingMessage): Record<string, unknown> | undefined {
  const meta = message.params?._meta;
  return isObject(meta) ? meta : undefined;
}

function isModern(version: string | undefined): boolean {
  return version !== undefined && version >= '2026-07-28';
}

/** The first problem of a 2026-07-28 `_meta` envelope, as `key: problem`, or undefined. */
export function envelopeProblem(meta: Record<string, unknown>): string | undefined {
  if (!(PROTOCOL_VERSION_META_KEY in meta)) return `${PROTOCOL_VERSION_META_KEY}: missing`;
  if (!(CLIENT_CAPABILITIES_META_KEY in meta)) return `${CLIENT_CAPABILITIES_META_KEY}: missing`;
  if (typeof meta[PROTOCOL_VERSION_META_KEY] !== 'string') {
    return `${PROTOCOL_VERSION_META_KEY}: expected a protocol version string`;
  }
  if (!isObject(meta[CLIENT_CAPABILITIES_META_KEY]))
    return `${CLIENT_CAPABILITIES_META_KEY}: expected an object`;
  const info = meta[CLIENT_INFO_META_KEY];
  if (
    info !== undefined &&
    !(isObject(info) && typeof info.name === 'string' && typeof info.version === 'string')
  ) {
    return `${CLIENT_INFO_META_KEY}: expected an object with string name and version`;
  }
  const level = meta[LOG_LEVEL_META_KEY];
  if (level !== undefined && !(typeof level === 'string' && LOG_LEVELS.has(level))) {
    return `${LOG_LEVEL_META_KEY}: expected one of ${[...LOG_LEVELS].join(', ')}`;
  }
  const progressToken = meta.progressToken;
  if (
    progressToken !== undefined &&
    typeof progressToken !== 'string' &&
    typeof progressToken !== 'number'
  ) {
    return 'progressToken: expected a string or a number';
  }
  return undefined;
}

function mismatch(header: string, body: string): JsonRpcFailure {
  return new JsonRpcFailure(
    ErrorCode.HeaderMismatch,
    `Bad Request: the request headers and body disagree: ${body}`,
    400,
    { mismatch: { header, body } },
  );
}

/** Classifies one POSTed body; throws a JsonRpcFailure for what no era accepts. */
export function classifyPost(body: unknown, headers: ClassificationHeaders): Classification {
  if (Array.isArray(body)) {
    if (body.length === 0) {
      throw new JsonRpcFailure(ErrorCode.InvalidRequest, 'Bad Request: empty JSON-RPC batch', 400);
    }
    for (const element of body) {
      const params = isObject(element) ? element.params : undefined;
      if (isObject(params) && isObject(params._meta) && PROTOCOL_VERSION_META_KEY in params._meta) {
        throw new JsonRpcFailure(
          ErrorCode.InvalidRequest,
          'Bad Request: JSON-RPC batches may not contain requests for protocol revision 2026-07-28 or later',
          400,
        );
      }
    }
    return { era: 'batch' };
  }
  const message = readMessage(body);
  if (message === undefined) return { era: 'session', message };
  const headerVersion = headers.protocolVersion?.trim();
  const headerMethod = headers.method?.trim();
  const meta = metaOf(message);
  const claimed = meta !== undefined && PROTOCOL_VERSION_META_KEY in meta;
  const isRequest = message.id !== undefined;

  if (isRequest && message.method === 'initialize') {
    const modernClaim =
      claimed &&
      envelopeProblem(meta) === undefined &&
      isModern(meta[PROTOCOL_VERSION_META_KEY] as string);
    if (!modernClaim) {
      if (isModern(headerVersion)) {
        throw mismatch(
          headerVersion as string,
          'an initialize request (legacy handshake) was sent with a modern MCP-Protocol-Version header',
        );
      }
      return { era: 'session', message };
    }
  }
  if (claimed) {
    const problem =
      isRequest || typeof meta[PROTOCOL_VERSION_META_KEY] !== 'string'
        ? envelopeProblem(meta)
        : undefined;
    if (problem !== undefined) {
      throw new JsonRpcFailure(
        ErrorCode.InvalidParams,
        `Invalid _meta envelope for protocol revision 2026-07-28: ${problem}`,
        400,
      );
    }
    const version = meta[PROTOCOL_VERSION_META_KEY] as string;
    if (headerVersion !== undefined && headerVersion !== version) {
      throw mismatch(
        headerVersion,
        `the body envelope names protocol version ${version} but the MCP-Protocol-Version header names ${headerVersion}`,
      );
    }
    if (!isModern(version)) return { era: 'session', message };
    if (headerMethod !== undefined && headerMethod !== message.method) {
      throw mismatch(
        headerMethod,
        `the body names method ${message.method} but the Mcp-Method header names ${headerMethod}`,
      );
    }
    return { era: 'stateless', message, revision: version };
  }
  if (isModern(headerVersion)) {
    if (!isRequest) {
      if (headerMethod !== undefined && headerMethod !== message.method) {
        throw mismatch(
          headerMethod,
          `the notification body names method ${message.method} but the Mcp-Method header names ${headerMethod}`,
        );
      }
      return { era: 'stateless', message, revision: headerVersion as string };
    }
    throw new JsonRpcFailure(
      ErrorCode.InvalidParams,
      `Invalid params: the MCP-Protocol-Version header names protocol revision ${headerVersion}, but the request is missing the required per-request _meta envelope (${PROTOCOL_VERSION_META_KEY}, ${CLIENT_CAPABILITIES_META_KEY})`,
      400,
    );
  }
  return { era: 'session', message };
}

/** Whether a revision is one this endpoint serves statelessly. */
export function servesStatelessRevision(revision: string): boolean {
  return STATELESS_PROTOCOL_VERSIONS.includes(revision);
}
