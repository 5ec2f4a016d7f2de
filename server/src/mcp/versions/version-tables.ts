/**
 * The tables of published MCP server versions. A version is immutable: the definition it was
 * published from and the hash of its compiled artifact. Artifacts are stored once per content
 * hash in the database, so that every replica on a shared PostgreSQL reaches the same bytes.
 */

export interface McpServerArtifactsTable {
  /** sha256 hex of `bytes`. */
  content_hash: string;
  bytes: Uint8Array;
  size_bytes: number;
  created_at: string;
}

export interface McpServerVersionsTable {
  server_id: number;
  /** 1, 2, 3… per server. */
  version: number;
  /** The draft revision published. */
  revision: number;
  /** The configuration snapshot (JSON text of the definition). */
  definition: string;
  /** Content hash of the definition (as drafts hash it). */
  definition_hash: string;
  artifact_hash: string;
  author: string | null;
  message: string | null;
  created_at: string;
}

/**
 * The version each server serves. `generation` grows on every activation and every secret
 * change, so that a replica polling this table sees that it must (re)load.
 */
export interface McpServerActivationsTable {
  server_id: number;
  version: number;
  generation: number;
  activated_at: string;
  activated_by: string | null;
}

export interface McpServerVersionTables {
  mcp_server_artifacts: McpServerArtifactsTable;
  mcp_server_versions: McpServerVersionsTable;
  mcp_server_activations: McpServerActivationsTable;
}
