// Real MCP clients (SDK v1 with sessions, SDK v2 on 2026-07-28) against servers published through
// the admin API, one imported from OpenAPI and one from Higress YAML, calling a loopback upstream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as StreamableV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  Client as ClientV2,
  StreamableHTTPClientTransport as StreamableV2,
} from '@modelcontextprotocol/client';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { json, startLoopback, type LoopbackServer } from '../mcp-publish/support.ts';

const CLIENTS = 20;
const CALLS_PER_CLIENT = 20;

/** The upstream's answer for an item: every field follows from the id, so results are checkable. */
function item(id: number) {
  return { id, name: `item-${id}`, price: id * 1.5, tags: [`t${id % 7}`] };
}

function inventoryOpenApi(origin: string) {
  return {
    openapi: '3.0.3',
    info: { title: 'Inventory', version: '1' },
    servers: [{ url: origin }],
    paths: {
      '/items/{itemId}': {
        get: {
          operationId: 'getItem',
          summary: 'One item',
          parameters: [{ name: 'itemId', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: { 200: { description: 'The item' } },
        },
      },
      '/orders': {
        post: {
          operationId: 'placeOrder',
          summary: 'Order an item',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['itemId', 'quantity'],
                  properties: { itemId: { type: 'integer' }, quantity: { type: 'integer' } },
                },
              },
            },
          },
          responses: { 201: { description: 'The order' } },
        },
      },
    },
  };
}

function yamlServer(origin: string): string {
  return `server:
  name: pricing
  description: Prices as sentences
tools:
  - name: describe_item
    description: Describes an item in one sentence
    args:
      - name: itemId
        type: integer
        required: true
    requestTemplate:
      url: ${origin}/items/{{.args.itemId}}
      method: GET
    responseTemplate:
      body: '{{.name}} costs {{.price}} ({{index .tags 0}})'
`;
}

/** The upstream JSON of a from-interfaces result (a field description comes before it). */
function bodyJson(content: unknown): Record<string, unknown> {
  const text = (content as Array<{ type: string; text?: string }>)
    .map((c) => c.text ?? '')
    .join('');
  const start = text.search(/^[[{]/m);
  if (start < 0) throw new Error(`no JSON in the result: ${text}`);
  return JSON.parse(text.slice(start)) as Record<string, unknown>;
}

function text(content: unknown): string {
  return (content as Array<{ text?: string }>).map((c) => c.text ?? '').join('');
}

async function adminJson(
  gateway: TestGateway,
  path: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const response = await gateway.api(path, { method: 'POST', json: body });
  const parsed = await json(response);
  if (response.status >= 300) throw new Error(`${path}: ${JSON.stringify(parsed)}`);
  return parsed;
}

interface Caller {
  listTools(): Promise<{ tools: Array<{ name: string }> }>;
  callTool(request: {
    name: string;
    arguments: Record<string, unknown>;
  }): Promise<{ content?: unknown; isError?: boolean }>;
  close(): Promise<void>;
}

describe('MCP SDK clients against published servers', () => {
  let gateway: TestGateway;
  let upstream: LoopbackServer;
  let upstreamRequests = 0;

  async function v1(server: string): Promise<Caller & { sessionId?: string }> {
    const client = new ClientV1({ name: 'e2e-v1', version: '1.0.0' });
    const transport = new StreamableV1(new URL(`${gateway.dataPlaneUrl}/mcp/${server}`));
    await client.connect(transport);
    return Object.assign(client as unknown as Caller, { sessionId: transport.sessionId });
  }

  async function v2(server: string): Promise<Caller> {
    const client = new ClientV2(
      { name: 'e2e-v2', version: '1.0.0' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    await client.connect(new StreamableV2(new URL(`${gateway.dataPlaneUrl}/mcp/${server}`)));
    return client as unknown as Caller;
  }

  beforeAll(async () => {
    upstream = await startLoopback((req, res) => {
      upstreamRequests++;
      const url = new URL(req.url ?? '/', 'http://upstream');
      const match = /^\/items\/(\d+)$/.exec(url.pathname);
      if (req.method === 'GET' && match) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(item(Number(match[1]))));
        return;
      }
      if (req.method === 'POST' && url.pathname === '/orders') {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          const order = JSON.parse(body) as { itemId: number; quantity: number };
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ...order, total: item(order.itemId).price * order.quantity }));
        });
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not found"}');
    });
    gateway = await startTestGateway('sqlite');

    const report = await adminJson(gateway, '/openapi/import', inventoryOpenApi(upstream.origin));
    const interfaceIds = (report.created as Array<{ id: number }>).map((entry) => entry.id);
    expect(interfaceIds).toHaveLength(2);
    const inventory = await adminJson(gateway, '/servers/from-interfaces', {
      name: 'inventory',
      interfaceIds,
    });
    await adminJson(gateway, '/servers/inventory/publish', { revision: inventory.revision });

    const pricing = await adminJson(gateway, '/servers/import', {
      content: yamlServer(upstream.origin),
    });
    await adminJson(gateway, '/servers/pricing/publish', { revision: pricing.revision });
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    await upstream?.close();
  });

  it('SDK v1 (2025-11-25, session) lists and calls the OpenAPI-built server', async () => {
    const client = await v1('inventory');
    expect(client.sessionId).toEqual(expect.any(String));
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['getItem', 'placeOrder']);
    const got = await client.callTool({ name: 'getItem', arguments: { itemId: 42 } });
    expect(got.isError).not.toBe(true);
    expect(bodyJson(got.content)).toEqual(item(42));
    const ordered = await client.callTool({
      name: 'placeOrder',
      arguments: { itemId: 4, quantity: 3 },
    });
    expect(bodyJson(ordered.content)).toEqual({ itemId: 4, quantity: 3, total: 18 });
    await client.close();
  });

  it('SDK v2 (2026-07-28, stateless) lists and calls the YAML-imported server', async () => {
    const client = await v2('pricing');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['describe_item']);
    const described = await client.callTool({ name: 'describe_item', arguments: { itemId: 8 } });
    expect(text(described.content)).toBe('item-8 costs 12 (t1)');
    const missing = await client.callTool({ name: 'describe_item', arguments: { itemId: 'x' } });
    expect(missing.isError).toBe(true);
    await client.close();
  });

  it(`${CLIENTS} clients × ${CALLS_PER_CLIENT} calls at once all get their own results`, async () => {
    const before = upstreamRequests;
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, (_, n) =>
        n % 2 === 0
          ? v1(n % 4 === 0 ? 'inventory' : 'pricing')
          : v2(n % 4 === 1 ? 'inventory' : 'pricing'),
      ),
    );
    const servers = clients.map((_, n) => (n % 4 === 0 || n % 4 === 1 ? 'inventory' : 'pricing'));
    const failures: string[] = [];
    await Promise.all(
      clients.map(async (client, n) => {
        for (let call = 0; call < CALLS_PER_CLIENT; call++) {
          const id = n * 1000 + call;
          if (servers[n] === 'inventory') {
            const result = await client.callTool({ name: 'getItem', arguments: { itemId: id } });
            const body = bodyJson(result.content);
            if (JSON.stringify(body) !== JSON.stringify(item(id)))
              failures.push(`client ${n} call ${call}: ${JSON.stringify(body)}`);
          } else {
            const result = await client.callTool({
              name: 'describe_item',
              arguments: { itemId: id },
            });
            const expected = `item-${id} costs ${item(id).price} (t${id % 7})`;
            if (text(result.content) !== expected)
              failures.push(`client ${n} call ${call}: ${text(result.content)}`);
          }
        }
      }),
    );
    await Promise.all(clients.map((client) => client.close()));
    expect(failures).toEqual([]);
    expect(upstreamRequests - before).toBe(CLIENTS * CALLS_PER_CLIENT);
  }, 60_000);
});
