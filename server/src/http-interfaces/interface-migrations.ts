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
      await db.schema
        .createIndex('http_interfaces_live_name_unique')
        .on('http_interfaces')
        .column('name')
        .unique()
        .where(sql.ref('deleted_at'), 'is', null)
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
  '0003_http_interfaces_search_indexes': (dialect) => ({
    async up(db: Kysely<unknown>) {
      if (dialect === 'sqlite') {
        // Covers list, count and search of live interfaces without reading the wide rows (each
        // holds its whole definition): an index-only walk in list order. deleted_at is in it
        // although the index is partial, because SQLite only counts an index as covering when it
        // holds every column the query names.
        await db.schema
          .createIndex('http_interfaces_list_covering')
          .on('http_interfaces')
          .columns(['name', 'id', 'method', 'search_text', 'deleted_at'])
          .where(sql.ref('deleted_at'), 'is', null)
          .execute();
        // The same without search_text: lists and counts that do not search walk entries a tenth
        // the size, which stay in SQLite's page cache.
        await db.schema
          .createIndex('http_interfaces_list_narrow')
          .on('http_interfaces')
          .columns(['name', 'id', 'method', 'deleted_at'])
          .where(sql.ref('deleted_at'), 'is', null)
          .execute();
        return;
      }
      // PostgreSQL: the list order of live interfaces, index-only for the page's ids and counts.
      await db.schema
        .createIndex('http_interfaces_live_order')
        .on('http_interfaces')
        .columns(['name', 'id'])
        .where(sql.ref('deleted_at'), 'is', null)
        .execute();
      // A trigram index makes `search_text like '%…%'` indexable. pg_trgm ships with
      // PostgreSQL (contrib) and is a trusted extension; where it is missing, search still works
      // by scanning, only slower, so the index is skipped rather than failing the start.
      const state = await sql<{ installed: boolean; available: boolean; allowed: boolean }>`
        select
          exists (select 1 from pg_extension where extname = 'pg_trgm') as installed,
          exists (select 1 from pg_available_extensions where name = 'pg_trgm') as available,
          has_database_privilege(current_database(), 'CREATE') as allowed`.execute(db);
      const { installed, available, allowed } = state.rows[0]!;
      if (!installed && !(available && allowed)) return;
      if (!installed) await sql`create extension if not exists pg_trgm`.execute(db);
      await sql`create index http_interfaces_search_trgm on http_interfaces
        using gin (search_text gin_trgm_ops) where deleted_at is null`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql`drop index if exists http_interfaces_list_covering`.execute(db);
      await sql`drop index if exists http_interfaces_list_narrow`.execute(db);
      await sql`drop index if exists http_interfaces_search_trgm`.execute(db);
      await sql`drop index if exists http_interfaces_live_order`.execute(db);
    },
  }),
};
