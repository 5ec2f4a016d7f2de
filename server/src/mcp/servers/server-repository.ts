import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DatabaseSchema } from '../../db/schema.ts';
import type { McpServerRevisionsTable, McpServersTable } from './server-tables.ts';
import { deleteVersionsOf } from '../versions/version-repository.ts';

/** The queries of the MCP server tables; only the server service calls them. */

export type Executor = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;
export type ServerRow = Selectable<McpServersTable>;
export type RevisionRow = Selectable<McpServerRevisionsTable>;

export async function serverByName(db: Executor, name: string): Promise<ServerRow | undefined> {
  return db.selectFrom('mcp_servers').selectAll().where('name', '=', name).executeTakeFirst();
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listServers(
  db: Executor,
  query: { search?: string | undefined; offset: number; limit: number },
): Promise<{ rows: ServerRow[]; total: number }> {
  let base = db.selectFrom('mcp_servers');
  if (query.search) {
    const pattern = `%${escapeLike(query.search.toLowerCase())}%`;
    base = base.where(
      sql<boolean>`lower(name || ' ' || coalesce(title, '') || ' ' || coalesce(description, '')) like ${pattern} escape '\\'`,
    );
  }
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('name').offset(query.offset).limit(query.limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function insertServer(db: Executor, row: Omit<ServerRow, 'id'>): Promise<ServerRow> {
  return db.insertInto('mcp_servers').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Writes a new draft only if the row is still at `expectedRevision`; undefined when it is not. */
export async function updateServerIfAt(
  db: Executor,
  id: number,
  expectedRevision: number,
  changes: Partial<Omit<ServerRow, 'id' | 'name' | 'created_at'>>,
): Promise<ServerRow | undefined> {
  return db
    .updateTable('mcp_servers')
    .set(changes)
    .where('id', '=', id)
    .where('revision', '=', expectedRevision)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteServer(db: Executor, id: number): Promise<void> {
  // Children first: SQLite enforces the cascade only when foreign keys are on for the connection.
  await deleteVersionsOf(db, id);
  await db.deleteFrom('mcp_server_secrets').where('server_id', '=', id).execute();
  await db.deleteFrom('mcp_server_revisions').where('server_id', '=', id).execute();
  await db.deleteFrom('mcp_servers').where('id', '=', id).execute();
}

export async function insertRevision(db: Executor, row: RevisionRow): Promise<void> {
  await db.insertInto('mcp_server_revisions').values(row).execute();
}

export async function revisionRow(
  db: Executor,
  serverId: number,
  revision: number,
): Promise<RevisionRow | undefined> {
  return db
    .selectFrom('mcp_server_revisions')
    .selectAll()
    .where('server_id', '=', serverId)
    .where('revision', '=', revision)
    .executeTakeFirst();
}

export async function listRevisions(
  db: Executor,
  serverId: number,
  offset: number,
  limit: number,
): Promise<{ rows: Omit<RevisionRow, 'definition'>[]; total: number }> {
  const base = db.selectFrom('mcp_server_revisions').where('server_id', '=', serverId);
  const [rows, count] = await Promise.all([
    base
      .select([
        'server_id',
        'revision',
        'content_hash',
        'action',
        'author',
        'message',
        'created_at',
      ])
      .orderBy('revision', 'desc')
      .offset(offset)
      .limit(limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function secretKeys(db: Executor, serverId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('mcp_server_secrets')
    .select('key')
    .where('server_id', '=', serverId)
    .orderBy('key')
    .execute();
  return rows.map((r) => r.key);
}

export async function secretValues(
  db: Executor,
  serverId: number,
): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom('mcp_server_secrets')
    .select(['key', 'value'])
    .where('server_id', '=', serverId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export async function putSecret(
  db: Executor,
  serverId: number,
  key: string,
  value: string,
  now: string,
): Promise<void> {
  await db
    .insertInto('mcp_server_secrets')
    .values({ server_id: serverId, key, value, updated_at: now })
    .onConflict((oc) => oc.columns(['server_id', 'key']).doUpdateSet({ value, updated_at: now }))
    .execute();
}

export async function deleteSecret(db: Executor, serverId: number, key: string): Promise<void> {
  await db
    .deleteFrom('mcp_server_secrets')
    .where('server_id', '=', serverId)
    .where('key', '=', key)
    .execute();
}
