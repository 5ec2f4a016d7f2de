import type { Database } from '../db/database.ts';
import { isUniqueViolation } from '../db/dialect.ts';
import {
  ApiError,
  badRequest,
  conflict,
  notFound,
  unprocessable,
  validationFailed,
  type ErrorDetail,
} from '../app/errors.ts';
import { contentHash } from '../common/content-hash.ts';
import { diffDefinitions, type DefinitionChange } from '../common/definition-diff.ts';
import type { InterfaceDefinition } from './interface-model.ts';
import * as repository from './interface-repository.ts';
import type { Executor, InterfaceRow, RevisionRow } from './interface-repository.ts';
import type { RevisionAction } from './interface-tables.ts';
import { toResource } from './interface-resource.ts';
import { validateDefinition, type DefinitionProblem } from './interface-validation.ts';

/** A stored interface: its definition plus the bookkeeping the store adds. */
export interface StoredInterface {
  id: number;
  /** Current revision number; send it back to update, delete or roll back. */
  revision: number;
  createdAt: string;
  updatedAt: string;
  /** Set when the interface is soft-deleted. */
  deletedAt: string | null;
  /** sha256 of the canonical JSON of the definition. */
  contentHash: string;
  definition: InterfaceDefinition;
}

/** One saved state in an interface's history. */
export interface InterfaceRevision {
  interfaceId: number;
  revision: number;
  action: RevisionAction;
  author: string | null;
  message: string | null;
  createdAt: string;
  contentHash: string;
  definition: InterfaceDefinition;
}

/** Who made a change and why; recorded on the revision it creates. */
export interface ChangeMeta {
  author?: string | undefined;
  message?: string | undefined;
}

export interface InterfaceListQuery {
  /** Case-insensitive substring of name, path, summary, operationId or description. */
  search?: string | undefined;
  /** Exact tag. */
  tag?: string | undefined;
  method?: string | undefined;
  /** 1-based; default 1. */
  page?: number | undefined;
  /** 1..MAX_PAGE_SIZE; default DEFAULT_PAGE_SIZE. */
  pageSize?: number | undefined;
  includeDeleted?: boolean | undefined;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** A change of an `applyBatch` call. `expectedRevision`, when given, is checked as in update. */
export type BatchChange =
  | { kind: 'create'; definition: InterfaceDefinition }
  | { kind: 'update'; id: number; definition: InterfaceDefinition; expectedRevision?: number };

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

function toStored(row: InterfaceRow): StoredInterface {
  return {
    id: Number(row.id),
    revision: Number(row.revision),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
    contentHash: row.content_hash,
    definition: JSON.parse(row.definition) as InterfaceDefinition,
  };
}

function toRevision(row: RevisionRow): InterfaceRevision {
  return {
    interfaceId: Number(row.interface_id),
    revision: Number(row.revision),
    action: row.action,
    author: row.author,
    message: row.message,
    createdAt: row.created_at,
    contentHash: row.content_hash,
    definition: JSON.parse(row.definition) as InterfaceDefinition,
  };
}

function staleRevision(current: InterfaceRow, sent: number): ApiError {
  return conflict(
    `interface ${current.id} has changed since revision ${sent}: the current revision is ${current.revision}; re-read it and apply your change again`,
    { current: toResource(toStored(current)) },
    [{ path: '/revision', message: `revision ${sent} is stale; current is ${current.revision}` }],
  );
}

function nameTaken(name: string, extra?: Record<string, unknown>): ApiError {
  return conflict(`an interface named "${name}" already exists`, undefined, [
    {
      path: '/name',
      in: 'body',
      message: `name "${name}" is already used by another interface`,
      ...extra,
    },
  ]);
}

function problemDetails(
  problems: DefinitionProblem[],
  extra?: Record<string, unknown>,
): ErrorDetail[] {
  return problems.map((p) => ({
    in: 'body',
    path: p.path,
    message: `body${p.path} ${p.message}`,
    ...extra,
  }));
}

function assertValid(definition: unknown): asserts definition is InterfaceDefinition {
  const problems = validateDefinition(definition);
  if (problems.length > 0) {
    throw validationFailed(
      `the interface definition is invalid: ${problems.map((p) => `${p.path || '/'} ${p.message}`).join('; ')}`,
      problemDetails(problems),
    );
  }
}

/** The list order: names compared as UTF-8 bytes (as both databases do), then ids. */
function byNameThenId(a: StoredInterface, b: StoredInterface): number {
  return (
    Buffer.compare(Buffer.from(a.definition.name), Buffer.from(b.definition.name)) || a.id - b.id
  );
}

function now(): string {
  return new Date().toISOString();
}

/**
 * HTTP interface management: definitions with full revision history, optimistic locking,
 * soft delete, diffs and rollback. Every write runs in one transaction that changes the
 * interface row only if its revision is still the one the caller read, and inserts the
 * revision row with it; so concurrent writers from the same revision get exactly one winner.
 */
export class HttpInterfaceService {
  readonly #db: Executor;

  constructor(database: Pick<Database, 'db'>) {
    this.#db = database.db;
  }

  /** Stores a new interface as revision 1. 400 on invalid content, 409 on a taken name. */
  async create(definition: InterfaceDefinition, meta: ChangeMeta = {}): Promise<StoredInterface> {
    assertValid(definition);
    return this.#db.transaction().execute((trx) => this.#createIn(trx, definition, meta));
  }

  /** One interface; 404 for unknown ids and, unless `includeDeleted`, for deleted ones. */
  async get(id: number, options: { includeDeleted?: boolean } = {}): Promise<StoredInterface> {
    const row = await repository.findInterface(this.#db, id);
    if (!row || (row.deleted_at !== null && !options.includeDeleted)) throw this.#notFound(id, row);
    return toStored(row);
  }

  /** Interfaces ordered by name then id. */
  async list(query: InterfaceListQuery = {}): Promise<Page<StoredInterface>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(page) || page < 1)
      throw badRequest(`page must be an integer ≥ 1, got ${page}`);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw badRequest(`pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${pageSize}`);
    }
    const { rows, total } = await repository.listInterfaces(
      this.#db,
      {
        search: query.search,
        tag: query.tag,
        method: query.method,
        includeDeleted: query.includeDeleted,
      },
      { offset: (page - 1) * pageSize, limit: pageSize },
    );
    return { items: rows.map(toStored), total, page, pageSize };
  }

  /**
   * Replaces the definition. `expectedRevision` is the revision the caller read: 409 with the
   * current state when it is stale. Unchanged content creates no revision and returns the
   * current state.
   */
  async update(
    id: number,
    definition: InterfaceDefinition,
    expectedRevision: number,
    meta: ChangeMeta = {},
  ): Promise<StoredInterface> {
    assertValid(definition);
    return this.#db
      .transaction()
      .execute((trx) => this.#updateIn(trx, id, definition, expectedRevision, meta, 'update'));
  }

  /** Soft delete: hidden from get and list, history kept; a revision with action `delete`. */
  async delete(
    id: number,
    expectedRevision: number,
    meta: ChangeMeta = {},
  ): Promise<StoredInterface> {
    return this.#db.transaction().execute(async (trx) => {
      const row = await this.#liveRow(trx, id, expectedRevision);
      const at = now();
      const stored = await this.#write(
        trx,
        row,
        { deleted_at: at, updated_at: at },
        expectedRevision,
      );
      await repository.insertRevision(trx, {
        interfaceId: id,
        revision: stored.revision,
        definition: row.definition,
        contentHash: row.content_hash,
        action: 'delete',
        author: meta.author ?? null,
        message: meta.message ?? null,
        createdAt: at,
      });
      return stored;
    });
  }

  /** Undoes a soft delete; 409 when the interface is not deleted or its name is taken now. */
  async restore(id: number, meta: ChangeMeta = {}): Promise<StoredInterface> {
    return this.#db.transaction().execute(async (trx) => {
      const row = await repository.findInterface(trx, id);
      if (!row) throw this.#notFound(id, row);
      if (row.deleted_at === null) {
        throw conflict(`interface ${id} is not deleted`, { current: toResource(toStored(row)) });
      }
      const at = now();
      let stored: StoredInterface;
      try {
        stored = await this.#write(trx, row, { deleted_at: null, updated_at: at }, row.revision);
      } catch (error) {
        if (isUniqueViolation(error)) throw nameTaken(row.name);
        throw error;
      }
      await repository.insertRevision(trx, {
        interfaceId: id,
        revision: stored.revision,
        definition: row.definition,
        contentHash: row.content_hash,
        action: 'restore',
        author: meta.author ?? null,
        message: meta.message ?? null,
        createdAt: at,
      });
      return stored;
    });
  }

  /** The history, newest first. 404 for unknown ids (deleted interfaces keep their history). */
  async listRevisions(
    id: number,
    options: { page?: number; pageSize?: number } = {},
  ): Promise<Page<InterfaceRevision>> {
    await this.get(id, { includeDeleted: true });
    const page = options.page ?? 1;
    const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
    const { rows, total } = await repository.listRevisions(this.#db, id, {
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    return { items: rows.map(toRevision), total, page, pageSize };
  }

  /** One revision; 404 when the interface or the revision does not exist. */
  async getRevision(id: number, revision: number): Promise<InterfaceRevision> {
    return toRevision(await this.#revisionRow(this.#db, id, revision));
  }

  /** The changes from revision `from` to revision `to` (JSON pointers into the definition). */
  async diff(id: number, from: number, to: number): Promise<DefinitionChange[]> {
    const [before, after] = await Promise.all([
      this.getRevision(id, from),
      this.getRevision(id, to),
    ]);
    return diffDefinitions(before.definition, after.definition);
  }

  /**
   * Makes the content of revision `toRevision` current again, as a new revision with action
   * `rollback` (history is never rewritten). Returns the current state unchanged when the
   * content already equals that revision.
   */
  async rollback(
    id: number,
    toRevision: number,
    expectedRevision: number,
    meta: ChangeMeta = {},
  ): Promise<StoredInterface> {
    return this.#db.transaction().execute(async (trx) => {
      await this.#liveRow(trx, id, expectedRevision);
      const target = await this.#revisionRow(trx, id, toRevision);
      const definition = JSON.parse(target.definition) as unknown;
      const problems = validateDefinition(definition);
      if (problems.length > 0) {
        throw unprocessable(
          `revision ${toRevision} of interface ${id} does not pass today's validation; update the interface instead`,
          problemDetails(problems),
        );
      }
      return this.#updateIn(
        trx,
        id,
        definition as InterfaceDefinition,
        expectedRevision,
        { ...meta, message: meta.message ?? `rollback to revision ${toRevision}` },
        'rollback',
      );
    });
  }

  /**
   * For OpenAPI export and import matching: every live interface, ordered by name then id,
   * optionally only the given ids (404 naming any that do not exist or are deleted) and/or
   * only those with the given tag.
   */
  async findAllDefinitions(
    filter: { ids?: number[]; tag?: string } = {},
  ): Promise<StoredInterface[]> {
    if (!filter.ids) {
      const rows = await repository.allInterfaces(this.#db, { tag: filter.tag });
      return rows.map(toStored);
    }
    const wanted = [...new Set(filter.ids)];
    const live = (await repository.findInterfaces(this.#db, wanted)).filter(
      (r) => r.deleted_at === null,
    );
    const found = new Set(live.map((r) => Number(r.id)));
    const missing = wanted.filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw notFound(`no interface with id ${missing.join(', ')} (unknown or deleted)`);
    }
    return live
      .map(toStored)
      .filter((s) => filter.tag === undefined || (s.definition.tags ?? []).includes(filter.tag))
      .sort(byNameThenId);
  }

  /**
   * Applies every change in ONE transaction: all are stored or none is. Each change is validated
   * first (400 `validation_failed`, each detail carrying `change`: the index in `changes`);
   * then creates and updates run in order, an update making a revision only when its content
   * differs. A taken name is 409 with `change` in its detail, a stale `expectedRevision` 409
   * with the current state, an unknown id 404. Returns the stored interfaces in the order of
   * `changes`.
   */
  async applyBatch(changes: BatchChange[], meta: ChangeMeta = {}): Promise<StoredInterface[]> {
    const problems: ErrorDetail[] = [];
    changes.forEach((change, index) => {
      problems.push(...problemDetails(validateDefinition(change.definition), { change: index }));
    });
    if (problems.length > 0) {
      throw validationFailed(
        `${new Set(problems.map((p) => p.change)).size} of ${changes.length} interface definitions are invalid: ${problems
          .slice(0, 10)
          .map((p) => `change ${String(p.change)}: ${p.message}`)
          .join('; ')}`,
        problems,
      );
    }
    return this.#db.transaction().execute(async (trx) => {
      const results: StoredInterface[] = [];
      for (const [index, change] of changes.entries()) {
        try {
          results.push(
            change.kind === 'create'
              ? await this.#createIn(trx, change.definition, meta)
              : await this.#updateIn(
                  trx,
                  change.id,
                  change.definition,
                  change.expectedRevision,
                  meta,
                  'update',
                ),
          );
        } catch (error) {
          if (error instanceof ApiError && error.details) {
            for (const detail of error.details) detail.change = index;
          }
          throw error;
        }
      }
      return results;
    });
  }

  async #createIn(trx: Executor, definition: InterfaceDefinition, meta: ChangeMeta) {
    const json = JSON.stringify(definition);
    const hash = contentHash(definition);
    const at = now();
    let id: number;
    try {
      id = await repository.insertInterface(trx, {
        ...repository.definitionColumns(definition, json),
        revision: 1,
        content_hash: hash,
        created_at: at,
        updated_at: at,
        deleted_at: null,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(definition.name);
      throw error;
    }
    await repository.replaceTags(trx, id, definition.tags);
    await repository.insertRevision(trx, {
      interfaceId: id,
      revision: 1,
      definition: json,
      contentHash: hash,
      action: 'create',
      author: meta.author ?? null,
      message: meta.message ?? null,
      createdAt: at,
    });
    return {
      id,
      revision: 1,
      createdAt: at,
      updatedAt: at,
      deletedAt: null,
      contentHash: hash,
      definition: JSON.parse(json) as InterfaceDefinition,
    };
  }

  async #updateIn(
    trx: Executor,
    id: number,
    definition: InterfaceDefinition,
    expectedRevision: number | undefined,
    meta: ChangeMeta,
    action: 'update' | 'rollback',
  ): Promise<StoredInterface> {
    const row = await this.#liveRow(trx, id, expectedRevision);
    const hash = contentHash(definition);
    if (hash === row.content_hash) return toStored(row);
    const json = JSON.stringify(definition);
    const at = now();
    let stored: StoredInterface;
    try {
      stored = await this.#write(
        trx,
        row,
        { ...repository.definitionColumns(definition, json), content_hash: hash, updated_at: at },
        expectedRevision ?? row.revision,
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(definition.name);
      throw error;
    }
    await repository.replaceTags(trx, id, definition.tags);
    await repository.insertRevision(trx, {
      interfaceId: id,
      revision: stored.revision,
      definition: json,
      contentHash: hash,
      action,
      author: meta.author ?? null,
      message: meta.message ?? null,
      createdAt: at,
    });
    return stored;
  }

  /**
   * The conditional write: bumps the revision only if it is still `expectedRevision`. When no
   * row matched, another writer committed first: 409 with the state it left.
   */
  async #write(
    trx: Executor,
    row: InterfaceRow,
    changes: Partial<InterfaceRow>,
    expectedRevision: number,
  ): Promise<StoredInterface> {
    const revision = expectedRevision + 1;
    const applied = await repository.updateInterfaceIfRevision(
      trx,
      Number(row.id),
      expectedRevision,
      {
        ...changes,
        revision,
      },
    );
    if (!applied) {
      const current = await repository.findInterface(trx, Number(row.id));
      if (!current) throw this.#notFound(Number(row.id), current);
      throw staleRevision(current, expectedRevision);
    }
    return toStored({ ...row, ...changes, revision } as InterfaceRow);
  }

  /** The live row, 404 when unknown or deleted, 409 when `expectedRevision` is stale. */
  async #liveRow(trx: Executor, id: number, expectedRevision: number | undefined) {
    const row = await repository.findInterface(trx, id);
    if (!row || row.deleted_at !== null) throw this.#notFound(id, row);
    if (expectedRevision !== undefined && Number(row.revision) !== expectedRevision) {
      throw staleRevision(row, expectedRevision);
    }
    return row;
  }

  async #revisionRow(db: Executor, id: number, revision: number): Promise<RevisionRow> {
    const row = await repository.findRevision(db, id, revision);
    if (row) return row;
    // Through `db`, not this.#db: inside a transaction SQLite has only the one connection.
    if (!(await repository.findInterface(db, id))) throw this.#notFound(id, undefined);
    throw notFound(`interface ${id} has no revision ${revision}`);
  }

  #notFound(id: number, row: InterfaceRow | undefined): ApiError {
    return notFound(
      row ? `interface ${id} is deleted (restore it first)` : `no interface with id ${id}`,
    );
  }
}
