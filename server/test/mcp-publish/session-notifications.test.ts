// Live sessions hear about publishes and rollbacks: an SDK client on /mcp/{name} gets
// notifications/tools/list_changed and then lists and calls the new version's tools.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import type { ServerDefinition } from '../../src/mcp/servers/model.ts';
import {
  labelledDefinition,
  savePublish,
  startEchoUpstream,
  type LoopbackServer,
} from './support.ts';

let gateway: TestGateway;
let upstream: LoopbackServer;

beforeAll(async () => {
  upstream = await startEchoUpstream();
  gateway = await startTestGateway('sqlite', { runtimeSyncIntervalMs: 0 });
});
afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
});

async function until(predicate: () => boolean, what: string, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function withExtraTool(label: string): ServerDefinition {
  const definition = labelledDefinition('live', upstream.origin, label);
  definition.tools!.push({ name: `extra_${label}`, responseTemplate: { body: `extra ${label}` } });
  return definition;
}

describe('list_changed on publish and rollback', () => {
  it('notifies a session, which then sees the new tools', async () => {
    await savePublish(gateway, labelledDefinition('live', upstream.origin, 'v1'));
    const client = new Client({ name: 'publish-test', version: '1.0.0' });
    let changes = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changes++;
    });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${gateway.dataPlaneUrl}/mcp/live`)),
    );
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['hello']);
      // The SDK opens its GET stream in the background after initialize: publish until a
      // notification arrives (a publish before the stream is open reaches nobody).
      let round = 2;
      while (changes === 0) {
        await savePublish(gateway, withExtraTool(`r${round++}`));
        await until(() => changes > 0 || round > 30, 'a publish', 300).catch(() => {});
        if (round > 30) throw new Error('no list_changed after 30 publishes');
      }
      const latest = `r${round - 1}`;
      const tools = (await client.listTools()).tools.map((t) => t.name);
      expect(tools).toEqual(['hello', `extra_${latest}`]);
      const result = await client.callTool({ name: `extra_${latest}`, arguments: {} });
      expect(result.content).toEqual([{ type: 'text', text: `extra ${latest}` }]);

      const before = changes;
      const rolled = await gateway.api('/servers/live/versions/1/activate', { method: 'POST' });
      expect(rolled.status).toBe(200);
      await until(() => changes > before, 'the rollback notification');
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['hello']);
    } finally {
      await client.close();
    }
  });
});
