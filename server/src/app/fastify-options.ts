import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `x-request-id` when it is a sane one (used for log correlation), else a new UUID. */
export function requestIdFrom(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** Options both listeners share: the common logger and request ids taken from or given to callers. */
export function commonServerOptions(logger: Logger, bodyLimit: number): FastifyServerOptions {
  return {
    loggerInstance: logger,
    bodyLimit,
    requestIdHeader: false,
    genReqId: (request) => requestIdFrom(request.headers['x-request-id']),
    // Idle keep-alive sockets close at shutdown; requests in flight still finish.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    ajv: {
      customOptions: {
        removeAdditional: false,
        allErrors: true,
        coerceTypes: 'array',
        useDefaults: true,
      },
    },
  } as FastifyServerOptions;
}

/**
 * Echoes the request id so callers can find their request in the logs. A callback hook, not an
 * async one: Fastify runs it without a promise per response, which the data plane feels.
 */
export function addRequestIdHeader(app: FastifyInstance) {
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });
}

export interface HealthChecks {
  /** Throws when the gateway cannot serve, e.g. the database is unreachable. */
  ready(): Promise<void>;
}

/** `/healthz`: the process is up. `/readyz`: it can serve (database reachable, not shutting down). */
export function addHealthRoutes(app: FastifyInstance, checks: HealthChecks) {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    try {
      await checks.ready();
      return { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: error }, 'not ready');
      return reply.status(503).send({ status: 'unavailable', reason: (error as Error).message });
    }
  });
}
