import type { Kysely } from 'kysely';
import type { MigrationSet } from '../../db/migrations.ts';

export const mcpServerVersionMigrations: MigrationSet = {
  '0006_mcp_server_versions': (dialect) => ({
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('mcp_server_artifacts')
        .addColumn('content_hash', 'text', (c) => c.primaryKey())
        .addColumn('bytes', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('size_bytes', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('mcp_server_versions')
        .addColumn('server_id', 'integer', (c) =>
          c.notNull().references('mcp_servers.id').onDelete('cascade'),
        )
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('definition_hash', 'text', (c) => c.notNull())
        .addColumn('artifact_hash', 'text', (c) =>
          c.notNull().references('mcp_server_artifacts.content_hash'),
        )
        .addColumn('author', 'text')
        .addColumn('message', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('mcp_server_versions_pk', ['server_id', 'version'])
        .execute();
      await db.schema
        .createIndex('mcp_server_versions_artifact')
        .on('mcp_server_versions')
        .column('artifact_hash')
        .execute();

      await db.schema
        .createTable('mcp_server_activations')
        .addColumn('server_id', 'integer', (c) =>
          c.primaryKey().references('mcp_servers.id').onDelete('cascade'),
        )
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('generation', 'integer', (c) => c.notNull())
        .addColumn('activated_at', 'text', (c) => c.notNull())
        .addColumn('activated_by', 'text')
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('mcp_server_activations').execute();
      await db.schema.dropTable('mcp_server_versions').execute();
      await db.schema.dropTable('mcp_server_artifacts').execute();
    },
  }),
};
