import type { Kysely, Migration } from 'kysely';
import type { DialectKind } from './dialect.ts';
import { httpInterfaceMigrations } from '../http-interfaces/interface-migrations.ts';
import { mcpSessionMigrations } from '../mcp/protocol/session-revocation-tables.ts';
import { mcpServerMigrations } from '../mcp/servers/server-migrations.ts';
import { mcpServerVersionMigrations } from '../mcp/versions/version-migrations.ts';

/** A migration written once for both dialects; it may branch on the dialect where SQL differs. */
export type DialectMigration = (dialect: DialectKind) => Migration;

export type MigrationSet = Record<string, DialectMigration>;

/**
 * The one versioned migration set, applied in name order at start. Names start with a
 * zero-padded sequence number so the order is the order of creation across modules.
 */
export const migrationSets: MigrationSet[] = [
  httpInterfaceMigrations,
  mcpServerMigrations,
  mcpSessionMigrations,
  mcpServerVersionMigrations,
];

export function allMigrations(dialect: DialectKind): Record<string, Migration> {
  const result: Record<string, Migration> = {};
  const sequenceOwners = new Map<string, string>();
  for (const set of migrationSets) {
    for (const [name, migration] of Object.entries(set)) {
      // Kysely applies migrations in name order and refuses a database that ran a later name
      // before an earlier one, so two modules must never share a sequence number.
      const sequence = /^(\d+)_/.exec(name)?.[1];
      if (!sequence) throw new Error(`migration name ${name} must start with a sequence number`);
      const owner = sequenceOwners.get(sequence);
      if (owner)
        throw new Error(`migrations ${owner} and ${name} share sequence number ${sequence}`);
      sequenceOwners.set(sequence, name);
      result[name] = migration(dialect);
    }
  }
  return result;
}

export type AnyKysely = Kysely<unknown>;
