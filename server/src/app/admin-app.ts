import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { GatewayServices } from './services.ts';
import { installErrorHandling } from './errors.ts';
import { installSchemaValidators } from './schema-validators.ts';
import {
  addHealthRoutes,
  addRequestIdHeader,
  commonServerOptions,
  type HealthChecks,
} from './fastify-options.ts';
import { adminModules } from './admin-modules.ts';
import { addPrometheusRoute } from '../observability/metrics-routes.ts';

export const API_PREFIX = '/api/v1';

/** The admin listener: the `/api/v1` resources of every module, their OpenAPI document, health. */
export async function buildAdminApp(
  services: GatewayServices,
  health: HealthChecks,
): Promise<FastifyInstance> {
  const app = Fastify(
    commonServerOptions(services.logger, services.settings.adminBodyLimit),
  ).withTypeProvider<TypeBoxTypeProvider>();
  installErrorHandling(app);
  installSchemaValidators(app);
  addRequestIdHeader(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'MCP Gateway admin API',
        version: '1',
        description: 'Manage HTTP interfaces, MCP servers and routes of the MCP Gateway.',
      },
    },
  });

  addHealthRoutes(app, health);
  addPrometheusRoute(app, services.metrics);

  await app.register(
    async (api) => {
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
      for (const module of adminModules) await api.register(module(services));
    },
    { prefix: API_PREFIX },
  );
  return app;
}
