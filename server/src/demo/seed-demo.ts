import type { Logger } from 'pino';
import type { GatewayServices } from '../app/services.ts';
import { ApiError } from '../app/errors.ts';
import { importDocument } from '../http-interfaces/openapi/document-import.ts';
import type { ServerDefinition } from '../mcp/servers/model.ts';
import { startBookshopApi, type RunningBookshopApi } from './bookshop-api.ts';
import { bookshopOpenApi } from './bookshop-openapi.ts';

/** The tag of the demo's interfaces and the name of its MCP server. */
export const DEMO_TAG = 'demo-bookshop';
export const DEMO_SERVER = 'bookshop';
/** The sample API's port on a first run (any free port if taken). */
export const DEFAULT_DEMO_API_PORT = 8090;

const AUTHOR = 'demo';

export interface SeededDemo {
  /** Where the sample API answers, e.g. http://127.0.0.1:8090. */
  apiUrl: string;
  serverName: string;
  /** The published version the demo server serves. */
  version: number;
  close(): Promise<void>;
}

function loopbackPort(url: string | undefined): number | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.hostname !== '127.0.0.1' || parsed.port === '') return undefined;
    return Number(parsed.port);
  } catch {
    return undefined;
  }
}

/** The sample API on the port the stored interfaces name; another one if it is taken. */
async function startApi(preferred: number, logger: Logger): Promise<RunningBookshopApi> {
  try {
    return await startBookshopApi(preferred);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || preferred === 0) throw error;
    logger.warn(
      { port: preferred },
      'demo: the sample API port is taken; using a free port and pointing the demo at it',
    );
    return startBookshopApi(0);
  }
}

/** The draft with every tool URL on `from` moved to `to` (other edits are kept). */
function movedUpstream(definition: ServerDefinition, to: string): ServerDefinition | undefined {
  let moved = false;
  const tools = (definition.tools ?? []).map((tool) => {
    const url = tool.requestTemplate?.url;
    if (url === undefined || url.startsWith(`${to}/`)) return tool;
    const port = loopbackPort(url);
    if (port === undefined) return tool;
    moved = true;
    const path = new URL(url).pathname.replace(/%7B/gi, '{').replace(/%7D/gi, '}');
    return { ...tool, requestTemplate: { ...tool.requestTemplate!, url: `${to}${path}` } };
  });
  return moved ? { ...definition, tools } : undefined;
}

/**
 * Seeds the offline demo workspace: starts the sample bookshop API on loopback, imports its
 * OpenAPI document as interfaces, builds the `bookshop` MCP server from them and publishes it.
 * A second start on the same data reuses all of it: the API takes the port the stored
 * interfaces name, the import skips unchanged operations and publishing an unchanged draft makes
 * no new version. If that port is taken, the interfaces and the server draft are pointed at the
 * new one and republished.
 */
export async function seedDemo(
  services: GatewayServices,
  options: { apiPort?: number } = {},
): Promise<SeededDemo> {
  const { logger } = services;
  const stored = await services.httpInterfaces.findAllDefinitions({ tag: DEMO_TAG });
  const storedUpstream = stored
    .map((s) => s.definition.upstream)
    .find((u): u is { url: string } => u !== undefined && 'url' in u);
  const preferred = loopbackPort(storedUpstream?.url) ?? options.apiPort ?? DEFAULT_DEMO_API_PORT;
  const api = await startApi(preferred, logger);
  try {
    const report = await importDocument(services.httpInterfaces, bookshopOpenApi(api.url), {
      tags: [DEMO_TAG],
      meta: { author: AUTHOR, message: 'demo workspace' },
    });
    const interfaceIds = [...report.created, ...report.updated, ...report.skipped]
      .map((entry) => entry.id)
      .filter((id): id is number => id !== undefined);

    let revision: number;
    try {
      const server = await services.mcpServers.get(DEMO_SERVER);
      revision = server.revision;
      const moved = movedUpstream(server.definition, api.url);
      if (moved) {
        const updated = await services.mcpServers.update(DEMO_SERVER, revision, moved, {
          author: AUTHOR,
          message: `demo: the sample API moved to ${api.url}`,
        });
        revision = updated.revision;
      }
    } catch (error) {
      if (!(error instanceof ApiError) || error.statusCode !== 404) throw error;
      const { server } = await services.mcpServers.createFromInterfaces(
        {
          name: DEMO_SERVER,
          interfaceIds,
          title: 'Demo bookshop',
          description:
            'Tools over the demo bookshop API served by the gateway on loopback: list, get and add books, and get a cover image.',
        },
        { author: AUTHOR, message: 'demo workspace' },
      );
      revision = server.revision;
    }
    const outcome = await services.mcpVersions.publish(
      DEMO_SERVER,
      { revision, message: 'demo workspace' },
      AUTHOR,
    );
    logger.info(
      {
        sampleApi: api.url,
        server: DEMO_SERVER,
        version: outcome.version.version,
        interfaces: report.counts,
      },
      'demo workspace ready',
    );
    return {
      apiUrl: api.url,
      serverName: DEMO_SERVER,
      version: outcome.version.version,
      close: () => api.close(),
    };
  } catch (error) {
    await api.close();
    throw error;
  }
}
