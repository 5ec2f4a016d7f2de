import type { Logger } from 'pino';
import type { Settings } from '../config/settings.ts';
import type { Database } from '../db/database.ts';
import type { ToolCatalog } from '../mcp/protocol/tool-catalog.ts';
import type { HttpInterfaceService } from '../http-interfaces/interface-service.ts';
import type { McpServerService } from '../mcp/servers/server-service.ts';
import type { McpVersionService } from '../mcp/versions/version-service.ts';
import type { ServerRuntimeManager } from '../mcp/runtime/server-runtime-manager.ts';
import type { GatewayMetrics } from '../observability/gateway-metrics.ts';

/**
 * What the modules share: settings, the database and each module's service. Modules reach one
 * another only through the services here, never through another module's tables.
 */
export interface GatewayServices {
  settings: Settings;
  database: Database;
  logger: Logger;
  /** HTTP interface definitions, their revisions and rollback. */
  httpInterfaces: HttpInterfaceService;
  /** The active version of every published MCP server, as the data plane serves it. */
  toolCatalog: ToolCatalog;
  /** MCP server drafts, their revisions, secrets and Higress import/export. */
  mcpServers: McpServerService;
  /** Publishing, versions, activation (rollback) and the sync of the runtime with them. */
  mcpVersions: McpVersionService;
  /** The loaded active version of every published server (the default toolCatalog). */
  mcpRuntime: ServerRuntimeManager;
  /** Prometheus metrics and the recent figures of tool calls and upstream requests. */
  metrics: GatewayMetrics;
  /** Releases what the services hold (loaded modules, pools); called at shutdown. */
  close?: () => Promise<void>;
}
