import { sql, type Kysely } from 'kysely';
import { addIdColumn } from '../../db/dialect.ts';
import type { MigrationSet } from '../../db/migrations.ts';

export const mcpServerMigrations: MigrationSet = {
  '0002_mcp_servers': (dialect) => ({
    async up(db: Kysely<unknown>) {
      await addIdColumn(db.schema.createTable('mcp_servers'), dialect)
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text')
        .addColumn('description', 'text')
        .addColumn('tool_count', 'integer', (c) => c.notNull())
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('mcp_server_revisions')
        .addColumn('server_id', 'integer', (c) =>
          c.notNull().references('mcp_servers.id').onDelete('cascade'),
        )
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('author', 'text')
        .addColumn('message', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('mcp_server_revisions_pk', ['server_id', 'revision'])
        .addCheckConstraint(
          'mcp_server_revisions_action',
          sql`action in ('create', 'update', 'import')`,
        )
        .execute();

      await db.schema
        .createTable('mcp_server_secrets')
        .addColumn('server_id', 'integer', (c) =>
          c.notNull().references('mcp_servers.id').onDelete('cascade'),
        )
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('mcp_server_secrets_pk', ['server_id', 'key'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('mcp_server_secrets').execute();
      await db.schema.dropTable('mcp_server_revisions').execute();
      await db.schema.dropTable('mcp_servers').execute();
    },
  }),
};
