import { sql, type Kysely, type Selectable } from 'kysely';
import type { DatabaseSchema } from '../db/schema.ts';
import type { InterfaceDefinition } from './interface-model.ts';
import type {
  HttpInterfaceRevisionsTable,
  HttpInterfacesTable,
  RevisionAction,
} from './interface-tables.ts';

/** The database or a transaction on it: every function here works on either. */
export type Executor = Kysely<DatabaseSchema>;

export type InterfaceRow = Selectable<HttpInterfacesTable>;
export type RevisionRow = Selectable<HttpInterfaceRevisionsTable>;

/** The columns derived from a definition: what lists filter, search and sort on. */
export function definitionColumns(definition: InterfaceDefinition, definitionJson: string) {
  const searchable = [
    definition.name,
    definition.path,
    definition.summary,
    definition.operationId,
    definition.description,
  ];
  return {
    name: definition.name,
    method: definition.method,
    path: definition.path,
    operation_id: definition.operationId ?? null,
    summary: definition.summary ?? null,
    description: definition.description ?? null,
    // Lower-cased in JavaScript so both dialects compare the same text the same way.
    search_text: searchable
      .filter((s) => s !== undefined)
      .join('\n')
      .toLowerCase(),
    definition: definitionJson,
  };
}

export async function findInterface(db: Executor, id: number): Promise<InterfaceRow | undefined> {
  return db.selectFrom('http_interfaces').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findInterfaces(db: Executor, ids: number[]): Promise<InterfaceRow[]> {
  const rows: InterfaceRow[] = [];
  // Chunked so no statement exceeds the drivers' bound-parameter limits.
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    rows.push(
      ...(await db.selectFrom('http_interfaces').selectAll().where('id', 'in', chunk).execute()),
    );
  }
  return rows;
}

export async function insertInterface(
  db: Executor,
  row: Omit<InterfaceRow, 'id'>,
): Promise<number> {
  const inserted = await db
    .insertInto('http_interfaces')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

/**
 * Updates the interface only if its revision is still `expectedRevision`: the optimistic lock.
 * Returns false when another writer got there first (no row matched).
 */
export async function updateInterfaceIfRevision(
  db: Executor,
  id: number,
  expectedRevision: number,
  changes: Partial<Omit<InterfaceRow, 'id' | 'created_at'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('http_interfaces')
    .set(changes)
    .where('id', '=', id)
    .where('revision', '=', expectedRevision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function replaceTags(db: Executor, id: number, tags: readonly string[] | undefined) {
  await db.deleteFrom('http_interface_tags').where('interface_id', '=', id).execute();
  const unique = [...new Set(tags ?? [])];
  if (unique.length > 0) {
    await db
      .insertInto('http_interface_tags')
      .values(unique.map((tag) => ({ interface_id: id, tag })))
      .execute();
  }
}

export async function insertRevision(
  db: Executor,
  revision: {
    interfaceId: number;
    revision: number;
    definition: string;
    contentHash: string;
    action: RevisionAction;
    author: string | null;
    message: string | null;
    createdAt: string;
  },
) {
  await db
    .insertInto('http_interface_revisions')
    .values({
      interface_id: revision.interfaceId,
      revision: revision.revision,
      definition: revision.definition,
      content_hash: revision.contentHash,
      action: revision.action,
      author: revision.author,
      message: revision.message,
      created_at: revision.createdAt,
    })
    .execute();
}

export interface InterfaceFilter {
  search?: string | undefined;
  tag?: string | undefined;
  method?: string | undefined;
  includeDeleted?: boolean | undefined;
}

/** `%text%` for LIKE, with LIKE's own wildcards in the text taken literally. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

function filteredInterfaces(db: Executor, filter: InterfaceFilter) {
  let query = db.selectFrom('http_interfaces');
  if (!filter.includeDeleted) query = query.where('deleted_at', 'is', null);
  if (filter.method) query = query.where('method', '=', filter.method);
  if (filter.search) {
    query = query.where(
      sql<boolean>`search_text like ${containsPattern(filter.search)} escape '\\'`,
    );
  }
  if (filter.tag !== undefined) {
    const tag = filter.tag;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('http_interface_tags')
          .select(sql`1`.as('one'))
          .whereRef('http_interface_tags.interface_id', '=', 'http_interfaces.id')
          .where('http_interface_tags.tag', '=', tag),
      ),
    );
  }
  return query;
}

/**
 * One page of interfaces and the total. The page's ids are found first on the narrow columns
 * (index-only where an index covers the filter), then only those rows are read with their
 * definitions: deep pages do not drag thousands of definitions through the database.
 */
export async function listInterfaces(
  db: Executor,
  filter: InterfaceFilter,
  page: { offset: number; limit: number },
): Promise<{ rows: InterfaceRow[]; total: number }> {
  const base = filteredInterfaces(db, filter);
  const [ids, count] = await Promise.all([
    base.select('id').orderBy('name').orderBy('id').limit(page.limit).offset(page.offset).execute(),
    base.select((eb) => eb.fn.countAll().as('total')).executeTakeFirstOrThrow(),
  ]);
  const rows =
    ids.length > 0
      ? await findInterfaces(
          db,
          ids.map((r) => Number(r.id)),
        )
      : [];
  const position = new Map(ids.map((r, index) => [Number(r.id), index]));
  rows.sort((a, b) => position.get(Number(a.id))! - position.get(Number(b.id))!);
  return { rows, total: Number(count.total) };
}

export async function allInterfaces(
  db: Executor,
  filter: InterfaceFilter,
): Promise<InterfaceRow[]> {
  return filteredInterfaces(db, filter).selectAll().orderBy('name').orderBy('id').execute();
}

export async function listRevisions(
  db: Executor,
  interfaceId: number,
  page: { offset: number; limit: number },
): Promise<{ rows: RevisionRow[]; total: number }> {
  const base = db.selectFrom('http_interface_revisions').where('interface_id', '=', interfaceId);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('revision', 'desc').limit(page.limit).offset(page.offset).execute(),
    base.select((eb) => eb.fn.countAll().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

export async function findRevision(
  db: Executor,
  interfaceId: number,
  revision: number,
): Promise<RevisionRow | undefined> {
  return db
    .selectFrom('http_interface_revisions')
    .selectAll()
    .where('interface_id', '=', interfaceId)
    .where('revision', '=', revision)
    .executeTakeFirst();
}
