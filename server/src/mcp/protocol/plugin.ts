import type { FastifyInstance } from 'fastify';
import type { FrontListener } from '../../app/data-plane-app.ts';
import type { Kysely } from 'kysely';
import type { GatewayServices } from '../../app/services.ts';
import type { EndpointContext } from './endpoint-context.ts';
import { createMcpRequestListener } from './http-routes.ts';
import { LegacySseTransport } from './legacy-sse.ts';
import { createOriginGuard, defaultAllowedHosts } from './origin-validation.ts';
import type { McpSessionTables } from './session-revocation-tables.ts';
import { SessionRevocations } from './session-revocations.ts';
import { loadSessionSecret } from './session-secret.ts';
import { SessionTokens } from './sessions.ts';
import { NotificationHub } from './sse-stream.ts';
import { endSessionHere, handleDelete, handleGet, handlePost } from './streamable-http.ts';

/**
 * The MCP endpoints on the data plane: `/mcp/{server}` (Streamable HTTP, every revision) and
 * `/mcp/{server}/sse` with `/mcp/{server}/messages` (HTTP+SSE of 2024-11-05). They are served
 * on node:http by a front listener (http-routes.ts); the Fastify app owns their life cycle.
 */
export async function registerMcpEndpoint(
  app: FastifyInstance,
  services: GatewayServices,
  bodyLimit: number,
  mount: (listener: FrontListener) => void,
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
  revocations.onEndedElsewhere = (sessionId) => endSessionHere(ctx, sessionId);
  const legacy = new LegacySseTransport(ctx);
  const refusal = createOriginGuard({
    allowedHosts: settings.allowedHosts ?? defaultAllowedHosts(settings.host),
    allowedOrigins: settings.allowedOrigins ?? [],
  });
  const unsubscribe = ctx.catalog.onChange((serverName) => ctx.hub.toolsChanged(serverName));
  let closing = false;

  mount(
    createMcpRequestListener(
      {
        post: (exchange) => handlePost(ctx, exchange),
        get: (exchange) => handleGet(ctx, exchange),
        delete: (exchange) => handleDelete(ctx, exchange),
        openLegacyStream: (exchange) => legacy.open(exchange),
        postLegacyMessage: (exchange) => legacy.post(exchange),
        refusal: (exchange) => refusal(exchange.headers.host, exchange.headers.origin),
      },
      { bodyLimit, logger, closing: () => closing },
    ),
  );

  // Open event streams would keep the listener from closing.
  app.addHook('preClose', (done) => {
    closing = true;
    ctx.hub.endAll();
    done();
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    await revocations.close();
  });
}
