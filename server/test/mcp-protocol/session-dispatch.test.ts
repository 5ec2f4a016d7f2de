import type { IncomingMessage, ServerResponse } from 'node:http';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { EndpointContext } from '../../src/mcp/protocol/endpoint-context.ts';
import { McpExchange } from '../../src/mcp/protocol/http-exchange.ts';
import { materialFor } from '../../src/mcp/protocol/served-server-material.ts';
import { dispatchSessionRequest } from '../../src/mcp/protocol/streamable-http.ts';
import { fixtureServer } from '../support/mcp-fixture-catalog.ts';

/** Only what dispatchSessionRequest reads: the in-flight map and the request's headers. */
function setUp() {
  const ctx = { inFlight: new Map<string, AbortController>() } as unknown as EndpointContext;
  const req = { headers: { host: '127.0.0.1' } } as unknown as IncomingMessage;
  const exchange = new McpExchange(
    req,
    {} as ServerResponse,
    'fixture',
    '',
    'req-1',
    pino({ level: 'silent' }),
  );
  return { ctx, exchange, material: materialFor(fixtureServer('fixture', '1')) };
}

const call = (id: number, name: string, args: Record<string, unknown> = {}) => ({
  jsonrpc: '2.0' as const,
  id,
  method: 'tools/call',
  params: { name, arguments: args },
});

describe('a request of a session', () => {
  it('keeps a tools/call in flight while it runs, for notifications/cancelled, then drops it', async () => {
    const { ctx, exchange, material } = setUp();
    const controller = new AbortController();
    const pending = dispatchSessionRequest(
      ctx,
      material,
      call(1, 'wait_for_cancel'),
      's1',
      exchange,
      controller,
    );
    expect([...ctx.inFlight.values()]).toEqual([controller]);
    [...ctx.inFlight.values()][0]!.abort(new Error('cancelled by the test'));
    expect((await pending).body).toContain('"isError":true');
    expect(ctx.inFlight.size).toBe(0);
  });

  it('drops a tools/call answered at once (unknown tool, invalid arguments) as well', async () => {
    const { ctx, exchange, material } = setUp();
    const unknown = dispatchSessionRequest(
      ctx,
      material,
      call(2, 'no_such_tool'),
      's1',
      exchange,
      new AbortController(),
    );
    expect((await unknown).body).toContain('Unknown tool');
    const invalid = dispatchSessionRequest(
      ctx,
      material,
      call(3, 'add', { a: 'not a number' }),
      's1',
      exchange,
      new AbortController(),
    );
    expect((await invalid).body).toContain('Input validation error');
    expect(ctx.inFlight.size).toBe(0);
  });
});
