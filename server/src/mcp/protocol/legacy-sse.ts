import { randomUUID } from 'node:crypto';
import { flatHeaders, inFlightKey, servedOr404, type EndpointContext } from './endpoint-context.ts';
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
import { dispatchRequest } from './method-dispatch.ts';
import { negotiateHandshakeVersion } from './protocol-versions.ts';
import type { SseStream } from './sse-stream.ts';
import { TOOLS_LIST_CHANGED } from './streamable-http.ts';

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
      for (const [key, controller] of this.#ctx.inFlight) {
        if (key.startsWith(`${id}\u0000`))
          controller.abort(new Error('the client closed the event stream'));
      }
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
      if (message.method === 'notifications/cancelled') {
        const requestId = message.params?.requestId;
        if (typeof requestId === 'string' || typeof requestId === 'number') {
          this.#ctx.inFlight
            .get(inFlightKey(session.id, requestId))
            ?.abort(new Error('the client cancelled the request'));
        }
      }
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
    const controller = new AbortController();
    const key = inFlightKey(session.id, message.id);
    this.#ctx.inFlight.set(key, controller);
    try {
      const outcome = await dispatchRequest(material, message, {
        requestId: exchange.requestId,
        signal: controller.signal,
        clientHeaders: flatHeaders(exchange.headers),
        sessionId: session.id,
        stateless: false,
        onToolFailure: (tool, err) => exchange.log.warn({ err, tool }, 'tool call failed'),
      });
      session.stream.send(outcome.body);
    } catch (error) {
      exchange.log.error({ err: error }, 'MCP request failed');
      session.stream.send(errorResponse(message.id, ErrorCode.InternalError, 'Internal error'));
    } finally {
      this.#ctx.inFlight.delete(key);
    }
  }
}
