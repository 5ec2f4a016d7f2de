import { flatHeaders, headerValue, inFlightKey, type EndpointContext } from './endpoint-context.ts';
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
  errorResponse,
  readMessage,
  type IncomingMessage,
  type RequestId,
} from './json-rpc.ts';
import { HANDSHAKE_PROTOCOL_VERSIONS, STATELESS_PROTOCOL_VERSIONS } from './protocol-versions.ts';
import type { ServedServerMaterial } from './served-server-material.ts';
import {
  abortOnDisconnect,
  cancel,
  dispatchSessionRequest,
  sessionOf,
  unsupportedVersionHeader,
} from './streamable-http.ts';

/**
 * The one revision whose Streamable HTTP transport takes JSON-RPC batches: a POST body may be an
 * array of messages and servers must accept it. 2025-06-18 removed batching again.
 */
export const BATCH_PROTOCOL_VERSION = '2025-03-26';

/**
 * The most messages one batch may hold. Every request of a batch runs at once, so an unbounded
 * batch would let one POST start thousands of upstream calls.
 */
export const MAX_BATCH_MESSAGES = 100;

/** The JSON of one response, ready at once or when its call ends. */
type Answer = string | Promise<string>;

function isInitialize(element: unknown): boolean {
  return (
    typeof element === 'object' &&
    element !== null &&
    (element as { method?: unknown }).method === 'initialize'
  );
}

/** The id an invalid element's error response echoes: null unless the element has a valid one (JSON-RPC 2.0). */
function validIdOf(element: unknown): RequestId | null {
  const id =
    typeof element === 'object' && element !== null ? (element as { id?: unknown }).id : undefined;
  return typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id)) ? id : null;
}

function noBatchesIn(revision: string, source: string): string {
  return (
    `Bad Request: JSON-RPC batches are not supported in protocol revision ${revision}, ` +
    `which ${source}: only ${BATCH_PROTOCOL_VERSION} has them (they were removed in 2025-06-18); ` +
    'send each message in a POST of its own'
  );
}

/**
 * POST /mcp/{server} whose body is a JSON-RPC batch, in the session era. Requests run
 * concurrently through the same dispatch as single messages, each cancellable on its own by
 * `notifications/cancelled`; a client that goes away aborts those still running.
 * Notifications and responses produce no output, and an invalid element gets its own error
 * response. The answer is 202 when nothing in the batch asked for one, else a JSON array of
 * the responses in the order of their requests, or, for a client that takes only an event
 * stream, one event per response as each is ready.
 */
export function handleBatchPost(
  ctx: EndpointContext,
  material: ServedServerMaterial,
  batch: readonly unknown[],
  exchange: McpExchange,
  sse: boolean,
): void | Promise<void> {
  if (batch.length === 0) {
    return sendError(
      exchange,
      400,
      ErrorCode.InvalidRequest,
      'Invalid Request: a JSON-RPC batch must hold at least one message',
    );
  }
  if (batch.length > MAX_BATCH_MESSAGES) {
    return sendError(
      exchange,
      400,
      ErrorCode.InvalidRequest,
      `Invalid Request: the batch holds ${batch.length} messages; at most ${MAX_BATCH_MESSAGES} are taken per POST`,
    );
  }
  // The lifecycle forbids it: nothing else of a session can happen before initialization, so
  // a batch holding initialize is refused whole rather than run in part.
  if (batch.some(isInitialize)) {
    return sendError(
      exchange,
      400,
      ErrorCode.InvalidRequest,
      'Invalid Request: initialize must not be part of a JSON-RPC batch; send it in a POST of its own',
    );
  }
  const headerVersion = headerValue(exchange.headers, 'mcp-protocol-version');
  if (
    headerVersion !== undefined &&
    headerVersion !== BATCH_PROTOCOL_VERSION &&
    (HANDSHAKE_PROTOCOL_VERSIONS.includes(headerVersion) ||
      STATELESS_PROTOCOL_VERSIONS.includes(headerVersion))
  ) {
    return sendError(
      exchange,
      400,
      ErrorCode.InvalidRequest,
      noBatchesIn(headerVersion, 'the MCP-Protocol-Version header names'),
    );
  }
  if (unsupportedVersionHeader(exchange, null)) return;
  const session = sessionOf(ctx, exchange, null);
  if (session === undefined) return;
  if (session.protocolVersion !== BATCH_PROTOCOL_VERSION) {
    return sendError(
      exchange,
      400,
      ErrorCode.InvalidRequest,
      noBatchesIn(session.protocolVersion, 'this session negotiated at initialize'),
    );
  }

  // One 'close' listener for the whole batch (one per call would trip the listener-leak
  // warning on large batches); it aborts the calls still running.
  const disconnect = new AbortController();
  const answered = abortOnDisconnect(exchange, disconnect);
  const running = new Set<AbortController>();
  disconnect.signal.addEventListener('abort', () => {
    for (const controller of running) controller.abort(disconnect.signal.reason);
  });
  const clientHeaders = flatHeaders(exchange.headers);

  const dispatch = (message: IncomingMessage & { id: RequestId }): Answer => {
    const controller = new AbortController();
    running.add(controller);
    const outcome = dispatchSessionRequest(
      ctx,
      material,
      message,
      session.id,
      exchange,
      controller,
      clientHeaders,
    );
    if (!(outcome instanceof Promise)) {
      running.delete(controller);
      return outcome.body;
    }
    return outcome.then(
      (o) => {
        running.delete(controller);
        return o.body;
      },
      (error: unknown) => {
        running.delete(controller);
        throw error;
      },
    );
  };

  const answers: Answer[] = [];
  const requestKeys = new Set<string>();
  batch.forEach((element, index) => {
    let message: IncomingMessage | undefined;
    try {
      message = readMessage(element);
    } catch (error) {
      if (!(error instanceof JsonRpcFailure)) throw error;
      answers.push(
        errorResponse(
          validIdOf(element),
          error.code,
          `${error.message} (batch element ${index})`,
          error.data,
        ),
      );
      return;
    }
    if (message === undefined) return; // a response to nothing we asked
    if (message.id === undefined) {
      if (message.method === 'notifications/cancelled') cancel(ctx, session.id, message);
      return;
    }
    // Responses are matched to requests by id, and cancellation finds calls by it.
    const key = inFlightKey(session.id, message.id);
    if (requestKeys.has(key)) {
      answers.push(
        errorResponse(
          message.id,
          ErrorCode.InvalidRequest,
          `Invalid Request: id ${JSON.stringify(message.id)} is already used by an earlier request of this batch (batch element ${index})`,
        ),
      );
      return;
    }
    requestKeys.add(key);
    answers.push(dispatch(message as IncomingMessage & { id: RequestId }));
  });

  if (answers.length === 0) {
    answered();
    return sendEmpty(exchange, 202);
  }
  const failed = (error: unknown): never => {
    answered();
    for (const controller of running)
      controller.abort(new Error('another request of the batch failed'));
    throw error;
  };
  if (sse) return streamAnswers(exchange, answers, answered, failed);
  if (answers.every((answer) => typeof answer === 'string')) {
    answered();
    return sendJson(exchange, 200, `[${answers.join(',')}]`);
  }
  return Promise.all(answers).then((bodies) => {
    answered();
    sendJson(exchange, 200, `[${bodies.join(',')}]`);
  }, failed);
}

/** Sends each response as its own event as soon as it is ready, then ends the stream. */
function streamAnswers(
  exchange: McpExchange,
  answers: Answer[],
  answered: () => void,
  failed: (error: unknown) => never,
): void | Promise<void> {
  const stream = openEventStream(exchange);
  const later: Promise<void>[] = [];
  for (const answer of answers) {
    if (typeof answer === 'string') stream.send(answer);
    else later.push(answer.then((body) => stream.send(body)));
  }
  if (later.length === 0) {
    answered();
    return stream.end();
  }
  return Promise.all(later).then(() => {
    answered();
    stream.end();
  }, failed);
}
