import http from 'node:http';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { GatewayServices } from './services.ts';
import {
  addHealthRoutes,
  addRequestIdHeader,
  commonServerOptions,
  type HealthChecks,
} from './fastify-options.ts';
import { registerMcpEndpoint } from '../mcp/protocol/plugin.ts';
import { DataPlaneLogController } from './data-plane-logging.ts';

/** Largest request body the data plane takes (MCP messages are small). */
export const DATA_PLANE_BODY_LIMIT = 4 * 1024 * 1024;

/**
 * A listener that serves some requests on node:http before Fastify sees them; it returns
 * false for a request it leaves to Fastify's routes.
 */
export type FrontListener = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

/**
 * The data-plane listener: MCP endpoints and proxied routes, plus health. The MCP endpoints
 * are front listeners on the HTTP server (every tool call is a request, and Fastify's request
 * pipeline cost more than the endpoint's own work); health and unknown paths go to Fastify.
 */
export async function buildDataPlaneApp(
  services: GatewayServices,
  health: HealthChecks,
): Promise<FastifyInstance> {
  const front: FrontListener[] = [];
  const options = commonServerOptions(services.logger, DATA_PLANE_BODY_LIMIT);
  const app = Fastify({
    ...options,
    logController: new DataPlaneLogController(),
    serverFactory: (fastifyHandler, resolved: FastifyServerOptions) => {
      const server = http.createServer((req, res) => {
        for (const listener of front) if (listener(req, res)) return;
        fastifyHandler(req, res);
      });
      // What Fastify sets on a server it makes itself.
      if (resolved.keepAliveTimeout !== undefined)
        server.keepAliveTimeout = resolved.keepAliveTimeout;
      if (resolved.requestTimeout !== undefined) server.requestTimeout = resolved.requestTimeout;
      if (resolved.connectionTimeout !== undefined) server.setTimeout(resolved.connectionTimeout);
      return server;
    },
  });
  addRequestIdHeader(app);
  addHealthRoutes(app, health);
  await registerMcpEndpoint(app, services, DATA_PLANE_BODY_LIMIT, (listener) =>
    front.push(listener),
  );
  return app;
}
