import { MAX_BATCH_MESSAGES } from '../../src/mcp/protocol/batch-requests.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { FixtureCatalog, fixtureEvents } from '../support/mcp-fixture-catalog.ts';
import { JSON_AND_SSE, postInitialize } from '../support/mcp-http.ts';

let gateway: TestGateway;
let url: string;

beforeAll(async () => {
  gateway = await startTestGateway('sqlite', {}, { toolCatalog: new FixtureCatalog() });
  url = `${gateway.dataPlaneUrl}/mcp/fixture`;
});
afterAll(async () => {
  await gateway?.stop();
});

interface RpcResponse {
  jsonrpc: string;
  id: string | number | null;
  result?: { [key: string]: unknown; content?: Array<{ type: string; text: string }> };
  error?: { code: number; message: string };
}

/** Opens a session of the given revision and returns its Mcp-Session-Id. */
async function session(protocolVersion: string): Promise<string> {
  const response = await postInitialize(url, protocolVersion, { clientName: 'batch-test' });
  const body = (await response.json()) as RpcResponse;
  expect(body.result?.protocolVersion).toBe(protocolVersion);
  return response.headers.get('mcp-session-id') as string;
}

function post(sessionId: string | undefined, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: JSON_AND_SSE,
      ...(sessionId === undefined ? {} : { 'mcp-session-id': sessionId }),
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

const call = (id: string | number, name: string, args: Record<string, unknown> = {}) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: args },
});
const ping = (id: string | number) => ({ jsonrpc: '2.0', id, method: 'ping' });
const initialized = { jsonrpc: '2.0', method: 'notifications/initialized' };

async function waitForCancellations(before: number, count: number): Promise<string[]> {
  const deadline = Date.now() + 3000;
  while (fixtureEvents.cancelled.length < before + count && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  return fixtureEvents.cancelled.slice(before);
}

describe('JSON-RPC batches in a 2025-03-26 session', () => {
  it('answers the requests of a batch with an array, in input order, and nothing for notifications', async () => {
    const id = await session('2025-03-26');
    const response = await post(id, [
      call(1, 'echo', { text: 'first' }),
      initialized,
      call('two', 'add', { a: 2, b: 3 }),
      { jsonrpc: '2.0', id: 3, method: 'tools/list' },
    ]);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await response.json()) as RpcResponse[];
    expect(body.map((answer) => answer.id)).toEqual([1, 'two', 3]);
    const byId = new Map(body.map((answer) => [answer.id, answer]));
    expect(byId.get(1)).toEqual({
      jsonrpc: '2.0',
      id: 1,
      result: { content: [{ type: 'text', text: 'first' }] },
    });
    expect(byId.get('two')?.result?.structuredContent).toEqual({ sum: 5 });
    const tools = byId.get(3)?.result?.tools as Array<{ name: string }>;
    expect(tools.map((tool) => tool.name)).toContain('echo');
  });

  it('accepts a batch of only notifications and responses with 202 and no body', async () => {
    const id = await session('2025-03-26');
    const response = await post(id, [
      initialized,
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'none' } },
      { jsonrpc: '2.0', id: 'server-1', result: {} },
    ]);
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('');
  });

  it('refuses an empty batch with 400 and -32600', async () => {
    const id = await session('2025-03-26');
    const response = await post(id, []);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ id: null, error: { code: -32600 } });
  });

  it('takes up to MAX_BATCH_MESSAGES messages and refuses a larger batch with 400', async () => {
    const id = await session('2025-03-26');
    const pings = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ jsonrpc: '2.0', id: i + 1, method: 'ping' }));
    const full = await post(id, pings(MAX_BATCH_MESSAGES));
    expect(full.status).toBe(200);
    expect(((await full.json()) as unknown[]).length).toBe(MAX_BATCH_MESSAGES);
    const over = await post(id, pings(MAX_BATCH_MESSAGES + 1));
    expect(over.status).toBe(400);
    expect(await over.json()).toMatchObject({
      error: { code: -32600, message: expect.stringMatching(/holds 101 messages; at most 100/) },
    });
  });

  it('refuses a batch holding initialize as a whole, with or without a session', async () => {
    const id = await session('2025-03-26');
    const init = {
      jsonrpc: '2.0',
      id: 9,
      method: 'initialize',
      params: {
        protocolVersion: '2025-03-26',
        capabilities: {},
        clientInfo: { name: 'c', version: '1' },
      },
    };
    for (const sessionId of [id, undefined]) {
      const response = await post(sessionId, [ping(1), init]);
      expect(response.status).toBe(400);
      expect(response.headers.get('mcp-session-id')).toBeNull();
      expect(await response.json()).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: {
          code: -32600,
          message:
            'Invalid Request: initialize must not be part of a JSON-RPC batch; send it in a POST of its own',
        },
      });
    }
  });

  it('answers each invalid element with its own -32600 and still runs the valid ones', async () => {
    const id = await session('2025-03-26');
    const response = await post(id, [
      ping(1),
      { jsonrpc: '1.0', id: 2, method: 'ping' },
      42,
      { jsonrpc: '2.0', id: 1.5, method: 'ping' },
      ping(1),
    ]);
    expect(response.status).toBe(200);
    const body = (await response.json()) as RpcResponse[];
    expect(body).toHaveLength(5);
    expect(body[0]).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
    expect(body[1]).toMatchObject({
      id: 2,
      error: {
        code: -32600,
        message: expect.stringMatching(/\/jsonrpc must be "2\.0" \(batch element 1\)/),
      },
    });
    expect(body[2]).toMatchObject({ id: null, error: { code: -32600 } });
    expect(body[2]?.error?.message).toMatch(/batch element 2/);
    expect(body[3]).toMatchObject({
      id: null,
      error: {
        code: -32600,
        message: expect.stringMatching(/\/id must be a string or an integer/),
      },
    });
    expect(body[4]).toMatchObject({
      id: 1,
      error: { code: -32600, message: expect.stringMatching(/id 1 is already used/) },
    });
  });

  it('sends one event per response to a client that accepts only an event stream', async () => {
    const id = await session('2025-03-26');
    const response = await post(id, [call('a', 'echo', { text: 'sse' }), initialized, ping('b')], {
      accept: 'text/event-stream',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = (await response.text())
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)) as RpcResponse);
    expect(events).toHaveLength(2);
    const byId = new Map(events.map((event) => [event.id, event]));
    expect(byId.get('a')?.result?.content).toEqual([{ type: 'text', text: 'sse' }]);
    expect(byId.get('b')).toEqual({ jsonrpc: '2.0', id: 'b', result: {} });
  });

  it('cancels a batched call on notifications/cancelled, sent alone or in a batch', async () => {
    const id = await session('2025-03-26');
    const before = fixtureEvents.cancelled.length;
    const batch = post(id, [call('slow-1', 'wait_for_cancel'), call('slow-2', 'wait_for_cancel')]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const alone = await post(id, {
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: 'slow-1' },
    });
    expect(alone.status).toBe(202);
    const batched = await post(id, [
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'slow-2' } },
    ]);
    expect(batched.status).toBe(202);
    const body = (await (await batch).json()) as RpcResponse[];
    expect(body.map((answer) => [answer.id, answer.result?.content?.[0]?.text])).toEqual([
      ['slow-1', 'cancelled'],
      ['slow-2', 'cancelled'],
    ]);
    expect(fixtureEvents.cancelled.slice(before)).toEqual([
      'the client cancelled the request',
      'the client cancelled the request',
    ]);
  });

  it('aborts the batched calls still running when the client goes away', async () => {
    const id = await session('2025-03-26');
    const before = fixtureEvents.cancelled.length;
    const http = await import('node:http');
    const request = http.request(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', accept: JSON_AND_SSE, 'mcp-session-id': id },
    });
    const failed = new Promise((resolve) => request.on('error', resolve));
    request.end(JSON.stringify([ping(1), call(2, 'wait_for_cancel'), call(3, 'wait_for_cancel')]));
    await new Promise((resolve) => setTimeout(resolve, 100));
    request.destroy();
    await failed;
    expect(await waitForCancellations(before, 2)).toEqual([
      'the client closed the request',
      'the client closed the request',
    ]);
  });
});

describe('JSON-RPC batches refused', () => {
  it('refuses a batch in a session of a later revision with 400 naming the revision', async () => {
    for (const revision of ['2025-06-18', '2025-11-25']) {
      const id = await session(revision);
      const response = await post(id, [ping(1)], { 'mcp-protocol-version': revision });
      expect(response.status, revision).toBe(400);
      const body = (await response.json()) as RpcResponse;
      expect(body.error?.code).toBe(-32600);
      expect(body.error?.message).toContain(`protocol revision ${revision}`);
      expect(body.error?.message).toContain('removed in 2025-06-18');
    }
  });

  it('takes the revision from the session, and refuses a header that names a later one', async () => {
    const later = await session('2025-06-18');
    const noHeader = await post(later, [ping(1)]);
    expect(noHeader.status).toBe(400);
    expect(((await noHeader.json()) as RpcResponse).error?.message).toMatch(
      /revision 2025-06-18, which this session negotiated/,
    );
    const earlier = await session('2025-03-26');
    const header = await post(earlier, [ping(1)], { 'mcp-protocol-version': '2025-11-25' });
    expect(header.status).toBe(400);
    expect(((await header.json()) as RpcResponse).error?.message).toMatch(
      /revision 2025-11-25, which the MCP-Protocol-Version header names/,
    );
    const matching = await post(earlier, [ping(1)], { 'mcp-protocol-version': '2025-03-26' });
    expect(matching.status).toBe(200);
    const unknown = await post(earlier, [ping(1)], { 'mcp-protocol-version': '1999-01-01' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as RpcResponse).error?.message).toMatch(
      /unsupported MCP-Protocol-Version "1999-01-01"/,
    );
  });

  it('answers 404 -32001 for an unknown session and 400 without the session header', async () => {
    const unknown = await post('v1.not-a-session.x', [ping(1)]);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ id: null, error: { code: -32001 } });
    const id = await session('2025-03-26');
    const ended = await fetch(url, { method: 'DELETE', headers: { 'mcp-session-id': id } });
    expect(ended.status).toBe(200);
    const afterEnd = await post(id, [ping(1)]);
    expect(afterEnd.status).toBe(404);
    const missing = await post(undefined, [ping(1)]);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as RpcResponse).error?.message).toMatch(
      /Mcp-Session-Id header is required/,
    );
  });
});
