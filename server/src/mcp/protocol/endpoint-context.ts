import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import { sendError, type McpExchange } from './http-exchange.ts';
import { ErrorCode, type RequestId } from './json-rpc.ts';
import { materialFor, type ServedServerMaterial } from './served-server-material.ts';
import type { SessionRevocations } from './session-revocations.ts';
import type { SessionTokens } from './sessions.ts';
import type { NotificationHub } from './sse-stream.ts';
import type { ToolCatalog } from './tool-catalog.ts';

/** What the MCP endpoint's handlers share. */
export interface EndpointContext {
  catalog: ToolCatalog;
  tokens: SessionTokens;
  revocations: SessionRevocations;
  hub: NotificationHub;
  logger: Logger;
  /** In-flight session-era calls by session and request id, for notifications/cancelled. */
  inFlight: Map<string, AbortController>;
}

export function inFlightKey(sessionId: string, id: RequestId): string {
  return `${sessionId}\u0000${typeof id}:${id}`;
}

/**
 * The request headers as single strings (repeated headers joined), as tools receive them.
 * Node joins repeated headers itself except a few (set-cookie): most requests have no array
 * value, and their headers object is used as it is (nothing downstream writes to it).
 */
export function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  for (const name in headers) {
    if (typeof headers[name] !== 'string') return joinedHeaders(headers);
  }
  return headers as Record<string, string>;
}

function joinedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) out[name] = typeof value === 'string' ? value : value.join(', ');
  }
  return out;
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The material of the named server's active version, or a 404 naming the unknown server. */
export function servedOr404(
  ctx: EndpointContext,
  exchange: McpExchange,
): ServedServerMaterial | undefined {
  const serverName = exchange.server;
  const served = ctx.catalog.get(serverName);
  if (served === undefined) {
    sendError(
      exchange,
      404,
      ErrorCode.ServerError,
      `Unknown MCP server "${serverName}": no published server has this name`,
    );
    return undefined;
  }
  return materialFor(served);
}

/** Whether an Accept header admits a JSON response / an event stream. */
const BOTH = { json: true, sse: true } as const;

export function acceptance(accept: string | undefined): { json: boolean; sse: boolean } {
  // What the SDKs send, first: no scanning for them.
  if (accept === undefined || accept === 'application/json, text/event-stream') return BOTH;
  if (accept === '' || accept.includes('*/*')) return BOTH;
  return {
    json: accept.includes('application/json') || accept.includes('application/*'),
    sse: accept.includes('text/event-stream') || accept.includes('text/*'),
  };
}
