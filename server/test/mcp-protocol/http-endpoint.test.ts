import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { FixtureCatalog, fixtureEvents } from '../support/mcp-fixture-catalog.ts';
import { JSON_AND_SSE, postInitialize } from '../support/mcp-http.ts';
import { DATA_PLANE_BODY_LIMIT } from '../../src/app/data-plane-app.ts';

let gateway: TestGateway;
let url: string;

beforeAll(async () => {
  gateway = await startTestGateway(
    'sqlite',
    { allowedOrigins: ['app.example.com'] },
    { toolCatalog: new FixtureCatalog() },
  );
  url = `${gateway.dataPlaneUrl}/mcp/fixture`;
});
afterAll(async () => {
  await gateway?.stop();
});

interface RpcBody {
  jsonrpc: string;
  id: string | number | null;
  result: {
    [key: string]: unknown;
    content: Array<{ type: string; text: string }>;
    isError?: boolean;
    protocolVersion?: string;
  };
  error: { code: number; message: string; data?: unknown };
}
const rpc = async (response: Response): Promise<RpcBody> => (await response.json()) as RpcBody;
const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
};

function modern(
  method: string,
  params: Record<string, unknown> = {},
  headers: Record<string, string> = {},
  id = 1,
) {
  const name = typeof params.name === 'string' ? { 'mcp-name': params.name } : {};
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: JSON_AND_SSE,
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': method,
      ...name,
      ...headers,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id, method, params: { ...params, _meta: ENVELOPE } }),
  });
}

async function session(): Promise<string> {
  const response = await postInitialize(url, '2025-06-18', { clientName: 't' });
  const body = await rpc(response);
  expect(body.result.protocolVersion).toBe('2025-06-18');
  return response.headers.get('mcp-session-id') as string;
}

function inSession(
  id: string,
  message: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
) {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: JSON_AND_SSE,
      'mcp-session-id': id,
      ...headers,
    },
    body: JSON.stringify(message),
    signal,
  });
}

describe('the MCP endpoint with no published servers (the product catalog until the runtime lands)', () => {
  it('answers 404 naming the unknown server', async () => {
    const empty = await startTestGateway('sqlite');
    try {
      const response = await fetch(`${empty.dataPlaneUrl}/mcp/weather`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: JSON_AND_SSE },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(response.status).toBe(404);
      expect(await rpc(response)).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: {
          code: -32000,
          message: 'Unknown MCP server "weather": no published server has this name',
        },
      });
      expect((await fetch(`${empty.dataPlaneUrl}/mcp/weather/sse`)).status).toBe(404);
    } finally {
      await empty.stop();
    }
  });
});

describe('DNS-rebinding protection', () => {
  it('refuses a Host that is not an allowed name with 403', async () => {
    // fetch cannot override Host; a raw request can.
    const http = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(
        url,
        {
          method: 'POST',
          headers: { host: 'evil.example:80', 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.end('{}');
    });
    expect(status).toBe(403);
  });

  it('refuses a foreign Origin with 403 and admits loopback and configured origins', async () => {
    const foreign = await fetch(url, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    expect(await rpc(foreign)).toMatchObject({
      error: { message: expect.stringMatching(/Invalid Origin: evil\.example/) },
    });
    for (const origin of ['http://localhost:5173', 'https://app.example.com']) {
      const admitted = await modern('tools/list', {}, { origin });
      expect(admitted.status, origin).toBe(200);
    }
  });
});

describe('CORS for browser clients on allowed origins', () => {
  it('answers a preflight from an allowed origin with the methods and the asked headers', async () => {
    const response = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, mcp-session-id, mcp-protocol-version',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, DELETE');
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'content-type, mcp-session-id, mcp-protocol-version',
    );
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('lets an allowed origin read the answer and the session id, and refuses a foreign one', async () => {
    const response = await postInitialize(url, '2025-11-25', {
      clientName: 'browser',
      id: 1,
      headers: { origin: 'http://localhost:6274' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:6274');
    expect(response.headers.get('access-control-expose-headers')).toContain('mcp-session-id');
    expect(response.headers.get('mcp-session-id')).toBeTruthy();
    const foreign = await fetch(url, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'POST' },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    // Clients that are not browsers send no Origin and get no CORS headers.
    const plain = await modern('server/discover');
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('HTTP-level refusals', () => {
  it('answers 413 to a body over the limit', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: JSON_AND_SSE },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'ping',
        params: { pad: 'x'.repeat(DATA_PLANE_BODY_LIMIT) },
      }),
    });
    expect(response.status).toBe(413);
    expect(await rpc(response)).toMatchObject({
      error: { code: -32600, message: expect.stringMatching(/exceeds the limit of 4194304 bytes/) },
    });
  });

  it('answers 415 to a body that is not JSON, 400 -32700 to malformed JSON, 406 to a foreign Accept', async () => {
    const text = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', accept: JSON_AND_SSE },
      body: 'hi',
    });
    expect(text.status).toBe(415);
    const malformed = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: JSON_AND_SSE },
      body: '{"jsonrpc":',
    });
    expect(malformed.status).toBe(400);
    expect(await rpc(malformed)).toMatchObject({ error: { code: -32700 } });
    const html = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/html' },
      body: '{}',
    });
    expect(html.status).toBe(406);
  });
});

describe('the endpoint on node:http (what Fastify did before the handlers)', () => {
  it('refuses a streamed (chunked) body over the limit with 413 and closes the connection', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(1 << 20));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > DATA_PLANE_BODY_LIMIT + chunk.length) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: JSON_AND_SSE },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
    expect(await rpc(response)).toMatchObject({ error: { code: -32600 } });
  });

  it('refuses prototype poisoning and an empty body as parse errors, and takes JSON with parameters', async () => {
    const post = (body: string, contentType = 'application/json') =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': contentType, accept: JSON_AND_SSE },
        body,
      });
    const poisoned = await post(
      '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"__proto__":{"admin":true}}}',
    );
    expect(poisoned.status).toBe(400);
    expect(await rpc(poisoned)).toMatchObject({ error: { code: -32700 } });
    const escaped = await post(
      '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"\\u005f_proto__":{"admin":true}}}',
    );
    expect(escaped.status).toBe(400);
    const viaConstructor = await post(
      '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"constructor":{"prototype":{"a":1}}}}',
    );
    expect(viaConstructor.status).toBe(400);
    const empty = await post('');
    expect(empty.status).toBe(400);
    expect((await rpc(empty)).error.message).toMatch(/body is empty/);
    const charset = await post(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 3,
        method: 'server/discover',
        params: { _meta: ENVELOPE },
      }),
      'Application/JSON; charset=utf-8',
    );
    // No MCP headers: a 2026-07-28 body without them is refused by the protocol layer, not 415.
    expect(charset.status).not.toBe(415);
  });

  it('echoes a valid x-request-id, makes one otherwise, and answers JSON as utf-8', async () => {
    const mine = await modern('server/discover', {}, { 'x-request-id': 'trace-42.a' });
    expect(mine.status).toBe(200);
    expect(mine.headers.get('x-request-id')).toBe('trace-42.a');
    expect(mine.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const made = await modern('server/discover', {}, { 'x-request-id': 'not valid!' });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 405 with Allow to other methods, 400 to a broken escape, and leaves other paths to the app', async () => {
    const put = await fetch(url, { method: 'PUT', body: '{}' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST, DELETE');
    const sse = await fetch(`${url}/sse`, { method: 'POST', body: '{}' });
    expect(sse.status).toBe(405);
    expect(sse.headers.get('allow')).toBe('GET');
    const broken = await fetch(`${gateway.dataPlaneUrl}/mcp/fix%zzture`, { method: 'GET' });
    expect(broken.status).toBe(400);
    expect((await rpc(broken)).error.message).toMatch(/percent-encoding/);
    const encoded = await fetch(`${gateway.dataPlaneUrl}/mcp/fi%78ture`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: JSON_AND_SSE,
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': 'server/discover',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'server/discover',
        params: { _meta: ENVELOPE },
      }),
    });
    expect(encoded.status).toBe(200);
    const other = await fetch(`${gateway.dataPlaneUrl}/mcp/fixture/other`);
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ message: expect.stringMatching(/not found/) });
    expect((await fetch(`${gateway.dataPlaneUrl}/healthz`)).status).toBe(200);
  });
});

describe('2026-07-28 stateless requests', () => {
  it('answers server/discover with the revision, capabilities and server identity', async () => {
    const body = await rpc(await modern('server/discover'));
    expect(body.result).toMatchObject({
      supportedVersions: ['2026-07-28'],
      capabilities: { tools: { listChanged: true } },
      resultType: 'complete',
      _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'fixture', version: '1' } },
    });
  });

  it('refuses headers that disagree with the body with 400 and -32020', async () => {
    const method = await modern('tools/list', {}, { 'mcp-method': 'tools/call' });
    expect(method.status).toBe(400);
    expect(await rpc(method)).toMatchObject({ id: 1, error: { code: -32020 } });
    const name = await modern(
      'tools/call',
      { name: 'echo', arguments: { text: 'x' } },
      { 'mcp-name': 'add' },
    );
    expect(name.status).toBe(400);
    expect((await rpc(name)).error).toMatchObject({
      code: -32020,
      message: expect.stringMatching(/Mcp-Name header names "add"/),
    });
    const base64Name = await modern(
      'tools/call',
      { name: 'echo', arguments: { text: 'x' } },
      { 'mcp-name': `=?base64?${Buffer.from('echo').toString('base64')}?=` },
    );
    expect(base64Name.status).toBe(200);
    const missing = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: JSON_AND_SSE,
        'mcp-protocol-version': '2026-07-28',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 3,
        method: 'tools/list',
        params: { _meta: ENVELOPE },
      }),
    });
    expect(missing.status).toBe(400);
    expect((await rpc(missing)).error).toMatchObject({
      code: -32020,
      message: expect.stringMatching(/Mcp-Method header is absent/),
    });
  });

  it('checks Mcp-Param headers of x-mcp-header arguments', async () => {
    const args = { region: 'eu-west', limit: 5 };
    const ok = await modern(
      'tools/call',
      { name: 'lookup_region', arguments: args },
      { 'mcp-param-region': 'eu-west', 'mcp-param-limit': '5' },
    );
    expect(ok.status).toBe(200);
    const absent = await modern(
      'tools/call',
      { name: 'lookup_region', arguments: args },
      { 'mcp-param-limit': '5' },
    );
    expect(absent.status).toBe(400);
    expect((await rpc(absent)).error.message).toMatch(/Mcp-Param-Region header is absent/);
    const wrong = await modern(
      'tools/call',
      { name: 'lookup_region', arguments: args },
      { 'mcp-param-region': 'us-east', 'mcp-param-limit': '5' },
    );
    expect((await rpc(wrong)).error).toMatchObject({ code: -32020 });
    const badBase64 = await modern(
      'tools/call',
      { name: 'lookup_region', arguments: args },
      { 'mcp-param-region': '=?base64?ZXUtd2VzdA?=', 'mcp-param-limit': '5' },
    );
    expect((await rpc(badBase64)).error.message).toMatch(/invalid Base64/);
  });

  it('tells the revisions apart by the body and cross-checks the headers', async () => {
    const post = (body: unknown, headers: Record<string, string>) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: JSON_AND_SSE, ...headers },
        body: JSON.stringify(body),
      });
    const noEnvelope = await post(
      { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} },
      { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list' },
    );
    expect(noEnvelope.status).toBe(400);
    expect((await rpc(noEnvelope)).error).toMatchObject({
      code: -32602,
      message: expect.stringMatching(/missing the required per-request _meta envelope/),
    });
    const badEnvelope = await post(
      {
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/list',
        params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } },
      },
      { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list' },
    );
    expect((await rpc(badEnvelope)).error).toMatchObject({
      code: -32602,
      message:
        'Invalid _meta envelope for protocol revision 2026-07-28: io.modelcontextprotocol/clientCapabilities: missing',
    });
    const initializeModern = await post(
      {
        jsonrpc: '2.0',
        id: 3,
        method: 'initialize',
        params: {
          protocolVersion: '2025-11-25',
          capabilities: {},
          clientInfo: { name: 'c', version: '1' },
        },
      },
      { 'mcp-protocol-version': '2026-07-28' },
    );
    expect(initializeModern.status).toBe(400);
    expect((await rpc(initializeModern)).error.code).toBe(-32020);
    const versionMismatch = await post(
      { jsonrpc: '2.0', id: 4, method: 'tools/list', params: { _meta: ENVELOPE } },
      { 'mcp-protocol-version': '2025-11-25', 'mcp-method': 'tools/list' },
    );
    expect((await rpc(versionMismatch)).error.code).toBe(-32020);
    const notification = await post(
      {
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: 1, _meta: ENVELOPE },
      },
      { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'notifications/cancelled' },
    );
    expect(notification.status).toBe(202);
  });

  it('refuses revisions it does not serve with -32022 naming the supported ones', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: JSON_AND_SSE,
        'mcp-protocol-version': '2099-01-01',
        'mcp-method': 'tools/list',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 9,
        method: 'tools/list',
        params: { _meta: { ...ENVELOPE, 'io.modelcontextprotocol/protocolVersion': '2099-01-01' } },
      }),
    });
    expect(response.status).toBe(400);
    expect(await rpc(response)).toMatchObject({
      id: 9,
      error: { code: -32022, data: { supported: ['2026-07-28'], requested: '2099-01-01' } },
    });
  });

  it('validates arguments, reports unknown tools and methods', async () => {
    const invalid = await rpc(
      await modern('tools/call', { name: 'add', arguments: { a: 'one', b: 2 } }),
    );
    expect(invalid.result).toMatchObject({ isError: true, resultType: 'complete' });
    expect(invalid.result.content[0]?.text).toMatch(/\/a: must be number/);
    const unknownTool = await rpc(await modern('tools/call', { name: 'nope', arguments: {} }));
    expect(unknownTool.error).toMatchObject({ code: -32602, message: 'Unknown tool: nope' });
    const unknownMethod = await modern('sampling/whatever');
    expect(unknownMethod.status).toBe(404);
    expect((await rpc(unknownMethod)).error.code).toBe(-32601);
    const get = await fetch(url, {
      headers: { accept: 'text/event-stream', 'mcp-protocol-version': '2026-07-28' },
    });
    expect(get.status).toBe(405);
  });
});

describe('2025 session requests', () => {
  it('refuses an unsupported MCP-Protocol-Version header and JSON-RPC batches with 400', async () => {
    const id = await session();
    const version = await inSession(
      id,
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { 'mcp-protocol-version': '1999-01-01' },
    );
    expect(version.status).toBe(400);
    expect((await rpc(version)).error.message).toMatch(
      /unsupported MCP-Protocol-Version "1999-01-01"/,
    );
    const batch = await inSession(id, [{ jsonrpc: '2.0', id: 1, method: 'ping' }]);
    expect(batch.status).toBe(400);
  });

  it('answers with an event stream when the client accepts only that', async () => {
    const id = await session();
    const response = await inSession(
      id,
      {
        jsonrpc: '2.0',
        id: 5,
        method: 'tools/call',
        params: { name: 'echo', arguments: { text: 'sse' } },
      },
      { accept: 'text/event-stream', 'x-request-id': 'sse-request-1' },
    );
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('x-request-id')).toBe('sse-request-1');
    const text = await response.text();
    const data = JSON.parse(
      text
        .split('\n')
        .find((line) => line.startsWith('data: '))!
        .slice(6),
    );
    expect(data).toEqual({
      jsonrpc: '2.0',
      id: 5,
      result: { content: [{ type: 'text', text: 'sse' }] },
    });
  });

  it('accepts notifications with 202 and aborts a call on notifications/cancelled', async () => {
    const id = await session();
    const before = fixtureEvents.cancelled.length;
    const call = inSession(id, {
      jsonrpc: '2.0',
      id: 'slow-1',
      method: 'tools/call',
      params: { name: 'wait_for_cancel', arguments: {} },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const cancelled = await inSession(id, {
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: 'slow-1' },
    });
    expect(cancelled.status).toBe(202);
    const result = await rpc(await call);
    expect(result.result.content[0]?.text).toBe('cancelled');
    expect(fixtureEvents.cancelled.slice(before)).toEqual(['the client cancelled the request']);
  });

  it('aborts a call whose client goes away', async () => {
    const id = await session();
    const before = fixtureEvents.cancelled.length;
    // A plain socket that the client destroys mid-call (what a killed client does).
    const http = await import('node:http');
    const request = http.request(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', accept: JSON_AND_SSE, 'mcp-session-id': id },
    });
    const failed = new Promise((resolve) => request.on('error', resolve));
    request.end(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: { name: 'wait_for_cancel', arguments: {} },
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    request.destroy();
    await failed;
    const deadline = Date.now() + 3000;
    while (fixtureEvents.cancelled.length === before && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fixtureEvents.cancelled.slice(before)).toEqual(['the client closed the request']);
  });
});
