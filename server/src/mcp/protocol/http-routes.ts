import type { Logger } from 'pino';
import secureJson from 'secure-json-parse';
import type { FrontListener } from '../../app/data-plane-app.ts';
import { requestIdFrom } from '../../app/fastify-options.ts';
import { McpExchange, sendError } from './http-exchange.ts';
import { ErrorCode } from './json-rpc.ts';

/** What each MCP path and method runs; a handler may answer synchronously or with a promise. */
export interface McpRouteHandlers {
  post(exchange: McpExchange): unknown;
  get(exchange: McpExchange): unknown;
  delete(exchange: McpExchange): unknown;
  openLegacyStream(exchange: McpExchange): unknown;
  postLegacyMessage(exchange: McpExchange): unknown;
  /** Refuses a request before it is routed (Host/Origin checks); undefined lets it through. */
  refusal(exchange: McpExchange): string | undefined;
}

export interface McpRouteOptions {
  bodyLimit: number;
  logger: Logger;
  /** True once the listener is shutting down: new requests get 503, as Fastify's routes do. */
  closing(): boolean;
}

type Route = 'endpoint' | 'sse' | 'messages';

const ALLOWED: Record<Route, string> = {
  endpoint: 'GET, POST, DELETE',
  sse: 'GET',
  messages: 'POST',
};

/**
 * The routes `/mcp/{server}`, `/mcp/{server}/sse` and `/mcp/{server}/messages` on node:http.
 * Returns a request listener that answers those paths and returns false for every other path,
 * which the data plane's Fastify app then serves. What Fastify did for these routes is done
 * here: request ids (taken from a valid `x-request-id` or made, and echoed), the body limit
 * (413), JSON-only bodies (415), JSON parsing with prototype-poisoning refusal (400 parse error),
 * 503 while closing, error logging and a 500 for anything a handler throws.
 */
export function createMcpRequestListener(
  handlers: McpRouteHandlers,
  options: McpRouteOptions,
): FrontListener {
  const { bodyLimit, logger } = options;
  const debug = () => logger.isLevelEnabled('debug');

  const run = (exchange: McpExchange, handler: (exchange: McpExchange) => unknown) => {
    let outcome: unknown;
    try {
      outcome = handler(exchange);
    } catch (error) {
      failed(exchange, error);
      return;
    }
    if (outcome instanceof Promise) outcome.catch((error: unknown) => failed(exchange, error));
  };

  const dispatch = (exchange: McpExchange, route: Route, method: string) => {
    const refused = handlers.refusal(exchange);
    if (refused !== undefined) {
      return sendError(exchange, 403, ErrorCode.ServerError, `Forbidden: ${refused}`);
    }
    // Only browsers send Origin; the guard above has accepted this one.
    const origin = exchange.headers.origin;
    if (origin !== undefined) {
      allowCrossOrigin(exchange, origin);
      if (method === 'OPTIONS') return answerPreflight(exchange, ALLOWED[route]);
    }
    if (route === 'endpoint') {
      if (method === 'POST')
        return readBody(exchange, bodyLimit, () => run(exchange, handlers.post));
      if (method === 'GET') return run(exchange, handlers.get);
      if (method === 'DELETE') return run(exchange, handlers.delete);
    } else if (route === 'sse') {
      if (method === 'GET') return run(exchange, handlers.openLegacyStream);
    } else if (method === 'POST') {
      return readBody(exchange, bodyLimit, () => run(exchange, handlers.postLegacyMessage));
    }
    exchange.res.setHeader('allow', ALLOWED[route]);
    return sendError(
      exchange,
      405,
      ErrorCode.ServerError,
      `Method not allowed: ${exchange.req.url?.split('?')[0]} takes ${ALLOWED[route]}`,
    );
  };

  return (req, res) => {
    const url = req.url ?? '/';
    if (!url.startsWith('/mcp/')) return false;
    const match = matchMcpPath(url);
    if (match === undefined) return false;
    const requestId = requestIdFrom(req.headers['x-request-id']);
    let server: string | undefined = match.server;
    if (server.includes('%')) {
      try {
        server = decodeURIComponent(server);
      } catch {
        server = undefined;
      }
    }
    const exchange = new McpExchange(
      req,
      res,
      server ?? match.server,
      match.query,
      requestId,
      logger,
    );
    if (debug()) {
      const started = performance.now();
      exchange.log.debug({ req: { method: req.method, url } }, 'incoming request');
      res.once('finish', () =>
        exchange.log.debug(
          { res: { statusCode: res.statusCode }, responseTime: performance.now() - started },
          'request completed',
        ),
      );
    }
    if (server === undefined) {
      sendError(
        exchange,
        400,
        ErrorCode.InvalidRequest,
        `Bad Request: the server name in ${url.split('?')[0]} is not valid percent-encoding`,
      );
      return true;
    }
    if (options.closing()) {
      res.setHeader('connection', 'close');
      sendError(
        exchange,
        503,
        ErrorCode.ServerError,
        'Service Unavailable: the gateway is shutting down',
      );
      return true;
    }
    try {
      dispatch(exchange, match.route, req.method ?? 'GET');
    } catch (error) {
      failed(exchange, error);
    }
    return true;
  };

  function failed(exchange: McpExchange, error: unknown) {
    exchange.log.error({ err: error }, 'MCP request failed');
    if (exchange.res.headersSent) {
      exchange.res.destroy();
      return;
    }
    sendError(exchange, 500, ErrorCode.InternalError, 'Internal error');
  }
}

/** Response headers a browser client must be able to read (the session id above all). */
const EXPOSED_HEADERS = 'mcp-session-id, mcp-protocol-version, x-request-id';

/**
 * CORS for an allowed Origin: browser clients on another origin (another port of localhost
 * included) can read the answer and the session id. Origins the guard refuses never get here.
 */
function allowCrossOrigin(exchange: McpExchange, origin: string): void {
  const { res } = exchange;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
}

/** Answers a CORS preflight: the route's methods and the headers the browser asked to send. */
function answerPreflight(exchange: McpExchange, methods: string): void {
  const { req, res } = exchange;
  const requested = req.headers['access-control-request-headers'];
  res.writeHead(204, [
    'access-control-allow-methods',
    methods,
    'access-control-allow-headers',
    typeof requested === 'string' && requested !== ''
      ? requested
      : 'content-type, accept, authorization, mcp-session-id, mcp-protocol-version, mcp-method, mcp-name, last-event-id',
    'access-control-max-age',
    '600',
    'x-request-id',
    exchange.requestId,
  ]);
  res.end();
}

/** `/mcp/{server}`, `/mcp/{server}/sse`, `/mcp/{server}/messages`, with an optional query. */
function matchMcpPath(url: string): { server: string; route: Route; query: string } | undefined {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q + 1);
  const rest = path.slice(5); // after '/mcp/'
  const slash = rest.indexOf('/');
  if (slash === -1) return rest === '' ? undefined : { server: rest, route: 'endpoint', query };
  const server = rest.slice(0, slash);
  const tail = rest.slice(slash + 1);
  if (server === '') return undefined;
  if (tail === 'sse') return { server, route: 'sse', query };
  if (tail === 'messages') return { server, route: 'messages', query };
  return undefined;
}

/** Whether a Content-Type names JSON (`application/json`, any parameters, any case). */
function isJsonMediaType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  if (contentType === 'application/json') return true;
  const semicolon = contentType.indexOf(';');
  const type = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim();
  return type.toLowerCase() === 'application/json';
}

/**
 * JSON.parse that refuses `__proto__` and `constructor.prototype` keys (prototype poisoning),
 * as Fastify's parser does. Text that cannot hold such a key, even escaped, skips the scan.
 */
function parseJson(text: string): unknown {
  if (!text.includes('__proto__') && !text.includes('prototype') && !text.includes('\\u')) {
    return JSON.parse(text);
  }
  return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
}

/**
 * Reads a JSON request body into `exchange.body`, then runs `next`. Refuses a body over the
 * limit (413, before reading it when Content-Length tells), anything but JSON (415) and text
 * that is not JSON or tries prototype poisoning (400 parse error).
 */
function readBody(exchange: McpExchange, limit: number, next: () => void): void {
  const { req, res } = exchange;
  if (!isJsonMediaType(req.headers['content-type'])) {
    res.setHeader('connection', 'close');
    return sendError(
      exchange,
      415,
      ErrorCode.InvalidRequest,
      'Unsupported Media Type: the Content-Type must be application/json',
    );
  }
  const tooLarge = () => {
    // The rest of the body is never read: the connection closes after the answer.
    res.setHeader('connection', 'close');
    sendError(
      exchange,
      413,
      ErrorCode.InvalidRequest,
      `Payload Too Large: the request body exceeds the limit of ${limit} bytes`,
    );
  };
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on('data', (chunk: Buffer) => {
    if (refused) return;
    size += chunk.length;
    if (size > limit) {
      refused = true;
      chunks.length = 0;
      tooLarge();
      return;
    }
    chunks.push(chunk);
  });
  req.on('error', () => {
    refused = true;
  });
  req.on('end', () => {
    if (refused) return;
    const text =
      chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
    if (text.trim() === '') {
      return sendError(
        exchange,
        400,
        ErrorCode.ParseError,
        'Parse error: the request body is empty; it must be a JSON-RPC message',
      );
    }
    try {
      exchange.body = parseJson(text);
    } catch (error) {
      return sendError(
        exchange,
        400,
        ErrorCode.ParseError,
        `Parse error: ${(error as Error).message}`,
      );
    }
    next();
  });
}
