/**
 * The tables of every module, for Kysely's typing. Each module declares its own tables in its
 * storage file and only that module's repository touches them; this file merely joins the types.
 */
// Modules add their table interfaces here as: `export interface DatabaseSchema extends XTables {}`.
import type { HttpInterfaceTables } from '../http-interfaces/interface-tables.ts';
import type { McpSessionTables } from '../mcp/protocol/session-revocation-tables.ts';
import type { McpServerTables } from '../mcp/servers/server-tables.ts';
import type { McpServerVersionTables } from '../mcp/versions/version-tables.ts';

export interface DatabaseSchema
  extends HttpInterfaceTables, McpServerTables, McpSessionTables, McpServerVersionTables {}
