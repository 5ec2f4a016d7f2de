import type { Generated } from 'kysely';

/**
 * The tables of the MCP server module. The draft definition is JSON text (identical on SQLite
 * and PostgreSQL); the columns beside it copy what lists show and search.
 */
export interface McpServersTable {
  id: Generated<number>;
  name: string;
  title: string | null;
  description: string | null;
  tool_count: number;
  /** The current draft definition. */
  definition: string;
  /** Number of the draft's current revision; the optimistic lock. */
  revision: number;
  content_hash: string;
  /** ISO 8601 UTC timestamps as text, identical on both dialects. */
  created_at: string;
  updated_at: string;
}

export type ServerRevisionAction = 'create' | 'update' | 'import';

/**
 * Every saved state of a server's draft; rows are only ever inserted, so a published version
 * can later point at (server_id, revision) and find its exact content.
 */
export interface McpServerRevisionsTable {
  server_id: number;
  revision: number;
  definition: string;
  content_hash: string;
  action: ServerRevisionAction;
  author: string | null;
  message: string | null;
  created_at: string;
}

/** Secret values, apart from definitions; read only by the service, never sent to clients. */
export interface McpServerSecretsTable {
  server_id: number;
  key: string;
  value: string;
  updated_at: string;
}

export interface McpServerTables {
  mcp_servers: McpServersTable;
  mcp_server_revisions: McpServerRevisionsTable;
  mcp_server_secrets: McpServerSecretsTable;
}
