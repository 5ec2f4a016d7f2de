import type { CallToolResult } from '@modelcontextprotocol/server';
import type { Logger } from 'pino';
import type { ServedServer, ToolCallContext, ToolCatalog } from '../protocol/tool-catalog.ts';
import type { ServerDefinition } from '../servers/model.ts';
import { clientCredentialHeader } from '../compiler/compiled-config.ts';
import { materialFor } from '../protocol/served-server-material.ts';
import {
  LoadFailure,
  ServerInstance,
  type InstanceLimits,
  type UpstreamPerformer,
} from './server-instance.ts';
import { clientHeaderFilter, type ClientHeaderFilter } from './client-header-policy.ts';

export { LoadFailure } from './server-instance.ts';

export interface LoadError {
  version: number;
  message: string;
  at: string;
}

export interface RuntimeStatus {
  /** The version this process serves, if any. */
  activeVersion?: number;
  /** Why the last load attempt failed; cleared by the next successful one. */
  lastLoadError?: LoadError;
  /** Replaced versions still finishing calls that started on them. */
  draining?: number;
}

/** What an activation needs besides the artifact: the version's definition, for header policy. */
export interface ActivationOptions {
  definition?: ServerDefinition;
}

type InstanceLoader = typeof ServerInstance.load;

/** One loaded version and the calls running on it. */
interface LoadedVersion {
  version: number;
  instance: ServerInstance;
  served: ServedServer;
  calls: number;
  retired: boolean;
  disposed: boolean;
  onIdle?: () => void;
}

function unloadedResult(name: string): CallToolResult {
  return {
    content: [{ type: 'text', text: `server '${name}' is no longer served` }],
    isError: true,
  };
}

/** Longest wait for a replaced version's calls before it is released anyway. */
const DEFAULT_DRAIN_TIMEOUT_MS = 120_000;

/**
 * Keeps the active version of every published server loaded and is the data plane's
 * ToolCatalog. An activation loads the new version first and swaps it in atomically (one Map
 * write); calls that started on the old version finish there, and the old instance is released
 * once they have. A version that fails to load leaves the previous one serving.
 */
export class ServerRuntimeManager implements ToolCatalog {
  readonly #loaded = new Map<string, LoadedVersion>();
  readonly #errors = new Map<string, LoadError>();
  readonly #draining = new Map<string, number>();
  readonly #listeners = new Set<(serverName: string) => void>();
  readonly #queues = new Map<string, Promise<unknown>>();
  readonly #performer: UpstreamPerformer;
  readonly #limits: Partial<InstanceLimits> | undefined;
  readonly #load: InstanceLoader;
  readonly #logger: Logger | undefined;
  readonly #drainTimeoutMs: number;

  constructor(options: {
    performer: UpstreamPerformer;
    limits?: Partial<InstanceLimits>;
    logger?: Logger;
    drainTimeoutMs?: number;
    /** How artifacts become instances; ServerInstance.load unless a test swaps it. */
    load?: InstanceLoader;
  }) {
    this.#performer = options.performer;
    this.#limits = options.limits;
    this.#logger = options.logger;
    this.#drainTimeoutMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
    this.#load =
      options.load ?? ((artifact, loadOptions) => ServerInstance.load(artifact, loadOptions));
  }

  /** The performer calls use (preview's live mode uses it too). */
  get performer(): UpstreamPerformer {
    return this.#performer;
  }

  /** Loads an artifact outside the catalog (preview); the caller disposes it. */
  loadDetached(artifact: Uint8Array, secrets: Record<string, string>): Promise<ServerInstance> {
    return this.#load(artifact, {
      secrets,
      ...(this.#limits !== undefined && { limits: this.#limits }),
    });
  }

  get(serverName: string): ServedServer | undefined {
    return this.#loaded.get(serverName)?.served;
  }

  onChange(listener: (serverName: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Names of the servers loaded in this process. */
  loadedServers(): string[] {
    return [...this.#loaded.keys()];
  }

  status(serverName: string): RuntimeStatus {
    const status: RuntimeStatus = {};
    const loaded = this.#loaded.get(serverName);
    if (loaded) status.activeVersion = loaded.version;
    const error = this.#errors.get(serverName);
    if (error) status.lastLoadError = error;
    const draining = this.#draining.get(serverName);
    if (draining) status.draining = draining;
    return status;
  }

  /**
   * Loads `artifact` as `version` of the server and makes it the one served. On a load failure
   * the previous version keeps serving, the failure is recorded in status() and LoadFailure is
   * thrown. Activations of one server run one at a time, in call order.
   */
  activate(
    serverName: string,
    version: number,
    artifact: Uint8Array,
    secrets: Record<string, string>,
    options: ActivationOptions = {},
  ): Promise<void> {
    return this.#serialized(serverName, async () => {
      let instance: ServerInstance;
      try {
        instance = await this.#load(artifact, {
          secrets,
          ...(this.#limits !== undefined && { limits: this.#limits }),
        });
      } catch (error) {
        const message = (error as Error).message || String(error);
        this.#errors.set(serverName, { version, message, at: new Date().toISOString() });
        this.#logger?.warn(
          { server: serverName, version, err: message },
          'server version failed to load',
        );
        throw error instanceof LoadFailure ? error : new LoadFailure(message);
      }
      const entry = this.#entry(serverName, version, instance, options.definition);
      // The protocol layer's per-version material (argument validators, pre-serialized lists)
      // is built here, before the swap, so that the first call on the new version pays nothing.
      materialFor(entry.served);
      const previous = this.#loaded.get(serverName);
      this.#loaded.set(serverName, entry);
      this.#errors.delete(serverName);
      this.#logger?.info(
        { server: serverName, version, replaced: previous?.version },
        'server version loaded',
      );
      this.#emit(serverName);
      if (previous) this.#retire(serverName, previous);
    });
  }

  /** Stops serving the server; calls in flight finish on the version they started on. */
  unload(serverName: string): Promise<void> {
    return this.#serialized(serverName, async () => {
      const previous = this.#loaded.get(serverName);
      this.#errors.delete(serverName);
      if (!previous) return;
      this.#loaded.delete(serverName);
      this.#emit(serverName);
      this.#retire(serverName, previous);
    });
  }

  /** Unloads every server and waits for their calls to drain (shutdown). */
  async close(): Promise<void> {
    const names = [...this.#loaded.keys()];
    const entries = names.map((name) => this.#loaded.get(name)!);
    await Promise.all(names.map((name) => this.unload(name)));
    await Promise.all(entries.map((entry) => this.#drained(entry)));
  }

  #serialized<T>(serverName: string, task: () => Promise<T>): Promise<T> {
    const before = this.#queues.get(serverName) ?? Promise.resolve();
    const run = before.then(task, task);
    const settled = run.then(
      () => {},
      () => {},
    );
    this.#queues.set(serverName, settled);
    void settled.then(() => {
      if (this.#queues.get(serverName) === settled) this.#queues.delete(serverName);
    });
    return run;
  }

  #emit(serverName: string) {
    for (const listener of this.#listeners) {
      try {
        listener(serverName);
      } catch (error) {
        this.#logger?.error({ err: error, server: serverName }, 'runtime change listener failed');
      }
    }
  }

  /** The ServedServer of one activation: built once, used by every call until replaced. */
  #entry(
    serverName: string,
    version: number,
    instance: ServerInstance,
    definition: ServerDefinition | undefined,
  ): LoadedVersion {
    const filters = headerFilters(definition);
    const performer = this.#performer;
    const description = instance.description;
    const entry: LoadedVersion = {
      version,
      instance,
      calls: 0,
      retired: false,
      disposed: false,
      served: undefined as unknown as ServedServer,
    };
    const callTool = async (
      tool: string,
      args: Record<string, unknown>,
      ctx: ToolCallContext,
    ): Promise<CallToolResult> => {
      if (entry.disposed) {
        // Looked up before a swap but called after the old version was released: the
        // current version (if any) serves it; nothing ran on the released one.
        const current = this.#loaded.get(serverName);
        return current ? current.served.callTool(tool, args, ctx) : unloadedResult(serverName);
      }
      entry.calls++;
      try {
        const filter = filters.get(tool) ?? filters.get('')!;
        return await instance.callTool(tool, args, {
          performer,
          clientHeaders: filter(ctx.clientHeaders),
          signal: ctx.signal,
        });
      } finally {
        entry.calls--;
        if (entry.calls === 0) entry.onIdle?.();
      }
    };
    const served: ServedServer = {
      name: serverName,
      version: String(version),
      tools: description.tools,
      callTool,
    };
    if (description.title !== undefined) served.title = description.title;
    if (description.description !== undefined) served.description = description.description;
    entry.served = served;
    return entry;
  }

  #retire(serverName: string, entry: LoadedVersion) {
    entry.retired = true;
    this.#draining.set(serverName, (this.#draining.get(serverName) ?? 0) + 1);
    void this.#drained(entry).then(() => {
      entry.disposed = true;
      entry.instance.dispose();
      const left = (this.#draining.get(serverName) ?? 1) - 1;
      if (left > 0) this.#draining.set(serverName, left);
      else this.#draining.delete(serverName);
      this.#logger?.debug(
        { server: serverName, version: entry.version },
        'server version released',
      );
    });
  }

  #drained(entry: LoadedVersion): Promise<void> {
    if (entry.calls === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#logger?.warn(
          { version: entry.version, calls: entry.calls },
          'released a replaced server version with calls still running',
        );
        resolve();
      }, this.#drainTimeoutMs);
      timer.unref();
      entry.onIdle = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/**
 * The client-header filter of every tool: the server's policy, plus the header a passthrough
 * tool reads its client credential from (the instance moves it into the upstream scheme).
 * Key '' is the server-wide filter.
 */
function headerFilters(definition: ServerDefinition | undefined): Map<string, ClientHeaderFilter> {
  const options = definition?.server.clientHeaders ?? {};
  const filters = new Map<string, ClientHeaderFilter>([['', clientHeaderFilter(options)]]);
  for (const tool of definition?.tools ?? []) {
    const credential = definition ? clientCredentialHeader(definition, tool) : undefined;
    if (credential === undefined) continue;
    const base = filters.get('')!;
    filters.set(tool.name, (headers) => {
      const passed = base(headers);
      const value = headers[credential];
      if (value !== undefined) passed[credential] = value;
      return passed;
    });
  }
  return filters;
}
