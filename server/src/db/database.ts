import fs from 'node:fs';
import path from 'node:path';
import {
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  sql,
  type MigrationProvider,
} from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { DialectKind } from './dialect.ts';
import { allMigrations } from './migrations.ts';
import { openNodeSqlite } from './node-sqlite-database.ts';
import type { DatabaseSchema } from './schema.ts';

export type Db = Kysely<DatabaseSchema>;

export interface Database {
  db: Db;
  dialect: DialectKind;
  /** Where the data lives, for the start-up log (no password). */
  description: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  logger?: Pick<Logger, 'info'>;
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}

/** Opens SQLite (default) or PostgreSQL and applies every pending migration. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  let db: Db;
  let dialect: DialectKind;
  let description: string;
  if (options.databaseUrl) {
    dialect = 'postgres';
    description = redactUrl(options.databaseUrl);
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  } else {
    dialect = 'sqlite';
    fs.mkdirSync(options.dataDir, { recursive: true });
    const file = path.join(options.dataDir, 'gateway.sqlite');
    description = file;
    const database = openNodeSqlite(file);
    db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database }) });
  }

  try {
    await migrate(db, dialect, options.logger);
  } catch (error) {
    await db.destroy();
    throw error;
  }

  return {
    db,
    dialect,
    description,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}

async function migrate(db: Db, dialect: DialectKind, logger?: Pick<Logger, 'info'>) {
  const provider: MigrationProvider = { getMigrations: async () => allMigrations(dialect) };
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  for (const result of results ?? []) {
    if (result.status === 'Success')
      logger?.info({ migration: result.migrationName }, 'migration applied');
    if (result.status === 'Error') {
      throw new Error(
        `migration ${result.migrationName} failed: ${String((error as Error)?.message ?? error)}`,
      );
    }
  }
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
