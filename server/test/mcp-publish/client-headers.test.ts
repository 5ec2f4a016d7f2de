// Which client headers reach the upstream: the default policy and the per-server option
// (server.clientHeaders), applied by the runtime catalog before the Wasm module plans the call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import type { ServerDefinition } from '../../src/mcp/servers/model.ts';
import { clientHeaderFilter } from '../../src/mcp/runtime/client-header-policy.ts';
import {
  callTool,
  resultText,
  savePublish,
  startLoopback,
  type LoopbackServer,
} from './support.ts';

let gateway: TestGateway;
let upstream: LoopbackServer;

beforeAll(async () => {
  upstream = await startLoopback((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.headers));
  });
  gateway = await startTestGateway('sqlite', { runtimeSyncIntervalMs: 0 });
});
afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
});

function definition(
  name: string,
  clientHeaders?: ServerDefinition['server']['clientHeaders'],
): ServerDefinition {
  return {
    server: { name, ...(clientHeaders && { clientHeaders }) },
    tools: [
      {
        name: 'headers',
        requestTemplate: {
          url: `${upstream.origin}/h`,
          method: 'GET',
          headers: [{ key: 'x-from-template', value: 'module' }],
        },
      },
    ],
  };
}

const CLIENT_HEADERS = {
  authorization: 'Bearer client-token',
  'x-trace-id': 'trace-1',
  'x-tenant': 'acme',
  cookie: 'session=abc',
  'accept-encoding': 'gzip',
  'x-from-template': 'client',
};

async function upstreamSaw(server: string): Promise<Record<string, string>> {
  const { status, message } = await callTool(
    gateway.dataPlaneUrl,
    server,
    'headers',
    {},
    CLIENT_HEADERS,
  );
  expect(status).toBe(200);
  return JSON.parse(resultText(message)) as Record<string, string>;
}

describe('client header pass-through', () => {
  it('passes most headers, drops Authorization, Mcp-*, hop-by-hop and message headers by default', async () => {
    await savePublish(gateway, definition('default-policy'));
    const seen = await upstreamSaw('default-policy');
    expect(seen['x-trace-id']).toBe('trace-1');
    expect(seen['x-tenant']).toBe('acme');
    expect(seen.cookie).toBe('session=abc');
    expect(seen.authorization).toBeUndefined();
    expect(Object.keys(seen).filter((name) => name.startsWith('mcp-'))).toEqual([]);
    // The client's Accept-Encoding is not forwarded: the gateway reads bodies itself.
    expect(seen['accept-encoding']).not.toBe('gzip');
    // The module's own headers win over the client's.
    expect(seen['x-from-template']).toBe('module');
    expect(seen.host).toBe(new URL(upstream.origin).host);
  });

  it('passes Authorization when the server asks for it', async () => {
    await savePublish(gateway, definition('pass-auth', { passAuthorization: true }));
    const seen = await upstreamSaw('pass-auth');
    expect(seen.authorization).toBe('Bearer client-token');
    expect(seen['x-trace-id']).toBe('trace-1');
  });

  it('restricts to a list of headers', async () => {
    await savePublish(
      gateway,
      definition('allow-list', { allow: ['X-Trace-Id', 'authorization'] }),
    );
    const seen = await upstreamSaw('allow-list');
    expect(seen['x-trace-id']).toBe('trace-1');
    expect(seen.authorization).toBe('Bearer client-token');
    expect(seen['x-tenant']).toBeUndefined();
    expect(seen.cookie).toBeUndefined();
  });

  it('refuses a malformed option when the draft is saved', async () => {
    const response = await gateway.api('/servers', {
      method: 'POST',
      json: definition('bad-option', { allow: ['not a header'] }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { details: Array<{ path: string }> } };
    expect(body.error.details[0]!.path).toBe('/server/clientHeaders/allow/0');
  });
});

describe('clientHeaderFilter', () => {
  it('never passes hop-by-hop headers, Host or Content-Length, even when listed', () => {
    const filter = clientHeaderFilter({
      allow: ['connection', 'host', 'content-length', 'mcp-session-id', 'x-a'],
    });
    expect(
      filter({
        connection: 'close',
        host: 'h',
        'content-length': '3',
        'mcp-session-id': 's',
        'x-a': '1',
        'x-b': '2',
      }),
    ).toEqual({ 'x-a': '1' });
    expect(
      clientHeaderFilter()({
        'transfer-encoding': 'chunked',
        te: 'trailers',
        upgrade: 'h2c',
        'x-c': '3',
      }),
    ).toEqual({
      'x-c': '3',
    });
  });
});
