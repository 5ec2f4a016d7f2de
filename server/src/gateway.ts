import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { Settings } from './config/settings.ts';
import { openDatabase } from './db/database.ts';
import { buildAdminApp } from './app/admin-app.ts';
import { buildDataPlaneApp } from './app/data-plane-app.ts';
import type { GatewayServices } from './app/services.ts';
import type { HealthChecks } from './app/fastify-options.ts';
import { createServices } from './app/create-services.ts';
import { seedDemo, type SeededDemo } from './demo/seed-demo.ts';

export interface RunningGateway {
  services: GatewayServices;
  admin: FastifyInstance;
  dataPlane: FastifyInstance;
  /** Base URLs of the bound listeners, e.g. http://127.0.0.1:8081. */
  adminUrl: string;
  dataPlaneUrl: string;
  /** The demo workspace, when started with --demo. */
  demo?: SeededDemo;
  /** Stops accepting, lets requests in flight finish, then closes the database. */
  close(): Promise<void>;
}

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-api-key"]',
        '*.secret',
        '*.password',
      ],
      censor: '[redacted]',
    },
  });
}

function urlOf(app: FastifyInstance): string {
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host === '0.0.0.0' ? '127.0.0.1' : host === '[::]' ? '[::1]' : host}:${address.port}`;
}

/** Opens the database, applies migrations, builds both listeners and binds them. */
export async function startGateway(
  settings: Settings,
  logger: Logger = createLogger(settings.logLevel),
  /** Services to use instead of the built ones (tests inject fixtures, e.g. a tool catalog). */
  serviceOverrides: Partial<GatewayServices> = {},
): Promise<RunningGateway> {
  const database = await openDatabase({
    dataDir: settings.dataDir,
    databaseUrl: settings.databaseUrl,
    logger,
  });
  logger.info({ database: database.description, dialect: database.dialect }, 'database ready');

  let closing = false;
  const health: HealthChecks = {
    async ready() {
      if (closing) throw new Error('shutting down');
      await database.ping();
    },
  };

  let services: GatewayServices;
  let admin: FastifyInstance | undefined;
  let dataPlane: FastifyInstance | undefined;
  try {
    services = { ...(await createServices({ settings, database, logger })), ...serviceOverrides };
    admin = await buildAdminApp(services, health);
    dataPlane = await buildDataPlaneApp(services, health);
    await dataPlane.listen({ port: settings.port, host: settings.host });
    await admin.listen({ port: settings.adminPort, host: settings.adminHost });
  } catch (error) {
    await dataPlane?.close();
    await admin?.close();
    await database.close();
    throw error;
  }

  const adminUrl = urlOf(admin);
  const dataPlaneUrl = urlOf(dataPlane);
  logger.info(
    {
      dataPlane: { host: settings.host, port: (dataPlane.server.address() as AddressInfo).port },
      admin: { host: settings.adminHost, port: (admin.server.address() as AddressInfo).port },
    },
    `gateway listening: data plane ${dataPlaneUrl}, admin API ${adminUrl}/api/v1`,
  );

  let demo: SeededDemo | undefined;
  if (settings.demo) {
    try {
      demo = await seedDemo(services);
    } catch (error) {
      await Promise.all([dataPlane.close(), admin.close()]);
      await services.close?.();
      await database.close();
      throw error;
    }
    logger.info(
      { mcpUrl: `${dataPlaneUrl}/mcp/${demo.serverName}`, sampleApi: demo.apiUrl },
      `demo: connect an MCP client to ${dataPlaneUrl}/mcp/${demo.serverName}`,
    );
  }

  const adminApp = admin;
  const dataPlaneApp = dataPlane;
  let closed: Promise<void> | undefined;
  return {
    services,
    admin: adminApp,
    dataPlane: dataPlaneApp,
    adminUrl,
    dataPlaneUrl,
    ...(demo !== undefined && { demo }),
    close() {
      closed ??= (async () => {
        closing = true;
        await Promise.all([dataPlaneApp.close(), adminApp.close()]);
        await demo?.close();
        await services.close?.();
        await database.close();
        logger.info('gateway stopped');
      })();
      return closed;
    },
  };
}
