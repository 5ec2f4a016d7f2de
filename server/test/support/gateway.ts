import type { Settings } from '../../src/config/settings.ts';
import { createLogger, startGateway, type RunningGateway } from '../../src/gateway.ts';
import type { DialectKind } from '../../src/db/dialect.ts';
import { createTestDatabase, type TestDatabaseTarget } from './databases.ts';
import type { GatewayServices } from '../../src/app/services.ts';

export interface TestGateway extends RunningGateway {
  target: TestDatabaseTarget;
  /** fetch against the admin API: `api('/interfaces')` → `${adminUrl}/api/v1/interfaces`. */
  api(pathname: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** Closes the gateway and drops its database. */
  stop(): Promise<void>;
}

/** Starts a whole gateway on free ports over a fresh database of the given dialect. */
export async function startTestGateway(
  dialect: DialectKind,
  overrides: Partial<Settings> = {},
  /** Services to inject instead of the built ones, e.g. `{ toolCatalog }` for the MCP endpoint. */
  serviceOverrides: Partial<GatewayServices> = {},
): Promise<TestGateway> {
  const target = await createTestDatabase(dialect);
  const settings: Settings = {
    port: 0,
    host: '127.0.0.1',
    adminPort: 0,
    adminHost: '127.0.0.1',
    dataDir: target.dataDir,
    databaseUrl: target.databaseUrl,
    logLevel: process.env.MCPGW_TEST_LOG_LEVEL ?? 'silent',
    adminBodyLimit: 64 * 1024 * 1024,
    demo: false,
    ...overrides,
  };
  const gateway = await startGateway(settings, createLogger(settings.logLevel), serviceOverrides);
  return {
    ...gateway,
    target,
    api(pathname, init = {}) {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${gateway.adminUrl}/api/v1${pathname}`, {
        ...rest,
        headers,
        body: json !== undefined ? JSON.stringify(json) : rest.body,
      });
    },
    async stop() {
      await gateway.close();
      await target.dispose();
    },
  };
}
