import type { Generated } from 'kysely';
import type { MigrationSet } from '../../db/migrations.ts';
import { addIdColumn } from '../../db/dialect.ts';

/** Ended MCP sessions: a session id stays refused until the token it belonged to expires. */
export interface McpSessionRevocationTable {
  id: Generated<number>;
  session_id: string;
  /** ISO time. */
  revoked_at: string;
  /** ISO time after which the token is expired anyway and the record can go. */
  expires_at: string;
}

export interface McpSessionTables {
  mcp_session_revocations: McpSessionRevocationTable;
}

export const mcpSessionMigrations: MigrationSet = {
  '0005_mcp_session_revocations': (dialect) => ({
    async up(db) {
      await addIdColumn(db.schema.createTable('mcp_session_revocations'), dialect)
        .addColumn('session_id', 'text', (c) => c.notNull().unique())
        .addColumn('revoked_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('mcp_session_revocations_expires_at')
        .on('mcp_session_revocations')
        .column('expires_at')
        .execute();
    },
    async down(db) {
      await db.schema.dropTable('mcp_session_revocations').execute();
    },
  }),
};
