import type { Logger } from 'pino';
import type { Settings } from '../config/settings.ts';
import type { Database } from '../db/database.ts';
import type { GatewayServices } from './services.ts';
import { HttpInterfaceService } from '../http-interfaces/interface-service.ts';
import { createEmptyToolCatalog } from '../mcp/protocol/tool-catalog.ts';
import { McpServerService } from '../mcp/servers/server-service.ts';

/** Builds every module's service over the shared database. */
export async function createServices(base: {
  settings: Settings;
  database: Database;
  logger: Logger;
}): Promise<GatewayServices> {
  const httpInterfaces = new HttpInterfaceService(base.database);
  const mcpServers = new McpServerService(base.database, { interfaces: httpInterfaces });
  // No MCP server is served until the runtime loads published versions: every /mcp/{name} is unknown.
  const toolCatalog = createEmptyToolCatalog();
  return { ...base, httpInterfaces, mcpServers, toolCatalog };
}
