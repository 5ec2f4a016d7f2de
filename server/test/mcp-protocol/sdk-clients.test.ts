import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as StreamableV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import {
  Client as ClientV2,
  StreamableHTTPClientTransport as StreamableV2,
} from '@modelcontextprotocol/client';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { FixtureCatalog, fixtureServer } from '../support/mcp-fixture-catalog.ts';

let gateway: TestGateway;
let catalog: FixtureCatalog;
let endpoint: URL;

beforeAll(async () => {
  catalog = new FixtureCatalog();
  gateway = await startTestGateway('sqlite', {}, { toolCatalog: catalog });
  endpoint = new URL(`${gateway.dataPlaneUrl}/mcp/fixture`);
});
afterAll(async () => {
  await gateway?.stop();
});

function until(predicate: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (predicate()) resolve();
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(tick, 20);
    };
    tick();
  });
}

async function v1Client(): Promise<{ client: ClientV1; transport: StreamableV1 }> {
  const client = new ClientV1({ name: 'sdk-v1-test', version: '1.0.0' });
  const transport = new StreamableV1(endpoint);
  await client.connect(transport);
  return { client, transport };
}

async function v2Client(listChanged?: () => void): Promise<ClientV2> {
  const client = new ClientV2(
    { name: 'sdk-v2-test', version: '1.0.0' },
    {
      versionNegotiation: { mode: { pin: '2026-07-28' } },
      ...(listChanged && {
        listChanged: { tools: { debounceMs: 0, onChanged: () => listChanged() } },
      }),
    },
  );
  await client.connect(new StreamableV2(endpoint));
  return client;
}

describe('SDK v1 client, 2025-11-25 with a session', () => {
  it('initializes, lists and calls tools', async () => {
    const { client, transport } = await v1Client();
    expect(client.getServerVersion()).toMatchObject({ name: 'fixture', version: '1' });
    expect(client.getServerCapabilities()?.tools).toEqual({ listChanged: true });
    expect(transport.sessionId).toMatch(/^v1\./);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('echo');
    expect(tools.find((t) => t.name === 'add')).toMatchObject({
      outputSchema: { type: 'object' },
      annotations: { readOnlyHint: true },
    });
    const echoed = await client.callTool({ name: 'echo', arguments: { text: 'hello' } });
    expect(echoed.content).toEqual([{ type: 'text', text: 'hello' }]);
    const added = await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } });
    expect(added.structuredContent).toEqual({ sum: 5 });
    const context = await client.callTool({ name: 'whoami', arguments: {} });
    const seen = JSON.parse((context.content as Array<{ text: string }>)[0]?.text ?? 'null');
    expect(seen.sessionId).toEqual(expect.any(String));
    await client.ping();
    await client.setLoggingLevel('warning');
    await client.close();
  });

  it('answers invalid arguments with a tool error naming the problem', async () => {
    const { client } = await v1Client();
    const result = await client.callTool({ name: 'echo', arguments: { text: 7 } });
    expect(result.isError).toBe(true);
    expect((result.content as Array<{ text: string }>)[0]?.text).toMatch(
      /invalid arguments for tool echo: \/text: must be string/,
    );
    const missing = await client.callTool({ name: 'echo', arguments: {} });
    expect((missing.content as Array<{ text: string }>)[0]?.text).toMatch(
      /must have required property 'text'/,
    );
    const thrown = await client.callTool({ name: 'throws', arguments: {} });
    expect(thrown).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: 'Tool throws failed: upstream exploded' }],
    });
    await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(
      /Unknown tool: no_such_tool/,
    );
    await client.close();
  });

  it('serves many clients calling concurrently', async () => {
    const clients = await Promise.all(Array.from({ length: 12 }, () => v1Client()));
    const results = await Promise.all(
      clients.flatMap(({ client }, c) =>
        Array.from({ length: 10 }, (_, i) =>
          client.callTool({ name: 'add', arguments: { a: c, b: i } }),
        ),
      ),
    );
    expect(results.map((r) => (r.structuredContent as { sum: number }).sum)).toEqual(
      clients.flatMap((_, c) => Array.from({ length: 10 }, (_, i) => c + i)),
    );
    await Promise.all(clients.map(({ client }) => client.close()));
  });

  it('gets notifications/tools/list_changed on its GET stream when the server is published anew', async () => {
    const { client } = await v1Client();
    let changes = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changes++;
    });
    // The SDK opens its standalone GET stream in the background after initialize: publish
    // until a notification arrives (publishes before the stream is open reach nobody).
    let version = 100;
    const publishing = setInterval(
      () => catalog.publish(fixtureServer('fixture', String(version++), undefined, catalog)),
      100,
    );
    try {
      await until(() => changes >= 1, 'list_changed');
    } finally {
      clearInterval(publishing);
    }
    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThan(0);
    await client.close();
  });
});

describe('SDK v2 client, 2026-07-28 stateless', () => {
  it('discovers, lists and calls tools without a session', async () => {
    const client = await v2Client();
    expect(client.getProtocolEra()).toBe('modern');
    expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
    expect(client.getDiscoverResult()?.capabilities.tools).toEqual({ listChanged: true });
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(['echo', 'add', 'lookup_region']),
    );
    const echoed = await client.callTool({ name: 'echo', arguments: { text: 'modern' } });
    expect(echoed.content).toEqual([{ type: 'text', text: 'modern' }]);
    // The SDK sends Mcp-Param-Region for the x-mcp-header argument; the gateway checks it.
    const routed = await client.callTool({
      name: 'lookup_region',
      arguments: { region: 'eu-west', limit: 3 },
    });
    expect(routed.content).toEqual([{ type: 'text', text: 'region eu-west' }]);
    const context = await client.callTool({ name: 'whoami', arguments: {} });
    const seen = JSON.parse((context.content as Array<{ text: string }>)[0]?.text ?? 'null');
    expect(seen.sessionId).toBeNull();
    expect(seen.meta['io.modelcontextprotocol/protocolVersion']).toBe('2026-07-28');
    await client.close();
  });

  it('serves many clients calling concurrently', async () => {
    const clients = await Promise.all(Array.from({ length: 12 }, () => v2Client()));
    const sums = await Promise.all(
      clients.flatMap((client, c) =>
        Array.from({ length: 10 }, (_, i) =>
          client
            .callTool({ name: 'add', arguments: { a: c, b: i } })
            .then((r) => (r.structuredContent as { sum: number }).sum),
        ),
      ),
    );
    expect(sums).toEqual(clients.flatMap((_, c) => Array.from({ length: 10 }, (_, i) => c + i)));
    await Promise.all(clients.map((client) => client.close()));
  });

  it('hears about tool list changes through subscriptions/listen', async () => {
    let changes = 0;
    const client = await v2Client(() => changes++);
    // The subscription opens in the background: publish until a notification arrives.
    let version = 200;
    const publishing = setInterval(
      () => catalog.publish(fixtureServer('fixture', String(version++), undefined, catalog)),
      100,
    );
    try {
      await until(() => changes >= 1, 'the list_changed notification on the subscription');
    } finally {
      clearInterval(publishing);
    }
    await client.close();
  });
});

describe('legacy HTTP+SSE client (2024-11-05 transport)', () => {
  it('connects over SSEClientTransport, lists and calls tools, and hears list changes', async () => {
    const client = new ClientV1({ name: 'sse-test', version: '1.0.0' });
    let changes = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changes++;
    });
    await client.connect(
      new SSEClientTransport(new URL(`${gateway.dataPlaneUrl}/mcp/fixture/sse`)),
    );
    expect(client.getServerVersion()?.name).toBe('fixture');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('echo');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.callTool({ name: 'add', arguments: { a: i, b: 1 } }),
      ),
    );
    expect(results.map((r) => (r.structuredContent as { sum: number }).sum)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    catalog.publish(fixtureServer('fixture', 'sse-2', undefined, catalog));
    await until(() => changes === 1, 'list_changed on the legacy stream');
    await client.close();
  });

  it('refuses messages for an unknown legacy session with 404', async () => {
    const response = await fetch(`${gateway.dataPlaneUrl}/mcp/fixture/messages?sessionId=nope`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(response.status).toBe(404);
  });
});
