import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { GatewayServices } from '../app/services.ts';
import { validationFailed } from '../app/errors.ts';
import { RECENT_MINUTES } from './recent-window.ts';
import type { GatewayMetrics } from './gateway-metrics.ts';

const WINDOW_PATTERN = /^([1-9][0-9]*)(m|h)$/;

/** "5m" → 5, "1h" → 60; a clear 400 for anything else or beyond the kept hour. */
export function windowMinutes(window: string): number {
  const match = WINDOW_PATTERN.exec(window);
  const minutes = match ? Number(match[1]) * (match[2] === 'h' ? 60 : 1) : NaN;
  if (!(minutes >= 1 && minutes <= RECENT_MINUTES)) {
    throw validationFailed(
      `window must be a number of minutes or hours between 1m and ${RECENT_MINUTES}m (e.g. 5m, 1h), got "${window}"`,
      [{ in: 'query', path: '/window', message: `"${window}" is not a window of 1m to 60m` }],
    );
  }
  return minutes;
}

/** `GET /api/v1/metrics/summary?window=5m`: the console's recent figures. */
export function metricsRoutes(services: GatewayServices): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/metrics/summary',
      {
        schema: {
          tags: ['metrics'],
          summary: 'Tool calls, errors and latency percentiles over recent minutes',
          description:
            'Per server and tool: calls, errors, error rate and p50/p95/p99 latency (ms) over the last `window` (1m to 60m, default 5m), counted per minute; upstream requests by status; loaded versions. Percentiles come from log-spaced buckets and are within ±9% of the exact value.',
          querystring: Type.Object({ window: Type.Optional(Type.String()) }),
        },
      },
      async (request) => {
        const window = request.query.window ?? '5m';
        return services.metrics.summary(windowMinutes(window), window);
      },
    );
  };
}

/** `GET /metrics` on the admin listener: the Prometheus text exposition. */
export function addPrometheusRoute(app: FastifyInstance, metrics: GatewayMetrics): void {
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const text = await metrics.exposition();
    return reply.type(metrics.contentType).send(text);
  });
}
