import type { FastifyPluginAsync } from 'fastify';
import type { GatewayServices } from './services.ts';
import { httpInterfaceRoutes } from '../http-interfaces/interface-routes.ts';
import { openapiRoutes } from '../http-interfaces/openapi/openapi-routes.ts';
import { mcpServerRoutes } from '../mcp/servers/server-routes.ts';
import { templateRoutes } from '../mcp/templates/routes.ts';
import { mcpVersionRoutes } from '../mcp/versions/version-routes.ts';
import { metricsRoutes } from '../observability/metrics-routes.ts';

/**
 * Each module contributes one Fastify plugin with its routes, hooks and schemas, registered under
 * `/api/v1`. The plugin factory receives the shared services.
 */
export type AdminModule = (services: GatewayServices) => FastifyPluginAsync;

export const adminModules: AdminModule[] = [
  httpInterfaceRoutes,
  openapiRoutes,
  mcpServerRoutes,
  templateRoutes,
  mcpVersionRoutes,
  metricsRoutes,
];
