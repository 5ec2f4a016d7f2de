import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { GatewayServices } from '../../app/services.ts';
import type { EndpointContext } from './endpoint-context.ts';
import { sendError } from './endpoint-context.ts';
import { ErrorCode } from './json-rpc.ts';
import { LegacySseTransport } from './legacy-sse.ts';
import { createOriginGuard, defaultAllowedHosts } from './origin-validation.ts';
import type { McpSessionTables } from './session-revocation-tables.ts';
import { SessionRevocations } from './session-revocations.ts';
import { loadSessionSecret } from './session-secret.ts';
import { SessionTokens } from './sessions.ts';
import { NotificationHub } from './sse-stream.ts';
import { handleDelete, handleGet, handlePost } from './streamable-http.ts';

type ServerParams = { Params: { server: string } };

/** Maps what Fastify refuses before a handler runs (size, media type, JSON syntax) to JSON-RPC errors. */
function protocolErrorHandler(bodyLimit: number) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) {
      return sendError(
        reply,
        413,
        ErrorCode.InvalidRequest,
        `Payload Too Large: the request body exceeds the limit of ${bodyLimit} bytes`,
      );
    }
    if (status === 415) {
      return sendError(
        reply,
        415,
        ErrorCode.InvalidRequest,
        'Unsupported Media Type: the Content-Type must be application/json',
      );
    }
    if (status === 400 && (error instanceof SyntaxError || error.code?.startsWith('FST_ERR_CTP'))) {
      return sendError(reply, 400, ErrorCode.ParseError, `Parse error: ${error.message}`);
    }
    if (status < 500) return sendError(reply, status, ErrorCode.InvalidRequest, error.message);
    request.log.error({ err: error }, 'MCP request failed');
    return sendError(reply, 500, ErrorCode.InternalError, 'Internal error');
  };
}

/**
 * The MCP endpoints on the data plane: `/mcp/{server}` (Streamable HTTP, every revision) and
 * `/mcp/{server}/sse` with `/mcp/{server}/messages` (HTTP+SSE of 2024-11-05).
 */
export async function registerMcpEndpoint(
  app: FastifyInstance,
  services: GatewayServices,
  bodyLimit: number,
) {
  const { settings, logger } = services;
  const revocations = new SessionRevocations(
    services.database.db as unknown as Kysely<McpSessionTables>,
    logger,
  );
  await revocations.start();
  const ctx: EndpointContext = {
    catalog: services.toolCatalog,
    tokens: new SessionTokens(loadSessionSecret(settings.sessionSecret, settings.dataDir)),
    revocations,
    hub: new NotificationHub(),
    logger,
    inFlight: new Map(),
  };
  const legacy = new LegacySseTransport(ctx);
  const refusal = createOriginGuard({
    allowedHosts: settings.allowedHosts ?? defaultAllowedHosts(settings.host),
    allowedOrigins: settings.allowedOrigins ?? [],
  });
  const unsubscribe = ctx.catalog.onChange((serverName) => ctx.hub.toolsChanged(serverName));

  // Checked at the top of each handler rather than in an onRequest hook: the hook machinery
  // costs more per request than the check itself.
  const guarded =
    <R extends FastifyRequest>(handler: (request: R, reply: FastifyReply) => unknown) =>
    (request: R, reply: FastifyReply): unknown => {
      const refused = refusal(request.headers.host, request.headers.origin);
      if (refused === undefined) return handler(request, reply);
      return sendError(reply, 403, ErrorCode.ServerError, `Forbidden: ${refused}`);
    };

  await app.register(async (mcp) => {
    mcp.setErrorHandler(protocolErrorHandler(bodyLimit));
    // MCP messages are JSON only: anything else is refused with 415 before a handler runs.
    mcp.removeContentTypeParser('text/plain');
    mcp.post<ServerParams>(
      '/mcp/:server',
      guarded((request, reply) => handlePost(ctx, request, reply)),
    );
    mcp.get<ServerParams>(
      '/mcp/:server',
      guarded((request, reply) => handleGet(ctx, request, reply)),
    );
    mcp.delete<ServerParams>(
      '/mcp/:server',
      guarded((request, reply) => handleDelete(ctx, request, reply)),
    );
    mcp.get<ServerParams>(
      '/mcp/:server/sse',
      guarded((request, reply) => legacy.open(request, reply)),
    );
    mcp.post<ServerParams & { Querystring: { sessionId?: string } }>(
      '/mcp/:server/messages',
      guarded((request, reply) => legacy.post(request, reply)),
    );
  });

  // Open event streams would keep the listener from closing.
  app.addHook('preClose', (done) => {
    ctx.hub.endAll();
    done();
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    await revocations.close();
  });
}
