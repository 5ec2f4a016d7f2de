import type { Logger } from 'pino';
import type { Database } from '../../db/database.ts';
import { ApiError, conflict, notFound, type ErrorDetail } from '../../app/errors.ts';
import { compileServer, CompileError, type CompiledArtifact } from '../compiler/compile-server.ts';
import { diffDefinitions, type DefinitionChange } from '../../common/definition-diff.ts';
import type { ServerDefinition } from '../servers/model.ts';
import type { McpServerService } from '../servers/server-service.ts';
import * as servers from '../servers/server-repository.ts';
import type { Executor } from '../servers/server-repository.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import { referencedSecretKeys } from '../servers/secret-references.ts';
import type { ServerRuntimeManager } from '../runtime/server-runtime-manager.ts';
import { LoadFailure } from '../runtime/server-instance.ts';
import * as repository from './version-repository.ts';
import type { VersionSummaryRow } from './version-repository.ts';
import { KeyedLock } from './keyed-lock.ts';

/** A published version as the API shows it. */
export interface VersionResource {
  version: number;
  /** The draft revision it was published from. */
  revision: number;
  message: string | null;
  author: string | null;
  createdAt: string;
  /** sha256 of the artifact bytes: the artifact's identity. */
  contentHash: string;
  /** Content hash of the published definition. */
  definitionHash: string;
  sizeBytes?: number;
  /** The version the gateway serves (stored activation). */
  active: boolean;
  definition?: ServerDefinition;
}

/** What the gateway serves for a server: stored intent and this process's reality. */
export interface RuntimeView {
  /** The stored active version (all replicas converge on it). */
  activeVersion: number | null;
  /** The version this process serves. */
  loadedVersion: number | null;
  lastLoadError: { version: number; message: string; at: string } | null;
}

export interface PublishOutcome {
  version: VersionResource;
  /** False when the draft compiled to the artifact of the latest version: no version is made. */
  created: boolean;
  runtime: RuntimeView;
  warnings: string[];
}

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

function now(): string {
  return new Date().toISOString();
}

function toResource(
  row: VersionSummaryRow & { size_bytes?: number; definition?: string },
  activeVersion: number | undefined,
): VersionResource {
  const resource: VersionResource = {
    version: Number(row.version),
    revision: Number(row.revision),
    message: row.message,
    author: row.author,
    createdAt: row.created_at,
    contentHash: row.artifact_hash,
    definitionHash: row.definition_hash,
    active: Number(row.version) === activeVersion,
  };
  if (row.size_bytes !== undefined) resource.sizeBytes = Number(row.size_bytes);
  if (row.definition !== undefined) {
    resource.definition = JSON.parse(row.definition) as ServerDefinition;
  }
  return resource;
}

function loadFailed(name: string, version: number, error: Error, runtime: RuntimeView): ApiError {
  return new ApiError(
    422,
    'load_failed',
    `version ${version} of server '${name}' failed to load: ${error.message}; ${
      runtime.loadedVersion === null
        ? 'no version is served'
        : `version ${runtime.loadedVersion} keeps serving`
    }`,
    [{ in: 'artifact', path: '', message: error.message }],
    { runtime },
  );
}

/**
 * Publishing and version management of MCP servers: compiles a draft into an artifact, stores
 * it as an immutable version, activates versions (publish, rollback) in the runtime and in the
 * database, and keeps this process's runtime in line with the stored activations (start-up,
 * secret changes, other replicas' activations seen by polling).
 */
export class McpVersionService {
  readonly #database: Database;
  readonly #servers: McpServerService;
  readonly #runtime: ServerRuntimeManager;
  readonly #logger: Logger | undefined;
  readonly #lock = new KeyedLock();
  /** The activation generation this process last applied (or tried), per server. */
  readonly #applied = new Map<string, number>();
  #syncTimer: NodeJS.Timeout | undefined;
  #syncing: Promise<void> | undefined;

  constructor(
    database: Database,
    serverService: McpServerService,
    runtime: ServerRuntimeManager,
    logger?: Logger,
  ) {
    this.#database = database;
    this.#servers = serverService;
    this.#runtime = runtime;
    this.#logger = logger;
  }

  get #db() {
    return this.#database.db;
  }

  get runtime(): ServerRuntimeManager {
    return this.#runtime;
  }

  /**
   * Publishes the draft at `revision` (it must be the current one): validates it in full,
   * compiles it, stores the version with its artifact and activates it. A draft that compiles
   * to the artifact of the latest version makes no new version; that version is (re)activated.
   */
  async publish(
    name: string,
    request: { revision: number; message?: string | undefined },
    author: string | undefined,
  ): Promise<PublishOutcome> {
    return this.#lock.run(name, async () => {
      const snapshot = await this.#servers.draftSnapshot(name);
      if (snapshot.revision !== request.revision) {
        throw conflict(
          `server '${name}' is at revision ${snapshot.revision}, not ${request.revision}: review the current draft and publish that revision`,
          undefined,
          [
            {
              in: 'body',
              path: '/revision',
              message: `revision ${request.revision} is not the current draft (${snapshot.revision})`,
            },
          ],
        );
      }
      const problems = this.#servers.recheck(snapshot.definition);
      if (problems.length > 0) {
        throw new ApiError(
          422,
          'validation_failed',
          `the draft of server '${name}' is invalid: ${problems
            .slice(0, 5)
            .map((p) => p.message)
            .join('; ')}`,
          problems,
        );
      }
      const artifact = compileOrExplain(snapshot.definition);
      const missing = referencedSecretKeys(snapshot.definition).filter(
        (key) => snapshot.secrets[key] === undefined,
      );
      const warnings = missing.map(
        (key) => `secret '${key}' is referenced but has no value: calls that need it will fail`,
      );

      const latest = await repository.latestVersion(this.#db, snapshot.serverId);
      let version: number;
      let created: boolean;
      if (latest && latest.artifact_hash === artifact.contentHash) {
        version = Number(latest.version);
        created = false;
      } else {
        version = (latest ? Number(latest.version) : 0) + 1;
        created = true;
        const timestamp = now();
        await this.#storeVersion(name, async (trx) => {
          await repository.putArtifact(trx, {
            contentHash: artifact.contentHash,
            bytes: artifact.bytes,
            createdAt: timestamp,
          });
          await repository.insertVersion(trx, {
            server_id: snapshot.serverId,
            version,
            revision: snapshot.revision,
            definition: JSON.stringify(snapshot.definition),
            definition_hash: snapshot.contentHash,
            artifact_hash: artifact.contentHash,
            author: author ?? null,
            message: request.message ?? null,
            created_at: timestamp,
          });
        });
      }
      const stored = await repository.activation(this.#db, snapshot.serverId);
      const loaded = this.#runtime.status(name).activeVersion;
      if (Number(stored?.version) !== version || loaded !== version) {
        await this.#activateLocked(name, snapshot.serverId, version, author, {
          bytes: artifact.bytes,
          definition: snapshot.definition,
          secrets: snapshot.secrets,
        });
      }
      return {
        version: await this.getVersion(name, version, false),
        created,
        runtime: await this.runtimeView(name),
        warnings,
      };
    });
  }

  async listVersions(
    name: string,
    query: { page?: number | undefined; pageSize?: number | undefined },
  ): Promise<Page<VersionResource> & { activeVersion: number | null }> {
    const server = await this.#server(name);
    const pageSize = Math.min(Math.max(query.pageSize ?? 50, 1), 500);
    const page = Math.max(query.page ?? 1, 1);
    const [{ rows, total }, active] = await Promise.all([
      repository.listVersions(this.#db, Number(server.id), (page - 1) * pageSize, pageSize),
      repository.activation(this.#db, Number(server.id)),
    ]);
    const activeVersion = active ? Number(active.version) : undefined;
    return {
      items: rows.map((row) => toResource(row, activeVersion)),
      total,
      page,
      pageSize,
      activeVersion: activeVersion ?? null,
    };
  }

  async getVersion(name: string, version: number, withDefinition = true): Promise<VersionResource> {
    const server = await this.#server(name);
    const row = await this.#versionRow(name, Number(server.id), version);
    const active = await repository.activation(this.#db, Number(server.id));
    const { definition: _definition, ...summary } = row;
    return toResource(withDefinition ? row : summary, active ? Number(active.version) : undefined);
  }

  async definitionAtVersion(name: string, version: number): Promise<ServerDefinition> {
    const server = await this.#server(name);
    const row = await this.#versionRow(name, Number(server.id), version);
    return JSON.parse(row.definition) as ServerDefinition;
  }

  async artifact(
    name: string,
    version: number,
  ): Promise<{ bytes: Uint8Array; contentHash: string }> {
    const server = await this.#server(name);
    const row = await this.#versionRow(name, Number(server.id), version);
    const bytes = await repository.artifactBytes(this.#db, row.artifact_hash);
    if (!bytes)
      throw notFound(`the artifact ${row.artifact_hash} of version ${version} is missing`);
    return { bytes, contentHash: row.artifact_hash };
  }

  /** The changes from one version's definition to another's (default: the latest and the one before). */
  async diffVersions(
    name: string,
    from: number | undefined,
    to: number | undefined,
  ): Promise<{ fromVersion: number; toVersion: number; changes: DefinitionChange[] }> {
    const server = await this.#server(name);
    let toVersion = to;
    if (toVersion === undefined) {
      const latest = await repository.latestVersion(this.#db, Number(server.id));
      if (!latest) throw notFound(`server '${name}' has no published version`);
      toVersion = Number(latest.version);
    }
    const fromVersion = from ?? Math.max(toVersion - 1, 1);
    const [older, newer] = await Promise.all([
      this.#versionRow(name, Number(server.id), fromVersion),
      this.#versionRow(name, Number(server.id), toVersion),
    ]);
    return {
      fromVersion,
      toVersion,
      changes: diffDefinitions(
        JSON.parse(older.definition) as ServerDefinition,
        JSON.parse(newer.definition) as ServerDefinition,
      ),
    };
  }

  /** Activates a stored version (rollback or roll forward) from its stored artifact: no compile. */
  async activate(
    name: string,
    version: number,
    author: string | undefined,
  ): Promise<{ version: VersionResource; runtime: RuntimeView }> {
    return this.#lock.run(name, async () => {
      const server = await this.#server(name);
      const row = await this.#versionRow(name, Number(server.id), version);
      const bytes = await repository.artifactBytes(this.#db, row.artifact_hash);
      if (!bytes) {
        throw notFound(`the artifact ${row.artifact_hash} of version ${version} is missing`);
      }
      await this.#activateLocked(name, Number(server.id), version, author, {
        bytes,
        definition: JSON.parse(row.definition) as ServerDefinition,
        secrets: await servers.secretValues(this.#db, Number(server.id)),
      });
      return {
        version: await this.getVersion(name, version, false),
        runtime: await this.runtimeView(name),
      };
    });
  }

  /** Stored activation and this process's runtime state, for `GET /servers/{name}`. */
  async runtimeView(name: string): Promise<RuntimeView> {
    const server = await servers.serverByName(this.#db, name);
    const stored = server ? await repository.activation(this.#db, Number(server.id)) : undefined;
    const status = this.#runtime.status(name);
    return {
      activeVersion: stored ? Number(stored.version) : null,
      loadedVersion: status.activeVersion ?? null,
      lastLoadError: status.lastLoadError ?? null,
    };
  }

  /** The server's secrets changed: reload its active version with the new values (no compile). */
  async secretsChanged(name: string): Promise<RuntimeView | undefined> {
    return this.#lock.run(name, async () => {
      const server = await servers.serverByName(this.#db, name);
      if (!server) return undefined;
      const bumped = await repository.bumpGeneration(this.#db, Number(server.id));
      if (!bumped) return undefined;
      this.#applied.set(name, Number(bumped.generation));
      await this.#loadStored(name, Number(server.id), Number(bumped.version));
      return this.runtimeView(name);
    });
  }

  /** The server was deleted: stop serving it. */
  async serverDeleted(name: string): Promise<void> {
    await this.#lock.run(name, async () => {
      this.#applied.delete(name);
      await this.#runtime.unload(name);
    });
  }

  /**
   * Brings this process in line with the stored activations: loads what changed (another
   * replica's publish, rollback or secret change) and unloads servers no longer active. Start-up
   * runs it once; a timer runs it every few seconds.
   */
  sync(): Promise<void> {
    this.#syncing ??= this.#syncOnce().finally(() => {
      this.#syncing = undefined;
    });
    return this.#syncing;
  }

  /** Polls the stored activations every `intervalMs` (0: never). */
  startPolling(intervalMs: number): void {
    if (intervalMs <= 0 || this.#syncTimer) return;
    this.#syncTimer = setInterval(() => {
      this.sync().catch((error: unknown) =>
        this.#logger?.error({ err: error }, 'runtime sync with stored activations failed'),
      );
    }, intervalMs);
    this.#syncTimer.unref();
  }

  async close(): Promise<void> {
    if (this.#syncTimer) clearInterval(this.#syncTimer);
    this.#syncTimer = undefined;
    await this.#syncing?.catch(() => {});
    await this.#runtime.close();
  }

  async #syncOnce(): Promise<void> {
    const rows = await repository.activeVersions(this.#db);
    const active = new Set<string>();
    for (const row of rows) {
      active.add(row.name);
      if (this.#applied.get(row.name) === Number(row.generation)) continue;
      await this.#lock.run(row.name, async () => {
        // Re-read under the lock: a local activation may have just applied it.
        const current = await repository.activation(this.#db, Number(row.server_id));
        if (!current || this.#applied.get(row.name) === Number(current.generation)) return;
        this.#applied.set(row.name, Number(current.generation));
        try {
          await this.#loadStored(row.name, Number(row.server_id), Number(current.version));
        } catch (error) {
          // Recorded in the runtime status; the previous version keeps serving.
          if (!(error instanceof LoadFailure)) throw error;
        }
      });
    }
    for (const name of this.#runtime.loadedServers()) {
      if (active.has(name)) continue;
      await this.#lock.run(name, async () => {
        const server = await servers.serverByName(this.#db, name);
        const stored = server
          ? await repository.activation(this.#db, Number(server.id))
          : undefined;
        if (stored) return;
        this.#applied.delete(name);
        await this.#runtime.unload(name);
      });
    }
  }

  /** Loads a stored version into the runtime (no database write). */
  async #loadStored(name: string, serverId: number, version: number): Promise<void> {
    const row = await repository.versionRow(this.#db, serverId, version);
    if (!row) throw new LoadFailure(`version ${version} is not stored`);
    const bytes = await repository.artifactBytes(this.#db, row.artifact_hash);
    // The foreign key keeps artifacts of stored versions; a missing one is a broken database.
    if (!bytes)
      throw new Error(`the artifact ${row.artifact_hash} of version ${version} is missing`);
    await this.#runtime.activate(
      name,
      version,
      bytes,
      await servers.secretValues(this.#db, serverId),
      { definition: JSON.parse(row.definition) as ServerDefinition },
    );
  }

  /**
   * Loads the version here first; only once it serves is the activation stored, so that other
   * replicas never chase a version that did not load. Called with the server's lock held.
   */
  async #activateLocked(
    name: string,
    serverId: number,
    version: number,
    author: string | undefined,
    material: { bytes: Uint8Array; definition: ServerDefinition; secrets: Record<string, string> },
  ): Promise<void> {
    try {
      await this.#runtime.activate(name, version, material.bytes, material.secrets, {
        definition: material.definition,
      });
    } catch (error) {
      if (error instanceof LoadFailure) {
        throw loadFailed(name, version, error, await this.runtimeView(name));
      }
      throw error;
    }
    const row = await repository.setActivation(this.#db, serverId, version, now(), author ?? null);
    this.#applied.set(name, Number(row.generation));
  }

  /**
   * Writes a new version in one transaction. Another replica publishing the same server at the
   * same moment takes the same number: the loser gets 409 and nothing of it is stored.
   */
  async #storeVersion(name: string, write: (trx: Executor) => Promise<void>): Promise<void> {
    try {
      await this.#db.transaction().execute(write);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw conflict(
        `server '${name}' was published by someone else at the same moment; read its versions and publish again if needed`,
      );
    }
  }

  async #server(name: string) {
    const server = await servers.serverByName(this.#db, name);
    if (!server) throw notFound(`no server named '${name}'`);
    return server;
  }

  async #versionRow(name: string, serverId: number, version: number) {
    const row = await repository.versionRow(this.#db, serverId, version);
    if (!row) {
      const latest = await repository.latestVersion(this.#db, serverId);
      throw notFound(
        `server '${name}' has no version ${version} (${
          latest ? `latest is ${latest.version}` : 'nothing is published yet'
        })`,
      );
    }
    return row;
  }
}

/** Compiles a definition; template errors become a 422 naming tool, field, line and column. */
export function compileOrExplain(definition: ServerDefinition): CompiledArtifact {
  try {
    return compileServer(definition);
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
    const details: ErrorDetail[] = error.problems.map((p) => ({
      in: 'draft',
      path: toolFieldPointer(definition, p.tool, p.field),
      tool: p.tool,
      field: p.field,
      line: p.line,
      column: p.column,
      message: p.message,
    }));
    throw new ApiError(422, 'compile_failed', error.message, details);
  }
}

function toolFieldPointer(definition: ServerDefinition, tool: string, field: string): string {
  const index = (definition.tools ?? []).findIndex((t) => t.name === tool);
  if (index < 0) return '';
  return `/tools/${index}/${field.split('.').join('/')}`;
}
