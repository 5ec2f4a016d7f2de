import { sql, type Kysely } from 'kysely';
import { addIdColumn } from '../db/dialect.ts';
import type { MigrationSet } from '../db/migrations.ts';

export const httpInterfaceMigrations: MigrationSet = {
  '0001_http_interfaces': (dialect) => ({
    async up(db: Kysely<unknown>) {
      // Byte-order collation on PostgreSQL, as SQLite's default, so lists sort alike on both.
      const nameType = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
      await addIdColumn(db.schema.createTable('http_interfaces'), dialect)
        .addColumn('name', nameType, (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('operation_id', 'text')
        .addColumn('summary', 'text')
        .addColumn('description', 'text')
        .addColumn('search_text', 'text', (c) => c.notNull())
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text')
        .execute();
      // Names are unique among live interfaces only; deleted ones keep theirs for restore.
      // The same index serves the list order (name, then id) of live interfaces.
      await db.schema
        .createIndex('http_interfaces_live_name')
        .on('http_interfaces')
        .columns(['name', 'id'])
        .where(sql.ref('deleted_at'), 'is', null)
        .execute();
      await db.schema
        .createIndex('http_interfaces_live_name_unique')
        .on('http_interfaces')
        .column('name')
        .unique()
        .where(sql.ref('deleted_at'), 'is', null)
        .execute();
      await db.schema
        .createIndex('http_interfaces_name_id')
        .on('http_interfaces')
        .columns(['name', 'id'])
        .execute();
      await db.schema
        .createIndex('http_interfaces_method')
        .on('http_interfaces')
        .columns(['method', 'name', 'id'])
        .execute();
      await db.schema
        .createIndex('http_interfaces_operation_id')
        .on('http_interfaces')
        .column('operation_id')
        .execute();

      await db.schema
        .createTable('http_interface_tags')
        .addColumn('interface_id', 'integer', (c) =>
          c.notNull().references('http_interfaces.id').onDelete('cascade'),
        )
        .addColumn('tag', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('http_interface_tags_pk', ['interface_id', 'tag'])
        .execute();
      await db.schema
        .createIndex('http_interface_tags_tag')
        .on('http_interface_tags')
        .columns(['tag', 'interface_id'])
        .execute();

      await db.schema
        .createTable('http_interface_revisions')
        .addColumn('interface_id', 'integer', (c) =>
          c.notNull().references('http_interfaces.id').onDelete('cascade'),
        )
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('author', 'text')
        .addColumn('message', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('http_interface_revisions_pk', ['interface_id', 'revision'])
        .addCheckConstraint(
          'http_interface_revisions_action',
          sql`action in ('create', 'update', 'delete', 'restore', 'rollback')`,
        )
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('http_interface_revisions').execute();
      await db.schema.dropTable('http_interface_tags').execute();
      await db.schema.dropTable('http_interfaces').execute();
    },
  }),
};
