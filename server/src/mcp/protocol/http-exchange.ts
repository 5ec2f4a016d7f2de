import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { errorResponse, type RequestId } from './json-rpc.ts';
import { SseStream } from './sse-stream.ts';

/**
 * One HTTP request to an MCP endpoint and its response, as the handlers see it. The endpoint
 * runs on node:http directly rather than through Fastify's request pipeline: a tools/call is a
 * request of its own, and the pipeline (routing objects, hooks, reply serialization) was a
 * fifth of a proxied call's CPU. See http-routes.ts for what this layer takes over.
 */
export class McpExchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The server name from the path, percent-decoded. */
  readonly server: string;
  /** The raw query string without the `?`, or ''. */
  readonly query: string;
  /** The parsed JSON body of a POST (undefined for other methods). */
  body: unknown;
  /** The caller's valid `x-request-id`, or a new UUID; echoed in the response. */
  readonly requestId: string;
  readonly #logger: Logger;
  #log: Logger | undefined;

  constructor(
    req: IncomingMessage,
    res: ServerResponse,
    server: string,
    query: string,
    requestId: string,
    logger: Logger,
  ) {
    this.req = req;
    this.res = res;
    this.server = server;
    this.query = query;
    this.requestId = requestId;
    this.#logger = logger;
  }

  get headers(): IncomingHttpHeaders {
    return this.req.headers;
  }

  /** A logger whose lines carry the request id; made on first use (most calls never log). */
  get log(): Logger {
    return (this.#log ??= this.#logger.child({ reqId: this.requestId }));
  }

  /** A query parameter's first value. */
  queryParam(name: string): string | undefined {
    return this.query === '' ? undefined : (new URLSearchParams(this.query).get(name) ?? undefined);
  }
}

/**
 * Answers with a JSON body; `extra` adds response headers (the session id of initialize). The
 * headers go to writeHead as one flat array, Node's cheapest way to send them.
 */
export function sendJson(
  exchange: McpExchange,
  status: number,
  body: string,
  extra?: Record<string, string>,
): void {
  const headers = [
    'content-type',
    'application/json; charset=utf-8',
    'content-length',
    String(Buffer.byteLength(body)),
    'x-request-id',
    exchange.requestId,
  ];
  if (extra !== undefined) for (const name in extra) headers.push(name, extra[name]!);
  exchange.res.writeHead(status, headers);
  exchange.res.end(body);
}

export function sendError(
  exchange: McpExchange,
  status: number,
  code: number,
  message: string,
  id: RequestId | null = null,
  data?: unknown,
): void {
  sendJson(exchange, status, errorResponse(id, code, message, data));
}

/** Answers with no body (202 for notifications and responses, 200 for DELETE). */
export function sendEmpty(exchange: McpExchange, status: number): void {
  exchange.res.writeHead(status, ['content-length', '0', 'x-request-id', exchange.requestId]);
  exchange.res.end();
}

/** Starts an event-stream response (the request id and `extra` among its headers). */
export function openEventStream(exchange: McpExchange, extra?: Record<string, string>): SseStream {
  return new SseStream(exchange.res, { 'x-request-id': exchange.requestId, ...extra });
}
