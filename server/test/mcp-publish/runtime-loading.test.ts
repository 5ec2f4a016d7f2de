// The runtime side of publishing: a version that fails to load, delete, start-up loading,
// secret changes, change notifications and replicas learning of each other's activations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import type { ServerDefinition } from '../../src/mcp/servers/model.ts';
import {
  callTool,
  json,
  labelledDefinition,
  resultText,
  saveDraft,
  savePublish,
  startEchoUpstream,
  startGatewayOn,
  startLoopback,
  type Json,
  type LoopbackServer,
} from './support.ts';

describe.each(DIALECTS)('runtime loading on %s', (dialect) => {
  let gateway: TestGateway;
  let upstream: LoopbackServer;

  beforeAll(async () => {
    upstream = await startEchoUpstream();
    gateway = await startTestGateway(dialect, { runtimeSyncIntervalMs: 0 });
  });
  afterAll(async () => {
    await gateway?.stop();
    await upstream?.close();
  });

  const hello = async (server: string, url = gateway.dataPlaneUrl) => {
    const { status, message } = await callTool(url, server, 'hello', { who: 'ann' });
    expect(status).toBe(200);
    return resultText(message);
  };

  it('keeps the previous version serving when a version fails to load, and says why', async () => {
    await savePublish(gateway, labelledDefinition('fallback', upstream.origin, 'good'));
    // A corrupt artifact stored as version 2, around the API.
    const db = gateway.services.database.db;
    const server = await db
      .selectFrom('mcp_servers')
      .select(['id', 'definition', 'revision', 'content_hash'])
      .where('name', '=', 'fallback')
      .executeTakeFirstOrThrow();
    const corrupt = Buffer.from('\0asm\x01\0\0\0 this is not a module');
    await db
      .insertInto('mcp_server_artifacts')
      .values({
        content_hash: 'f'.repeat(64),
        bytes: corrupt,
        size_bytes: corrupt.length,
        created_at: new Date().toISOString(),
      })
      .execute();
    await db
      .insertInto('mcp_server_versions')
      .values({
        server_id: server.id,
        version: 2,
        revision: server.revision,
        definition: server.definition,
        definition_hash: server.content_hash,
        artifact_hash: 'f'.repeat(64),
        author: null,
        message: 'corrupt',
        created_at: new Date().toISOString(),
      })
      .execute();

    const response = await gateway.api('/servers/fallback/versions/2/activate', { method: 'POST' });
    expect(response.status).toBe(422);
    const body = await json(response);
    expect(body.error.code).toBe('load_failed');
    expect(body.error.message).toContain('version 1 keeps serving');
    expect(body.runtime).toMatchObject({ activeVersion: 1, loadedVersion: 1 });

    const status = await json(await gateway.api('/servers/fallback'));
    expect(status.runtime.activeVersion).toBe(1);
    expect(status.runtime.loadedVersion).toBe(1);
    expect(status.runtime.lastLoadError.version).toBe(2);
    expect(status.runtime.lastLoadError.message).toMatch(/artifact|module/);
    const list = await json(await gateway.api('/servers/fallback/versions'));
    expect(list.items.map((v: Json) => [v.version, v.active])).toEqual([
      [2, false],
      [1, true],
    ]);
    expect(await hello('fallback')).toBe('good|good|ann');

    // A later successful activation clears the error.
    await gateway.api('/servers/fallback/versions/1/activate', { method: 'POST' });
    expect((await json(await gateway.api('/servers/fallback'))).runtime.lastLoadError).toBeNull();
  });

  it('unloads a deleted server: /mcp/{name} answers 404', async () => {
    await savePublish(gateway, labelledDefinition('doomed', upstream.origin, 'd1'));
    expect(await hello('doomed')).toBe('d1|d1|ann');
    const changes: string[] = [];
    const unsubscribe = gateway.services.mcpRuntime.onChange((name) => changes.push(name));
    expect((await gateway.api('/servers/doomed', { method: 'DELETE' })).status).toBe(204);
    unsubscribe();
    expect(changes).toEqual(['doomed']);
    expect((await callTool(gateway.dataPlaneUrl, 'doomed', 'hello', { who: 'x' })).status).toBe(
      404,
    );
    expect(gateway.services.mcpRuntime.loadedServers()).not.toContain('doomed');
    // Its versions and artifacts went with it.
    const left = await gateway.services.database.db
      .selectFrom('mcp_server_versions')
      .innerJoin('mcp_servers', 'mcp_servers.id', 'mcp_server_versions.server_id')
      .select('version')
      .where('mcp_servers.name', '=', 'doomed')
      .execute();
    expect(left).toEqual([]);
  });

  it('fires onChange on every activation (publish and rollback)', async () => {
    const changes: string[] = [];
    const unsubscribe = gateway.services.mcpRuntime.onChange((name) => changes.push(name));
    await savePublish(gateway, labelledDefinition('noisy', upstream.origin, 'n1'));
    await savePublish(gateway, labelledDefinition('noisy', upstream.origin, 'n2'));
    await gateway.api('/servers/noisy/versions/1/activate', { method: 'POST' });
    unsubscribe();
    expect(changes).toEqual(['noisy', 'noisy', 'noisy']);
  });

  it('reloads the active version with new secret values, without a new version', async () => {
    const tokens = await startLoopback((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token: req.headers['x-token'] ?? null }));
    });
    try {
      const definition: ServerDefinition = {
        server: { name: 'secretive', config: { token: '${secret:TOKEN}' } },
        tools: [
          {
            name: 'whoami',
            requestTemplate: {
              url: `${tokens.origin}/t`,
              method: 'GET',
              headers: [{ key: 'x-token', value: '{{.config.token}}' }],
            },
            responseTemplate: { body: 'token={{.token}}' },
          },
        ],
      };
      const created = await gateway.api('/servers', { method: 'POST', json: definition });
      expect(created.status).toBe(201);
      const setFirst = await gateway.api('/servers/secretive/secrets', {
        method: 'PUT',
        json: { values: { TOKEN: 'first' } },
      });
      expect(await json(setFirst)).not.toHaveProperty('runtime');
      const published = await gateway.api('/servers/secretive/publish', {
        method: 'POST',
        json: { revision: 1 },
      });
      expect(published.status).toBe(201);
      const call = async () =>
        resultText((await callTool(gateway.dataPlaneUrl, 'secretive', 'whoami', {})).message);
      expect(await call()).toBe('token=first');

      const changed = await gateway.api('/servers/secretive/secrets', {
        method: 'PUT',
        json: { values: { TOKEN: 'second' } },
      });
      expect(changed.status).toBe(200);
      expect((await json(changed)).runtime).toMatchObject({ activeVersion: 1, loadedVersion: 1 });
      expect(await call()).toBe('token=second');
      const list = await json(await gateway.api('/servers/secretive/versions'));
      expect(list.total).toBe(1);
    } finally {
      await tokens.close();
    }
  });

  it('loads every active version at start-up (restart on the same database)', async () => {
    await savePublish(gateway, labelledDefinition('durable', upstream.origin, 'a'));
    await savePublish(gateway, labelledDefinition('durable', upstream.origin, 'b'));
    await gateway.api('/servers/durable/versions/1/activate', { method: 'POST' });
    await gateway.close();
    const restarted = await startGatewayOn(gateway.target, { runtimeSyncIntervalMs: 0 });
    try {
      expect(await hello('durable', restarted.dataPlaneUrl)).toBe('a|a|ann');
      expect(await hello('fallback', restarted.dataPlaneUrl)).toBe('good|good|ann');
      const status = await json(await restarted.api('/servers/durable'));
      expect(status.runtime).toEqual({ activeVersion: 1, loadedVersion: 1, lastLoadError: null });
    } finally {
      await restarted.close();
    }
  });
});

async function eventually(check: () => Promise<void>) {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('replicas on postgres', () => {
  let first: TestGateway;
  let upstream: LoopbackServer;

  beforeAll(async () => {
    upstream = await startEchoUpstream();
    first = await startTestGateway('postgres', { runtimeSyncIntervalMs: 100 });
  });
  afterAll(async () => {
    await first?.stop();
    await upstream?.close();
  });

  it('a replica reloads with secret values changed on another', async () => {
    const tokens = await startLoopback((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token: req.headers['x-token'] ?? null }));
    });
    const second = await startGatewayOn(first.target, { runtimeSyncIntervalMs: 100 });
    try {
      const definition: ServerDefinition = {
        server: { name: 'keyed', config: { token: '${secret:TOKEN}' } },
        tools: [
          {
            name: 'whoami',
            requestTemplate: {
              url: `${tokens.origin}/t`,
              method: 'GET',
              headers: [{ key: 'x-token', value: '{{.config.token}}' }],
            },
            responseTemplate: { body: 'token={{.token}}' },
          },
        ],
      };
      await first.api('/servers', { method: 'POST', json: definition });
      await first.api('/servers/keyed/secrets', {
        method: 'PUT',
        json: { values: { TOKEN: 'one' } },
      });
      await first.api('/servers/keyed/publish', { method: 'POST', json: { revision: 1 } });
      const onSecond = async () =>
        resultText((await callTool(second.dataPlaneUrl, 'keyed', 'whoami', {})).message);
      await eventually(async () => expect(await onSecond()).toBe('token=one'));
      await first.api('/servers/keyed/secrets', {
        method: 'PUT',
        json: { values: { TOKEN: 'two' } },
      });
      await eventually(async () => expect(await onSecond()).toBe('token=two'));
    } finally {
      await second.close();
      await tokens.close();
    }
  });

  it('two replicas publishing at the same moment store one version per number', async () => {
    const second = await startGatewayOn(first.target, { runtimeSyncIntervalMs: 0 });
    try {
      for (let round = 1; round <= 3; round++) {
        const revision = await saveDraft(
          first,
          labelledDefinition('raced', upstream.origin, `r${round}`),
        );
        const answers = await Promise.all(
          [first, second].map((gateway) =>
            gateway.api('/servers/raced/publish', { method: 'POST', json: { revision } }),
          ),
        );
        const statuses = answers.map((a) => a.status).sort();
        // Both may see the other's version first (201 + 200), or collide on the number (409).
        expect([
          [200, 201],
          [201, 409],
        ]).toContainEqual(statuses);
      }
      const list = await json(await first.api('/servers/raced/versions'));
      expect(list.items.map((v: Json) => v.version)).toEqual([3, 2, 1]);
    } finally {
      await second.close();
    }
  });

  it('a replica learns of activations and deletes made on another', async () => {
    const second = await startGatewayOn(first.target, { runtimeSyncIntervalMs: 100 });
    const changes: string[] = [];
    second.services.mcpRuntime.onChange((name) => changes.push(name));
    const on = async (url: string) =>
      resultText((await callTool(url, 'shared', 'hello', { who: 'r' })).message);
    try {
      await savePublish(first, labelledDefinition('shared', upstream.origin, 'p1'));
      await eventually(async () => expect(await on(second.dataPlaneUrl)).toBe('p1|p1|r'));
      await savePublish(first, labelledDefinition('shared', upstream.origin, 'p2'));
      await eventually(async () => expect(await on(second.dataPlaneUrl)).toBe('p2|p2|r'));
      // Rollback made on the second replica reaches the first.
      await second.api('/servers/shared/versions/1/activate', { method: 'POST' });
      expect(await on(second.dataPlaneUrl)).toBe('p1|p1|r');
      await eventually(async () => expect(await on(first.dataPlaneUrl)).toBe('p1|p1|r'));
      expect(changes.length).toBeGreaterThanOrEqual(3);

      await first.api('/servers/shared', { method: 'DELETE' });
      await eventually(async () =>
        expect((await callTool(second.dataPlaneUrl, 'shared', 'hello', { who: 'r' })).status).toBe(
          404,
        ),
      );
    } finally {
      await second.close();
    }
  });
});
