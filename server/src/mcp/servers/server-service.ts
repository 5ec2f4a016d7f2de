import type { Database } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import {
  ApiError,
  badRequest,
  conflict,
  notFound,
  validationFailed,
  type ErrorDetail,
} from '../../app/errors.ts';
import type { InterfaceDefinition } from '../../http-interfaces/interface-model.ts';
import { contentHash } from '../../common/content-hash.ts';
import { diffDefinitions, type DefinitionChange } from '../../common/definition-diff.ts';
import {
  checkDefinitionSchema,
  validateDefinition,
  type DefinitionProblem,
  type TemplateChecker,
} from './definition-validation.ts';
import { interfacesToTools } from './mapping/interface-to-tool.ts';
import { applyToolTemplate, type ToolTemplate } from './mapping/tool-template.ts';
import type { ServerDefinition } from './model.ts';
import { checkTemplates } from './template-check.ts';
import * as repository from './server-repository.ts';
import type { Executor, RevisionRow, ServerRow } from './server-repository.ts';
import type { ServerRevisionAction } from './server-tables.ts';
import {
  extractInlineCredentials,
  isValidSecretKey,
  referencedSecretKeys,
} from './secret-references.ts';

/** Which secrets a server has: keys only, never values. */
export interface SecretStatus {
  /** Keys with a stored value. */
  set: string[];
  /** Keys the definition refers to that have no stored value yet. */
  missing: string[];
}

/** A stored server draft with the bookkeeping the store adds. */
export interface StoredServer {
  id: number;
  name: string;
  revision: number;
  contentHash: string;
  createdAt: string;
  updatedAt: string;
  secrets: SecretStatus;
  definition: ServerDefinition;
}

export interface ServerSummary {
  id: number;
  name: string;
  title: string | null;
  description: string | null;
  toolCount: number;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface ServerRevision {
  revision: number;
  action: ServerRevisionAction;
  author: string | null;
  message: string | null;
  createdAt: string;
  contentHash: string;
  definition?: ServerDefinition;
}

export interface ChangeMeta {
  author?: string | undefined;
  message?: string | undefined;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Where problems in a definition are: the request body, or an imported document. */
export interface ProblemSource {
  in: string;
  /** Prefix for pointers when the definition sits inside a larger body. */
  prefix?: string;
  locate?: (pointer: string) => { line: number; column: number } | undefined;
  /** Maps a position inside the string at a pointer to the document (template problems). */
  locateInString?: (
    pointer: string,
    line: number,
    column: number,
  ) => { line: number; column: number } | undefined;
}

/** The HTTP interfaces a server can be built from (the interface module's service). */
export interface InterfaceSource {
  findAllDefinitions(filter: {
    ids?: number[];
  }): Promise<Array<{ id: number; revision: number; definition: InterfaceDefinition }>>;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

function pageOf(page: number | undefined, pageSize: number | undefined) {
  const size = Math.min(Math.max(pageSize ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const number = Math.max(page ?? 1, 1);
  return { page: number, pageSize: size, offset: (number - 1) * size };
}

function now(): string {
  return new Date().toISOString();
}

/** Defaults filled in before storing, so that equal content always hashes the same. */
function normalize(definition: ServerDefinition): ServerDefinition {
  return { ...definition, tools: definition.tools ?? [] };
}

export function problemDetails(
  problems: DefinitionProblem[],
  source: ProblemSource,
): ErrorDetail[] {
  return problems.map((problem) => {
    const detail: ErrorDetail = {
      in: source.in,
      path: (source.prefix ?? '') + problem.path,
      message: `${problem.path || '/'} ${problem.message}`,
    };
    if (problem.tool !== undefined) detail.tool = problem.tool;
    if (problem.field !== undefined) detail.field = problem.field;
    const inDocument = source.locate !== undefined;
    if (problem.line !== undefined && !inDocument) {
      // No document: the position is inside the field's own text.
      detail.line = problem.line;
      if (problem.column !== undefined) detail.column = problem.column;
    } else {
      // In an imported document, line and column are always the document's; a template
      // problem's position inside its field is kept beside them.
      const position =
        problem.line !== undefined
          ? (source.locateInString?.(problem.path, problem.line, problem.column ?? 1) ??
            source.locate?.(problem.path))
          : source.locate?.(problem.path);
      if (position) {
        detail.line = position.line;
        detail.column = position.column;
      }
      if (problem.line !== undefined) {
        detail.templateLine = problem.line;
        if (problem.column !== undefined) detail.templateColumn = problem.column;
      }
    }
    return detail;
  });
}

function invalid(problems: DefinitionProblem[], source: ProblemSource): ApiError {
  const details = problemDetails(problems, source);
  const shown = details.slice(0, 5).map((d) => d.message);
  const more = details.length > 5 ? `; and ${details.length - 5} more` : '';
  return validationFailed(`the server definition is invalid: ${shown.join('; ')}${more}`, details);
}

function toRevision(row: Partial<RevisionRow> & Omit<RevisionRow, 'definition'>): ServerRevision {
  const revision: ServerRevision = {
    revision: Number(row.revision),
    action: row.action,
    author: row.author,
    message: row.message,
    createdAt: row.created_at,
    contentHash: row.content_hash,
  };
  if (row.definition !== undefined) {
    revision.definition = JSON.parse(row.definition) as ServerDefinition;
  }
  return revision;
}

/**
 * MCP server management: server drafts with full revision history and optimistic locking, their
 * secrets apart from the definition, Higress configuration import, and servers built from HTTP
 * interfaces. Every change validates the whole definition first and then writes the draft and
 * its revision in one transaction, the draft only if its revision is still the one the caller
 * read.
 */
export class McpServerService {
  readonly #database: Database;
  readonly #interfaces: InterfaceSource | undefined;
  readonly #checkTemplates: TemplateChecker;

  constructor(
    database: Database,
    options: { interfaces?: InterfaceSource; checkTemplates?: TemplateChecker } = {},
  ) {
    this.#database = database;
    this.#interfaces = options.interfaces;
    this.#checkTemplates = options.checkTemplates ?? checkTemplates;
  }

  get #db() {
    return this.#database.db;
  }

  async list(query: {
    search?: string | undefined;
    page?: number | undefined;
    pageSize?: number | undefined;
  }): Promise<Page<ServerSummary>> {
    const { page, pageSize, offset } = pageOf(query.page, query.pageSize);
    const { rows, total } = await repository.listServers(this.#db, {
      search: query.search,
      offset,
      limit: pageSize,
    });
    const items = rows.map((row) => ({
      id: Number(row.id),
      name: row.name,
      title: row.title,
      description: row.description,
      toolCount: Number(row.tool_count),
      revision: Number(row.revision),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
    return { items, total, page, pageSize };
  }

  async get(name: string): Promise<StoredServer> {
    return this.#stored(this.#db, await this.#row(this.#db, name));
  }

  /** Creates a server as revision 1. 400 on an invalid definition, 409 on a taken name. */
  async create(
    value: unknown,
    meta: ChangeMeta = {},
    source: ProblemSource = { in: 'body' },
    action: ServerRevisionAction = 'create',
  ): Promise<StoredServer> {
    const { definition, secrets } = this.#prepare(value, source);
    return this.#db.transaction().execute(async (trx) => {
      const server = await this.#insert(trx, definition, meta, action);
      await this.#putSecrets(trx, Number(server.id), secrets);
      return this.#stored(trx, server);
    });
  }

  /**
   * Replaces the draft if its revision is still `expectedRevision`: 409 with the current state
   * when it is not. Unchanged content makes no revision.
   */
  async update(
    name: string,
    expectedRevision: number,
    value: unknown,
    meta: ChangeMeta = {},
    source: ProblemSource = { in: 'body' },
    action: ServerRevisionAction = 'update',
  ): Promise<StoredServer> {
    const { definition, secrets } = this.#prepare(value, source);
    if (definition.server.name !== name) {
      throw badRequest(
        `server.name '${definition.server.name}' differs from the server being updated ('${name}'); a server keeps its name`,
        [
          {
            in: source.in,
            path: `${source.prefix ?? ''}/server/name`,
            message: 'must equal the name in the URL',
          },
        ],
      );
    }
    return this.#db.transaction().execute(async (trx) => {
      const current = await this.#row(trx, name);
      if (Number(current.revision) !== expectedRevision) {
        throw await this.#stale(trx, current, expectedRevision);
      }
      const hash = contentHash(definition);
      let row = current;
      if (hash !== current.content_hash) {
        const timestamp = now();
        const revision = expectedRevision + 1;
        const updated = await repository.updateServerIfAt(
          trx,
          Number(current.id),
          expectedRevision,
          {
            ...this.#columns(definition),
            revision,
            content_hash: hash,
            updated_at: timestamp,
          },
        );
        if (!updated) {
          throw await this.#stale(trx, await this.#row(trx, name), expectedRevision);
        }
        await repository.insertRevision(trx, {
          server_id: Number(current.id),
          revision,
          definition: JSON.stringify(definition),
          content_hash: hash,
          action,
          author: meta.author ?? null,
          message: meta.message ?? null,
          created_at: timestamp,
        });
        row = updated;
      }
      await this.#putSecrets(trx, Number(current.id), secrets);
      return this.#stored(trx, row);
    });
  }

  /** Deletes a server with its history and secrets; when a revision is given it must be current. */
  async delete(name: string, expectedRevision?: number): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      const current = await this.#row(trx, name);
      if (expectedRevision !== undefined && Number(current.revision) !== expectedRevision) {
        throw await this.#stale(trx, current, expectedRevision);
      }
      await repository.deleteServer(trx, Number(current.id));
    });
  }

  async listRevisions(
    name: string,
    query: { page?: number | undefined; pageSize?: number | undefined } = {},
  ): Promise<Page<ServerRevision>> {
    const row = await this.#row(this.#db, name);
    const { page, pageSize, offset } = pageOf(query.page, query.pageSize);
    const { rows, total } = await repository.listRevisions(
      this.#db,
      Number(row.id),
      offset,
      pageSize,
    );
    return { items: rows.map(toRevision), total, page, pageSize };
  }

  async getRevision(name: string, revision: number): Promise<ServerRevision> {
    const row = await this.#row(this.#db, name);
    const found = await repository.revisionRow(this.#db, Number(row.id), revision);
    if (!found) {
      throw notFound(`server '${name}' has no revision ${revision} (current is ${row.revision})`);
    }
    return toRevision(found);
  }

  /** The changes from revision `from` to revision `to` (default: the one before `to`, the current). */
  async diff(
    name: string,
    from: number | undefined,
    to: number | undefined,
  ): Promise<{ from: number; to: number; changes: DefinitionChange[] }> {
    const row = await this.#row(this.#db, name);
    const toRevisionNumber = to ?? Number(row.revision);
    const fromRevisionNumber = from ?? Math.max(toRevisionNumber - 1, 1);
    const [older, newer] = await Promise.all([
      this.getRevision(name, fromRevisionNumber),
      this.getRevision(name, toRevisionNumber),
    ]);
    return {
      from: fromRevisionNumber,
      to: toRevisionNumber,
      changes: diffDefinitions(older.definition!, newer.definition!),
    };
  }

  /**
   * Sets (string) or removes (null) secret values. They are not part of the definition, so no
   * revision is made; the answer lists which keys are set, never a value.
   */
  async setSecrets(name: string, values: Record<string, unknown>): Promise<SecretStatus> {
    const problems: ErrorDetail[] = [];
    for (const [key, value] of Object.entries(values)) {
      const path = `/values/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!isValidSecretKey(key)) {
        problems.push({
          in: 'body',
          path,
          message: 'is not a valid secret key (letters, digits, "_", ".", "-"; at most 128)',
        });
      }
      // The message never quotes the value: it is a secret even when it is malformed.
      if (value !== null && typeof value !== 'string') {
        problems.push({
          in: 'body',
          path,
          message: 'must be a string (to set) or null (to remove)',
        });
      }
    }
    if (problems.length > 0)
      throw validationFailed(
        `invalid secrets: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
        problems,
      );
    return this.#db.transaction().execute(async (trx) => {
      const row = await this.#row(trx, name);
      const id = Number(row.id);
      const timestamp = now();
      for (const [key, value] of Object.entries(values)) {
        if (value === null) await repository.deleteSecret(trx, id, key);
        else await repository.putSecret(trx, id, key, value as string, timestamp);
      }
      return this.#secretStatus(trx, row);
    });
  }

  /**
   * Imports a configuration: creates the server, or, when one of that name exists, replaces its
   * draft if `expectedRevision` is its current revision (409 without it, so that an import never
   * overwrites a draft unseen). Secret references in the configuration keep the stored secrets.
   */
  async importDefinition(
    value: unknown,
    options: { expectedRevision?: number | undefined; meta?: ChangeMeta; source: ProblemSource },
  ): Promise<{ server: StoredServer; created: boolean }> {
    const name = (value as { server?: { name?: unknown } })?.server?.name;
    const existing =
      typeof name === 'string' ? await repository.serverByName(this.#db, name) : undefined;
    if (!existing) {
      try {
        const server = await this.create(value, options.meta, options.source, 'import');
        return { server, created: true };
      } catch (error) {
        // Created by someone else meanwhile: treat as an import over an existing server.
        if (!(
          error instanceof ApiError &&
          error.statusCode === 409 &&
          options.expectedRevision !== undefined
        )) {
          throw error;
        }
      }
    }
    if (options.expectedRevision === undefined) {
      const current = await this.get(name as string);
      throw conflict(
        `a server named '${name}' exists (revision ${current.revision}); pass revision=${current.revision} to import over its draft, or a name to import as a new server`,
        { current: this.toResource(current) },
        [{ in: options.source.in, path: '/server/name', message: `server '${name}' exists` }],
      );
    }
    const server = await this.update(
      name as string,
      options.expectedRevision,
      value,
      options.meta,
      options.source,
      'import',
    );
    return { server, created: false };
  }

  /**
   * Builds a new server draft with one tool per interface, in the order of `interfaceIds`.
   * 404 names interfaces that do not exist.
   */
  async createFromInterfaces(
    request: {
      name: string;
      interfaceIds: number[];
      title?: string | undefined;
      description?: string | undefined;
      /** A patch applied to every tool (openapi-to-mcpserver's template). */
      template?: ToolTemplate | undefined;
    },
    meta: ChangeMeta = {},
  ): Promise<{ server: StoredServer; warnings: string[] }> {
    if (!this.#interfaces) throw new Error('no interface source configured');
    const stored = await this.#interfaces.findAllDefinitions({ ids: request.interfaceIds });
    const byId = new Map(stored.map((s) => [s.id, s]));
    const ordered = [...new Set(request.interfaceIds)].map((id) => byId.get(id)!);
    const mapped = interfacesToTools(ordered);
    const definition: ServerDefinition = { server: { name: request.name } };
    if (request.title !== undefined) definition.server.title = request.title;
    if (request.description !== undefined) definition.server.description = request.description;
    if (mapped.securitySchemes.length > 0)
      definition.server.securitySchemes = mapped.securitySchemes;
    definition.tools = mapped.tools;
    const patched = request.template ? applyToolTemplate(definition, request.template) : definition;
    const server = await this.create(patched, meta);
    return { server, warnings: mapped.warnings };
  }

  /** The definition at a revision (default: the current draft), for export. */
  async definitionAt(name: string, revision?: number): Promise<ServerDefinition> {
    if (revision === undefined) return (await this.get(name)).definition;
    return (await this.getRevision(name, revision)).definition!;
  }

  /**
   * What publishing needs from the draft: its exact content with revision and hash, and the
   * secret values its references name. For the compiler only; never sent to a client.
   */
  async draftSnapshot(name: string): Promise<{
    serverId: number;
    revision: number;
    contentHash: string;
    definition: ServerDefinition;
    secrets: Record<string, string>;
  }> {
    return this.#db.transaction().execute(async (trx) => {
      const row = await this.#row(trx, name);
      return {
        serverId: Number(row.id),
        revision: Number(row.revision),
        contentHash: row.content_hash,
        definition: JSON.parse(row.definition) as ServerDefinition,
        secrets: await repository.secretValues(trx, Number(row.id)),
      };
    });
  }

  /**
   * Checks a stored definition in full again (publishing does, before compiling): the problems
   * as error details located in the draft, empty when it is valid.
   */
  recheck(definition: ServerDefinition): ErrorDetail[] {
    const structural = checkDefinitionSchema(definition);
    if (structural.length > 0) return problemDetails(structural, { in: 'draft' });
    return problemDetails(validateDefinition(definition, this.#checkTemplates), { in: 'draft' });
  }

  /** The API form of a stored server: bookkeeping, secret keys, then the definition's fields. */
  toResource(server: StoredServer): Record<string, unknown> {
    return {
      id: server.id,
      name: server.name,
      revision: server.revision,
      contentHash: server.contentHash,
      createdAt: server.createdAt,
      updatedAt: server.updatedAt,
      secrets: server.secrets,
      ...server.definition,
    };
  }

  /** Validates, fills defaults and moves plain credentials out; throws 400 when invalid. */
  #prepare(value: unknown, source: ProblemSource) {
    const structural = checkDefinitionSchema(value);
    if (structural.length > 0) throw invalid(structural, source);
    const extracted = extractInlineCredentials(normalize(value as ServerDefinition));
    const problems = validateDefinition(extracted.definition, this.#checkTemplates);
    if (problems.length > 0) throw invalid(problems, source);
    return extracted;
  }

  #columns(definition: ServerDefinition) {
    return {
      title: definition.server.title ?? null,
      description: definition.server.description ?? null,
      tool_count: (definition.tools ?? []).length,
      definition: JSON.stringify(definition),
    };
  }

  async #insert(
    trx: Executor,
    definition: ServerDefinition,
    meta: ChangeMeta,
    action: ServerRevisionAction,
  ): Promise<ServerRow> {
    const timestamp = now();
    const hash = contentHash(definition);
    let row: ServerRow;
    try {
      row = await repository.insertServer(trx, {
        name: definition.server.name,
        ...this.#columns(definition),
        revision: 1,
        content_hash: hash,
        created_at: timestamp,
        updated_at: timestamp,
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw conflict(`a server named '${definition.server.name}' already exists`, undefined, [
          { in: 'body', path: '/server/name', message: `'${definition.server.name}' is taken` },
        ]);
      }
      throw error;
    }
    await repository.insertRevision(trx, {
      server_id: Number(row.id),
      revision: 1,
      definition: JSON.stringify(definition),
      content_hash: hash,
      action,
      author: meta.author ?? null,
      message: meta.message ?? null,
      created_at: timestamp,
    });
    return row;
  }

  async #putSecrets(trx: Executor, serverId: number, secrets: Record<string, string>) {
    const timestamp = now();
    for (const [key, value] of Object.entries(secrets)) {
      await repository.putSecret(trx, serverId, key, value, timestamp);
    }
  }

  async #row(db: Executor, name: string): Promise<ServerRow> {
    const row = await repository.serverByName(db, name);
    if (!row) throw notFound(`no server named '${name}'`);
    return row;
  }

  async #secretStatus(db: Executor, row: ServerRow): Promise<SecretStatus> {
    const set = await repository.secretKeys(db, Number(row.id));
    const referenced = referencedSecretKeys(JSON.parse(row.definition) as ServerDefinition);
    return { set, missing: referenced.filter((key) => !set.includes(key)) };
  }

  async #stored(db: Executor, row: ServerRow): Promise<StoredServer> {
    return {
      id: Number(row.id),
      name: row.name,
      revision: Number(row.revision),
      contentHash: row.content_hash,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      secrets: await this.#secretStatus(db, row),
      definition: JSON.parse(row.definition) as ServerDefinition,
    };
  }

  async #stale(db: Executor, current: ServerRow, sent: number): Promise<ApiError> {
    return conflict(
      `server '${current.name}' has changed since revision ${sent}: the current revision is ${current.revision}; re-read it and apply your change again`,
      { current: this.toResource(await this.#stored(db, current)) },
      [
        {
          in: 'body',
          path: '/revision',
          message: `revision ${sent} is stale; current is ${current.revision}`,
        },
      ],
    );
  }
}
