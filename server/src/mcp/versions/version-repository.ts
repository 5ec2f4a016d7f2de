import { Buffer } from 'node:buffer';
import { sql, type Selectable } from 'kysely';
import type { Executor } from '../servers/server-repository.ts';
import type { McpServerActivationsTable, McpServerVersionsTable } from './version-tables.ts';

/** The queries of the version tables; only the version service (and server deletion) call them. */

export type VersionRow = Selectable<McpServerVersionsTable>;
export type ActivationRow = Selectable<McpServerActivationsTable>;
export type VersionSummaryRow = Omit<VersionRow, 'definition'>;

const SUMMARY_COLUMNS = [
  'server_id',
  'version',
  'revision',
  'definition_hash',
  'artifact_hash',
  'author',
  'message',
  'created_at',
] as const;

/** Stores an artifact unless one with that hash exists (same hash, same bytes). */
export async function putArtifact(
  db: Executor,
  artifact: { contentHash: string; bytes: Uint8Array; createdAt: string },
): Promise<void> {
  await db
    .insertInto('mcp_server_artifacts')
    .values({
      content_hash: artifact.contentHash,
      // pg sends a Buffer as bytea; node:sqlite takes it as a Uint8Array blob.
      bytes: Buffer.from(
        artifact.bytes.buffer,
        artifact.bytes.byteOffset,
        artifact.bytes.byteLength,
      ),
      size_bytes: artifact.bytes.byteLength,
      created_at: artifact.createdAt,
    })
    .onConflict((oc) => oc.column('content_hash').doNothing())
    .execute();
}

export async function artifactBytes(db: Executor, hash: string): Promise<Uint8Array | undefined> {
  const row = await db
    .selectFrom('mcp_server_artifacts')
    .select('bytes')
    .where('content_hash', '=', hash)
    .executeTakeFirst();
  if (!row) return undefined;
  const bytes = row.bytes;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export async function latestVersion(
  db: Executor,
  serverId: number,
): Promise<VersionSummaryRow | undefined> {
  return db
    .selectFrom('mcp_server_versions')
    .select(SUMMARY_COLUMNS)
    .where('server_id', '=', serverId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertVersion(db: Executor, row: VersionRow): Promise<void> {
  await db.insertInto('mcp_server_versions').values(row).execute();
}

export async function versionRow(
  db: Executor,
  serverId: number,
  version: number,
): Promise<VersionRow | undefined> {
  return db
    .selectFrom('mcp_server_versions')
    .selectAll()
    .where('server_id', '=', serverId)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function listVersions(
  db: Executor,
  serverId: number,
  offset: number,
  limit: number,
): Promise<{ rows: Array<VersionSummaryRow & { size_bytes: number }>; total: number }> {
  const base = db.selectFrom('mcp_server_versions').where('server_id', '=', serverId);
  const [rows, count] = await Promise.all([
    base
      .innerJoin(
        'mcp_server_artifacts',
        'mcp_server_artifacts.content_hash',
        'mcp_server_versions.artifact_hash',
      )
      .select(SUMMARY_COLUMNS.map((c) => `mcp_server_versions.${c}` as const))
      .select('mcp_server_artifacts.size_bytes')
      .orderBy('mcp_server_versions.version', 'desc')
      .offset(offset)
      .limit(limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function activation(
  db: Executor,
  serverId: number,
): Promise<ActivationRow | undefined> {
  return db
    .selectFrom('mcp_server_activations')
    .selectAll()
    .where('server_id', '=', serverId)
    .executeTakeFirst();
}

/** Makes `version` the active one and bumps the generation; answers the new row. */
export async function setActivation(
  db: Executor,
  serverId: number,
  version: number,
  at: string,
  by: string | null,
): Promise<ActivationRow> {
  return db
    .insertInto('mcp_server_activations')
    .values({ server_id: serverId, version, generation: 1, activated_at: at, activated_by: by })
    .onConflict((oc) =>
      oc.column('server_id').doUpdateSet({
        version,
        generation: sql<number>`mcp_server_activations.generation + 1`,
        activated_at: at,
        activated_by: by,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Marks that the active version must be reloaded (its secrets changed). */
export async function bumpGeneration(
  db: Executor,
  serverId: number,
): Promise<ActivationRow | undefined> {
  return db
    .updateTable('mcp_server_activations')
    .set({ generation: sql<number>`generation + 1` })
    .where('server_id', '=', serverId)
    .returningAll()
    .executeTakeFirst();
}

export interface ActiveVersionRow {
  server_id: number;
  name: string;
  version: number;
  generation: number;
}

/** The cheap query replicas poll: one narrow row per active server. */
export async function activeVersions(db: Executor): Promise<ActiveVersionRow[]> {
  return db
    .selectFrom('mcp_server_activations')
    .innerJoin('mcp_servers', 'mcp_servers.id', 'mcp_server_activations.server_id')
    .select([
      'mcp_server_activations.server_id',
      'mcp_servers.name',
      'mcp_server_activations.version',
      'mcp_server_activations.generation',
    ])
    .execute();
}

/**
 * Removes a server's versions and activation, and the artifacts no other version uses. Called
 * by server deletion inside its transaction (SQLite cascades only with foreign keys on).
 */
export async function deleteVersionsOf(db: Executor, serverId: number): Promise<void> {
  const hashes = await db
    .selectFrom('mcp_server_versions')
    .select('artifact_hash')
    .distinct()
    .where('server_id', '=', serverId)
    .execute();
  await db.deleteFrom('mcp_server_activations').where('server_id', '=', serverId).execute();
  await db.deleteFrom('mcp_server_versions').where('server_id', '=', serverId).execute();
  for (const { artifact_hash } of hashes) {
    const used = await db
      .selectFrom('mcp_server_versions')
      .select('server_id')
      .where('artifact_hash', '=', artifact_hash)
      .limit(1)
      .executeTakeFirst();
    if (!used) {
      await db
        .deleteFrom('mcp_server_artifacts')
        .where('content_hash', '=', artifact_hash)
        .execute();
    }
  }
}
