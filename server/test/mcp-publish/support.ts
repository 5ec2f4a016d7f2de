// Loopback upstreams, server definitions and MCP calls for the publishing tests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerDefinition } from '../../src/mcp/servers/model.ts';
import type { TestGateway } from '../support/gateway.ts';
import type { Settings } from '../../src/config/settings.ts';
import { createLogger, startGateway, type RunningGateway } from '../../src/gateway.ts';

/** A parsed JSON answer, read loosely by the assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface LoopbackServer {
  origin: string;
  /** Request headers as received, most recent last. */
  received: http.IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** A loopback HTTP server; the handler answers each request. */
export async function startLoopback(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<LoopbackServer> {
  const received: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    received.push(req.headers);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers `{"label": <x-label header>, "who": <who query>}`: the request the version rendered. */
export function startEchoUpstream(): Promise<LoopbackServer> {
  return startLoopback((req, res) => {
    const url = new URL(req.url ?? '/', 'http://upstream');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ label: req.headers['x-label'] ?? null, who: url.searchParams.get('who') }),
    );
  });
}

/**
 * A server whose one tool sends its label in a header and prints it again from its response
 * template: a result `L|L|who` shows that one version rendered both the request and the result.
 */
export function labelledDefinition(name: string, origin: string, label: string): ServerDefinition {
  return {
    server: { name, description: `server ${label}` },
    tools: [
      {
        name: 'hello',
        description: `says hello (${label})`,
        args: [{ name: 'who', type: 'string', required: true, position: 'query' }],
        requestTemplate: {
          url: `${origin}/hello`,
          method: 'GET',
          headers: [{ key: 'x-label', value: label }],
        },
        responseTemplate: { body: `${label}|{{.label}}|{{.who}}` },
      },
    ],
  };
}

export async function json(response: Response): Promise<Record<string, Json>> {
  const text = await response.text();
  try {
    return JSON.parse(text) as Record<string, Json>;
  } catch {
    throw new Error(`not JSON (${response.status}): ${text.slice(0, 300)}`);
  }
}

/** Creates or replaces the draft; answers its revision. */
export async function saveDraft(
  gateway: TestGateway,
  definition: ServerDefinition,
): Promise<number> {
  const name = definition.server.name;
  const current = await gateway.api(`/servers/${name}`);
  const response =
    current.status === 404
      ? await gateway.api('/servers', { method: 'POST', json: definition })
      : await gateway.api(`/servers/${name}`, {
          method: 'PUT',
          json: { ...definition, revision: (await json(current)).revision },
        });
  const body = await json(response);
  if (response.status >= 300) throw new Error(`saving ${name}: ${JSON.stringify(body)}`);
  return body.revision as number;
}

export async function publish(
  gateway: TestGateway,
  name: string,
  revision: number,
  message?: string,
): Promise<{ status: number; body: Record<string, Json> }> {
  const response = await gateway.api(`/servers/${name}/publish`, {
    method: 'POST',
    json: { revision, ...(message !== undefined && { message }) },
  });
  return { status: response.status, body: await json(response) };
}

/** Saves the definition and publishes it; answers the version. */
export async function savePublish(
  gateway: TestGateway,
  definition: ServerDefinition,
): Promise<number> {
  const revision = await saveDraft(gateway, definition);
  const { status, body } = await publish(gateway, definition.server.name, revision);
  if (status >= 300) throw new Error(`publishing: ${JSON.stringify(body)}`);
  return body.version as number;
}

const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** A 2026-07-28 stateless JSON-RPC request to `/mcp/{server}`. */
export function mcpRequest(
  dataPlaneUrl: string,
  server: string,
  method: string,
  params: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${dataPlaneUrl}/mcp/${server}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': method,
      ...(typeof params.name === 'string' && { 'mcp-name': params.name }),
      ...headers,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: { ...params, _meta: ENVELOPE } }),
  });
}

/** tools/call through the data plane; answers the JSON-RPC message. */
export async function callTool(
  dataPlaneUrl: string,
  server: string,
  tool: string,
  args: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ status: number; message: Record<string, Json> }> {
  const response = await mcpRequest(
    dataPlaneUrl,
    server,
    'tools/call',
    { name: tool, arguments: args },
    headers,
  );
  const text = await response.text();
  return {
    status: response.status,
    message: text === '' ? {} : (JSON.parse(text) as Record<string, Json>),
  };
}

/** The text of a tools/call result, or throws with what came back. */
export function resultText(message: Record<string, Json>): string {
  const result = message.result as
    { content?: Array<{ text?: string }>; isError?: boolean } | undefined;
  if (!result?.content) throw new Error(`no result: ${JSON.stringify(message)}`);
  return result.content.map((c) => c.text ?? '').join('');
}

/** Another gateway over the same database as `gateway` (a restart, or a second replica). */
export async function startGatewayOn(
  target: TestGateway['target'],
  overrides: Partial<Settings> = {},
): Promise<RunningGateway & { api: TestGateway['api'] }> {
  const settings: Settings = {
    port: 0,
    host: '127.0.0.1',
    adminPort: 0,
    adminHost: '127.0.0.1',
    dataDir: target.dataDir,
    databaseUrl: target.databaseUrl,
    logLevel: process.env.MCPGW_TEST_LOG_LEVEL ?? 'silent',
    adminBodyLimit: 64 * 1024 * 1024,
    demo: false,
    ...overrides,
  };
  const running = await startGateway(settings, createLogger(settings.logLevel));
  return {
    ...running,
    api(pathname, init = {}) {
      const { json: body, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (body !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${running.adminUrl}/api/v1${pathname}`, {
        ...rest,
        headers,
        body: body !== undefined ? JSON.stringify(body) : rest.body,
      });
    },
  };
}
