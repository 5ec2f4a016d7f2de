import Fastify, { type FastifyInstance } from 'fastify';
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

/** The data-plane listener: MCP endpoints and proxied routes, plus health. */
export async function buildDataPlaneApp(
  services: GatewayServices,
  health: HealthChecks,
): Promise<FastifyInstance> {
  const app = Fastify({
    ...commonServerOptions(services.logger, DATA_PLANE_BODY_LIMIT),
    logController: new DataPlaneLogController(),
  });
  addRequestIdHeader(app);
  addHealthRoutes(app, health);
  await registerMcpEndpoint(app, services, DATA_PLANE_BODY_LIMIT);
  return app;
}
