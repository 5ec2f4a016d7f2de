import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { sendEmpty, type McpExchange } from '../../src/mcp/protocol/http-exchange.ts';
import {
  createMcpRequestListener,
  type McpRouteHandlers,
} from '../../src/mcp/protocol/http-routes.ts';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A node:http server with only the MCP request listener in front (404 for what it leaves). */
async function serve(handlers: Partial<McpRouteHandlers>, closing = false) {
  const lines: Array<{ msg: string; err?: { message: string }; reqId?: string }> = [];
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => lines.push(JSON.parse(line) as (typeof lines)[number]) },
  );
  const ok = (exchange: McpExchange) => sendEmpty(exchange, 204);
  const listener = createMcpRequestListener(
    {
      post: ok,
      get: ok,
      delete: ok,
      openLegacyStream: ok,
      postLegacyMessage: ok,
      refusal: () => undefined,
      ...handlers,
    },
    { bodyLimit: 1024, logger, closing: () => closing },
  );
  const server = http.createServer((req, res) => {
    if (!listener(req, res)) {
      res.statusCode = 404;
      res.end('left to the app');
    }
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, lines };
}

describe('the MCP request listener', () => {
  it('answers 503 with connection: close while the gateway shuts down', async () => {
    const { origin } = await serve({}, true);
    const response = await fetch(`${origin}/mcp/any`);
    expect(response.status).toBe(503);
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.json()).toMatchObject({
      error: { message: expect.stringMatching(/shutting down/) },
    });
  });

  it('turns a thrown error or a rejected handler into a logged 500 with the request id', async () => {
    const { origin, lines } = await serve({
      get: () => {
        throw new Error('sync failure');
      },
      delete: () => Promise.reject(new Error('async failure')),
    });
    for (const [method, text] of [
      ['GET', 'sync failure'],
      ['DELETE', 'async failure'],
    ] as const) {
      const response = await fetch(`${origin}/mcp/any`, {
        method,
        headers: { 'x-request-id': `req-${method}` },
      });
      expect(response.status).toBe(500);
      expect(await response.json()).toMatchObject({
        error: { code: -32603, message: 'Internal error' },
      });
      expect(lines).toContainEqual(
        expect.objectContaining({
          msg: 'MCP request failed',
          reqId: `req-${method}`,
          err: expect.objectContaining({ message: text }),
        }),
      );
    }
  });

  it('cuts the connection when a handler fails after its answer began', async () => {
    const { origin } = await serve({
      get: (exchange) => {
        exchange.res.writeHead(200, { 'content-type': 'text/event-stream' });
        exchange.res.write('event: message\ndata: {}\n\n');
        return Promise.reject(new Error('late failure'));
      },
    });
    const response = await fetch(`${origin}/mcp/any`);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it('leaves paths outside /mcp/{server}[/sse|/messages] to the app', async () => {
    const { origin } = await serve({});
    for (const path of ['/mcp/', '/mcp//sse', '/mcp/a/b', '/mcpx/a', '/healthz']) {
      const response = await fetch(`${origin}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text()).toBe('left to the app');
    }
    expect((await fetch(`${origin}/mcp/a?x=1`)).status).toBe(204);
    expect((await fetch(`${origin}/mcp/a/sse`)).status).toBe(204);
  });
});
