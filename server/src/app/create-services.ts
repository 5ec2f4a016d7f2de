import type { Logger } from 'pino';
import type { Settings } from '../config/settings.ts';
import type { Database } from '../db/database.ts';
import type { GatewayServices } from './services.ts';
import { HttpInterfaceService } from '../http-interfaces/interface-service.ts';
import { ServerRuntimeManager } from '../mcp/runtime/server-runtime-manager.ts';
import { createUndiciPerformer } from '../mcp/runtime/upstream-performer.ts';
import { McpVersionService } from '../mcp/versions/version-service.ts';
import { McpServerService } from '../mcp/servers/server-service.ts';
import { DEFAULT_RUNTIME_SYNC_INTERVAL_MS } from '../config/settings.ts';
import { GatewayMetrics } from '../observability/gateway-metrics.ts';
import { instrumentCatalog } from '../observability/instrumented-catalog.ts';
import { instrumentPerformer } from '../observability/instrumented-performer.ts';

/** Builds every module's service over the shared database. */
export async function createServices(base: {
  settings: Settings;
  database: Database;
  logger: Logger;
}): Promise<GatewayServices> {
  const httpInterfaces = new HttpInterfaceService(base.database);
  const mcpServers = new McpServerService(base.database, { interfaces: httpInterfaces });
  const { settings } = base;
  const metrics = new GatewayMetrics();
  const undiciPerformer = createUndiciPerformer({
    ...(settings.upstreamConnectTimeoutMs !== undefined && {
      connectTimeoutMs: settings.upstreamConnectTimeoutMs,
    }),
    ...(settings.upstreamTimeoutMs !== undefined && {
      responseTimeoutMs: settings.upstreamTimeoutMs,
    }),
    ...(settings.upstreamMaxResponseBytes !== undefined && {
      maxResponseBytes: settings.upstreamMaxResponseBytes,
    }),
  });
  const performer = instrumentPerformer(undiciPerformer, metrics);
  // The data plane serves what the runtime has loaded: the active version of each server.
  const mcpRuntime = new ServerRuntimeManager({ performer, logger: base.logger });
  metrics.watchLoadedVersions(mcpRuntime);
  const mcpVersions = new McpVersionService(base.database, mcpServers, mcpRuntime, base.logger);
  await mcpVersions.sync();
  mcpVersions.startPolling(settings.runtimeSyncIntervalMs ?? DEFAULT_RUNTIME_SYNC_INTERVAL_MS);
  return {
    ...base,
    httpInterfaces,
    mcpServers,
    mcpVersions,
    mcpRuntime,
    // Tool calls are counted around the runtime's catalog (observability/instrumented-catalog.ts).
    toolCatalog: instrumentCatalog(mcpRuntime, metrics, mcpRuntime.loadedServers()),
    metrics,
    async close() {
      await mcpVersions.close();
      await performer.close();
    },
  };
}
