import { randomUUID } from 'node:crypto';
import { servedOr404, type EndpointContext } from './endpoint-context.ts';
import { openEventStream, sendError, type McpExchange } from './http-exchange.ts';
import type { JsonRpcFailure } from './json-rpc.ts';
import {
  ErrorCode,
  errorResponse,
  readMessage,
  resultResponse,
  type IncomingMessage,
  type RequestId,
} from './json-rpc.ts';
import { materialFor } from './served-server-material.ts';
import { negotiateHandshakeVersion } from './protocol-versions.ts';
import type { SseStream } from './sse-stream.ts';
import {
  TOOLS_LIST_CHANGED,
  abortSessionCalls,
  cancel,
  dispatchSessionRequest,
} from './streamable-http.ts';

/**
 * The HTTP+SSE transport of revision 2024-11-05: the client keeps GET /mcp/{server}/sse open,
 * is told where to POST its messages, and every answer comes back on that stream. The stream
 * is the session, so it lives in the process that holds the stream.
 */
interface LegacySession {
  id: string;
  server: string;
  stream: SseStream;
}

export class LegacySseTransport {
  readonly #ctx: EndpointContext;
  readonly #sessions = new Map<string, LegacySession>();

  constructor(ctx: EndpointContext) {
    this.#ctx = ctx;
  }

  open(exchange: McpExchange): void {
    const server = exchange.server;
    if (servedOr404(this.#ctx, exchange) === undefined) return;
    const id = randomUUID();
    const stream = openEventStream(exchange);
    const session: LegacySession = { id, server, stream };
    this.#sessions.set(id, session);
    stream.onClose(() => {
      this.#sessions.delete(id);
      abortSessionCalls(this.#ctx, id, new Error('the client closed the event stream'));
    });
    this.#ctx.hub.add(server, stream, TOOLS_LIST_CHANGED, id);
    stream.send(`/mcp/${encodeURIComponent(server)}/messages?sessionId=${id}`, 'endpoint');
  }

  post(exchange: McpExchange): void {
    const sessionId = exchange.queryParam('sessionId');
    if (typeof sessionId !== 'string' || sessionId === '') {
      return sendError(
        exchange,
        400,
        ErrorCode.ServerError,
        'Bad Request: the sessionId query parameter is required',
      );
    }
    const session = this.#sessions.get(sessionId);
    if (session === undefined || session.server !== exchange.server) {
      return sendError(
        exchange,
        404,
        -32001,
        'Session not found: open a new event stream at /mcp/{server}/sse',
      );
    }
    let message: IncomingMessage | undefined;
    try {
      message = readMessage(exchange.body);
    } catch (error) {
      const failure = error as JsonRpcFailure;
      return sendError(exchange, failure.httpStatus, failure.code, failure.message);
    }
    const { res } = exchange;
    res.writeHead(202, [
      'content-type',
      'text/plain; charset=utf-8',
      'content-length',
      '8',
      'x-request-id',
      exchange.requestId,
    ]);
    res.end('Accepted');
    if (message === undefined) return;
    if (message.id === undefined) {
      if (message.method === 'notifications/cancelled') cancel(this.#ctx, session.id, message);
      return;
    }
    void this.#answer(session, message as IncomingMessage & { id: RequestId }, exchange);
  }

  async #answer(
    session: LegacySession,
    message: IncomingMessage & { id: RequestId },
    exchange: McpExchange,
  ) {
    const served = this.#ctx.catalog.get(session.server);
    if (served === undefined) {
      session.stream.send(
        errorResponse(
          message.id,
          ErrorCode.ServerError,
          `Unknown MCP server "${session.server}": no published server has this name`,
        ),
      );
      return;
    }
    const material = materialFor(served);
    if (message.method === 'initialize') {
      const version = negotiateHandshakeVersion(message.params?.protocolVersion);
      session.stream.send(resultResponse(message.id, material.initializeResult(version)));
      return;
    }
    // The stream's close aborts the session's calls (see open), not the POST's.
    const controller = new AbortController();
    try {
      const outcome = await dispatchSessionRequest(
        this.#ctx,
        material,
        message,
        session.id,
        exchange,
        controller,
      );
      session.stream.send(outcome.body);
    } catch (error) {
      exchange.log.error({ err: error }, 'MCP request failed');
      session.stream.send(errorResponse(message.id, ErrorCode.InternalError, 'Internal error'));
    }
  }
}
