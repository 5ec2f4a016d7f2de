import {
  acceptance,
  flatHeaders,
  headerValue,
  inFlightKey,
  servedOr404,
  type EndpointContext,
} from './endpoint-context.ts';
import {
  openEventStream,
  sendEmpty,
  sendError,
  sendJson,
  type McpExchange,
} from './http-exchange.ts';
import {
  ErrorCode,
  JsonRpcFailure,
  notificationMessage,
  resultResponse,
  type IncomingMessage,
  type RequestId,
} from './json-rpc.ts';
import { dispatchRequest, type DispatchOutcome } from './method-dispatch.ts';
import {
  HANDSHAKE_PROTOCOL_VERSIONS,
  STATELESS_PROTOCOL_VERSIONS,
  negotiateHandshakeVersion,
} from './protocol-versions.ts';
import type { ServedServerMaterial } from './served-server-material.ts';
import type { SessionClaims } from './sessions.ts';
import { handleBatchPost } from './batch-requests.ts';
import { classifyPost } from './request-classification.ts';
import { checkStatelessRequest } from './stateless-requests.ts';
import { openSubscription } from './subscriptions.ts';

export const SESSION_HEADER = 'mcp-session-id';
export const TOOLS_LIST_CHANGED = notificationMessage('notifications/tools/list_changed');
const SESSION_NOT_FOUND = -32001;

function sendOutcome(
  exchange: McpExchange,
  outcome: DispatchOutcome,
  sse: boolean,
  extra?: Record<string, string>,
): void {
  if (!sse || outcome.status !== 200)
    return sendJson(exchange, outcome.status, outcome.body, extra);
  // The client takes only an event stream: the response is its one event, then the stream ends.
  const stream = openEventStream(exchange, extra);
  stream.send(outcome.body);
  stream.end();
}

/**
 * Aborts a call when its client goes away before the answer. Returns the function that marks
 * the call answered: a response's 'close' after that is the normal end, not a disconnect.
 */
export function abortOnDisconnect(exchange: McpExchange, controller: AbortController): () => void {
  let answered = false;
  // `on`, not `once`: the response emits 'close' once, and `once` costs a wrapper per request.
  exchange.res.on('close', () => {
    if (!answered) controller.abort(new Error('the client closed the request'));
  });
  return () => {
    answered = true;
  };
}

/** Looks up the session a request names; answers 400/404 itself and returns undefined when there is none. */
export function sessionOf(
  ctx: EndpointContext,
  exchange: McpExchange,
  id: RequestId | null,
): SessionClaims | undefined {
  const token = headerValue(exchange.headers, SESSION_HEADER);
  if (token === undefined) {
    sendError(
      exchange,
      400,
      ErrorCode.ServerError,
      'Bad Request: Mcp-Session-Id header is required',
      id,
    );
    return undefined;
  }
  const claims = ctx.tokens.verify(token);
  if (
    claims === undefined ||
    claims.server !== exchange.server ||
    ctx.revocations.isRevoked(claims.id)
  ) {
    sendError(
      exchange,
      404,
      SESSION_NOT_FOUND,
      'Session not found: it ended, expired or never existed; initialize a new one',
      id,
    );
    return undefined;
  }
  return claims;
}

export function unsupportedVersionHeader(exchange: McpExchange, id: RequestId | null): boolean {
  const version = headerValue(exchange.headers, 'mcp-protocol-version');
  if (version === undefined || HANDSHAKE_PROTOCOL_VERSIONS.includes(version)) return false;
  sendError(
    exchange,
    400,
    ErrorCode.InvalidRequest,
    `Bad Request: unsupported MCP-Protocol-Version "${version}" (supported: ${[...HANDSHAKE_PROTOCOL_VERSIONS, ...STATELESS_PROTOCOL_VERSIONS].join(', ')})`,
    id,
  );
  return true;
}

export function cancel(ctx: EndpointContext, sessionId: string, message: IncomingMessage) {
  const requestId = message.params?.requestId;
  if (typeof requestId !== 'string' && typeof requestId !== 'number') return;
  ctx.inFlight
    .get(inFlightKey(sessionId, requestId))
    ?.abort(new Error('the client cancelled the request'));
}

/** POST /mcp/{server}: one JSON-RPC message, of either era. */
export function handlePost(ctx: EndpointContext, exchange: McpExchange): void | Promise<void> {
  const headers = exchange.headers;
  const accepts = acceptance(headers.accept);
  if (!accepts.json && !accepts.sse) {
    return sendError(
      exchange,
      406,
      ErrorCode.ServerError,
      'Not Acceptable: the client must accept application/json or text/event-stream',
    );
  }
  const material = servedOr404(ctx, exchange);
  if (material === undefined) return;
  const protocolVersion = headerValue(headers, 'mcp-protocol-version');
  const sse = !accepts.json;
  let classification;
  try {
    classification = classifyPost(exchange.body, {
      protocolVersion,
      method: headerValue(headers, 'mcp-method'),
    });
    if (classification.era === 'stateless') {
      checkStatelessRequest(classification.message, classification.revision, {
        protocolVersion,
        method: headerValue(headers, 'mcp-method'),
        name: headerValue(headers, 'mcp-name'),
      });
    }
  } catch (error) {
    if (!(error instanceof JsonRpcFailure)) throw error;
    return sendError(
      exchange,
      error.httpStatus,
      error.code,
      error.message,
      idOfBody(exchange.body),
      error.data,
    );
  }
  if (classification.era === 'batch') {
    // classifyPost answers 'batch' only for an array body.
    return handleBatchPost(ctx, material, exchange.body as unknown[], exchange, sse);
  }
  if (classification.era === 'stateless') {
    const message = classification.message;
    if (message.id === undefined) return sendEmpty(exchange, 202);
    if (message.method === 'subscriptions/listen') {
      return openSubscription(
        ctx,
        exchange,
        message as IncomingMessage & { id: RequestId },
        accepts.sse,
      );
    }
    const controller = new AbortController();
    const answered = abortOnDisconnect(exchange, controller);
    const outcome = dispatchRequest(material, message as IncomingMessage & { id: RequestId }, {
      requestId: exchange.requestId,
      signal: controller.signal,
      clientHeaders: flatHeaders(headers),
      stateless: true,
      onToolFailure: (tool, err) => exchange.log.warn({ err, tool }, 'tool call failed'),
    });
    return sendWhenDone(exchange, outcome, answered, sse);
  }
  return handleSessionPost(ctx, material, classification.message, exchange, sse);
}

function idOfBody(body: unknown): RequestId | null {
  const id = (body as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

function handleSessionPost(
  ctx: EndpointContext,
  material: ServedServerMaterial,
  message: IncomingMessage | undefined,
  exchange: McpExchange,
  sse: boolean,
): void | Promise<void> {
  if (message?.method === 'initialize') {
    if (message.id === undefined) {
      return sendError(
        exchange,
        400,
        ErrorCode.InvalidRequest,
        'Invalid Request: initialize must be a request with an id',
      );
    }
    const version = negotiateHandshakeVersion(message.params?.protocolVersion);
    const { token } = ctx.tokens.issue(exchange.server, version);
    return sendOutcome(
      exchange,
      { status: 200, body: resultResponse(message.id, material.initializeResult(version)) },
      sse,
      { [SESSION_HEADER]: token },
    );
  }
  const id = message?.id ?? null;
  if (unsupportedVersionHeader(exchange, id)) return;
  const session = sessionOf(ctx, exchange, id);
  if (session === undefined) return;
  if (message === undefined) return sendEmpty(exchange, 202); // a response to nothing we asked
  if (message.id === undefined) {
    if (message.method === 'notifications/cancelled') cancel(ctx, session.id, message);
    return sendEmpty(exchange, 202);
  }
  const controller = new AbortController();
  const answered = abortOnDisconnect(exchange, controller);
  const outcome = dispatchSessionRequest(
    ctx,
    material,
    message as IncomingMessage & { id: RequestId },
    session.id,
    exchange,
    controller,
  );
  return sendWhenDone(exchange, outcome, answered, sse);
}

/** Sends the outcome once the call is done; `answered` first, so the response's close aborts nothing. */
function sendWhenDone(
  exchange: McpExchange,
  outcome: DispatchOutcome | Promise<DispatchOutcome>,
  answered: () => void,
  sse: boolean,
): void | Promise<void> {
  if (!(outcome instanceof Promise)) {
    answered();
    return sendOutcome(exchange, outcome, sse);
  }
  return outcome.then(
    (o) => {
      answered();
      sendOutcome(exchange, o, sse);
    },
    (error: unknown) => {
      answered();
      throw error;
    },
  );
}

/**
 * Dispatches one request of a session with `controller`'s signal (every transport of the
 * session era: single POSTs, batches, legacy SSE). A tools/call is registered in ctx.inFlight
 * while it runs, so that notifications/cancelled and DELETE find it, and unregistered when it
 * ends, whether it ended at once or later.
 */
export function dispatchSessionRequest(
  ctx: EndpointContext,
  material: ServedServerMaterial,
  message: IncomingMessage & { id: RequestId },
  sessionId: string,
  exchange: McpExchange,
  controller: AbortController,
  clientHeaders: Record<string, string> = flatHeaders(exchange.headers),
): DispatchOutcome | Promise<DispatchOutcome> {
  const key = message.method === 'tools/call' ? inFlightKey(sessionId, message.id) : undefined;
  if (key !== undefined) ctx.inFlight.set(key, controller);
  const outcome = dispatchRequest(material, message, {
    requestId: exchange.requestId,
    signal: controller.signal,
    clientHeaders,
    sessionId,
    stateless: false,
    onToolFailure: (tool, err) => exchange.log.warn({ err, tool }, 'tool call failed'),
  });
  if (key === undefined) return outcome;
  // A later request may reuse the id: only this call's own entry is removed.
  const release = () => {
    if (ctx.inFlight.get(key) === controller) ctx.inFlight.delete(key);
  };
  if (!(outcome instanceof Promise)) {
    release();
    return outcome;
  }
  return outcome.then(
    (o) => {
      release();
      return o;
    },
    (error: unknown) => {
      release();
      throw error;
    },
  );
}

/** GET /mcp/{server}: the session's standalone event stream (server-to-client notifications). */
export function handleGet(ctx: EndpointContext, exchange: McpExchange): void {
  const version = headerValue(exchange.headers, 'mcp-protocol-version');
  if (version !== undefined && STATELESS_PROTOCOL_VERSIONS.includes(version)) {
    exchange.res.setHeader('allow', 'POST');
    return sendError(
      exchange,
      405,
      ErrorCode.ServerError,
      'Method not allowed: 2026-07-28 requests are POSTs',
    );
  }
  if (!acceptance(exchange.headers.accept).sse) {
    return sendError(
      exchange,
      406,
      ErrorCode.ServerError,
      'Not Acceptable: the client must accept text/event-stream',
    );
  }
  if (servedOr404(ctx, exchange) === undefined) return;
  if (unsupportedVersionHeader(exchange, null)) return;
  const session = sessionOf(ctx, exchange, null);
  if (session === undefined) return;
  const stream = openEventStream(exchange);
  ctx.hub.add(exchange.server, stream, TOOLS_LIST_CHANGED, session.id);
}

/** DELETE /mcp/{server}: ends the session everywhere (the revocation outlives restarts). */
export async function handleDelete(ctx: EndpointContext, exchange: McpExchange): Promise<void> {
  if (servedOr404(ctx, exchange) === undefined) return;
  if (unsupportedVersionHeader(exchange, null)) return;
  const session = sessionOf(ctx, exchange, null);
  if (session === undefined) return;
  await ctx.revocations.revoke(session);
  endSessionHere(ctx, session.id);
  sendEmpty(exchange, 200);
}

/** Ends what this process holds of an ended session: its event streams and its calls in flight. */
export function endSessionHere(ctx: EndpointContext, sessionId: string): void {
  ctx.hub.endSession(sessionId);
  abortSessionCalls(ctx, sessionId, new Error('the session ended'));
}

/** Aborts the session's calls in flight in this process. */
export function abortSessionCalls(ctx: EndpointContext, sessionId: string, reason: Error): void {
  const prefix = `${sessionId}\u0000`;
  for (const [key, controller] of ctx.inFlight) {
    if (key.startsWith(prefix)) controller.abort(reason);
  }
}
