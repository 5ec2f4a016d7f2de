import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createLogger, startGateway, type RunningGateway } from '../../src/gateway.ts';
import type { Settings } from '../../src/config/settings.ts';
import { SESSION_SECRET_FILE } from '../../src/mcp/protocol/session-secret.ts';
import { createTestDatabase, DIALECTS, type TestDatabaseTarget } from '../support/databases.ts';
import { FixtureCatalog, fixtureEvents, fixtureServer } from '../support/mcp-fixture-catalog.ts';
import { JSON_AND_SSE, postInitialize } from '../support/mcp-http.ts';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function target(dialect: (typeof DIALECTS)[number]): Promise<TestDatabaseTarget> {
  const created = await createTestDatabase(dialect);
  cleanup.push(() => created.dispose());
  return created;
}

async function gatewayOn(
  where: TestDatabaseTarget,
  overrides: Partial<Settings> = {},
  catalog = new FixtureCatalog([fixtureServer('fixture', '1'), fixtureServer('other', '1')]),
): Promise<RunningGateway> {
  const settings: Settings = {
    port: 0,
    host: '127.0.0.1',
    adminPort: 0,
    adminHost: '127.0.0.1',
    dataDir: where.dataDir,
    databaseUrl: where.databaseUrl,
    logLevel: 'silent',
    adminBodyLimit: 1024 * 1024,
    demo: false,
    ...overrides,
  };
  const gateway = await startGateway(settings, createLogger('silent'), { toolCatalog: catalog });
  let closed = false;
  cleanup.push(async () => {
    if (!closed) await gateway.close();
  });
  const close = gateway.close;
  return {
    ...gateway,
    close: async () => {
      closed = true;
      await close();
    },
  };
}

/**
 * Two replicas on one PostgreSQL database with the same session secret and data directories of
 * their own (replica A's is the database target's).
 */
async function twoReplicas() {
  const shared = await target('postgres');
  const secret = 'a-shared-session-secret-of-at-least-32-chars';
  const replicaA = await gatewayOn(shared, { sessionSecret: secret });
  const otherDir = await target('sqlite');
  const replicaB = await gatewayOn(
    { ...shared, dataDir: otherDir.dataDir },
    { sessionSecret: secret },
  );
  return { shared, replicaA, replicaB };
}

function portOf(gateway: RunningGateway): number {
  return (gateway.dataPlane.server.address() as AddressInfo).port;
}

async function initialize(base: string, server = 'fixture'): Promise<string> {
  const response = await postInitialize(`${base}/mcp/${server}`, '2025-11-25', {
    clientName: 'raw',
    id: 1,
  });
  expect(response.status).toBe(200);
  const session = response.headers.get('mcp-session-id');
  expect(session).toBeTruthy();
  return session as string;
}

function post(base: string, session: string | undefined, body: unknown, server = 'fixture') {
  return fetch(`${base}/mcp/${server}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: JSON_AND_SSE,
      'mcp-protocol-version': '2025-11-25',
      ...(session !== undefined && { 'mcp-session-id': session }),
    },
    body: JSON.stringify(body),
  });
}

const listTools = { jsonrpc: '2.0', id: 2, method: 'tools/list' };

describe.each(DIALECTS)('MCP sessions on %s', (dialect) => {
  it('DELETE ends a session: every later request for it gets 404, also after a restart', async () => {
    const where = await target(dialect);
    const first = await gatewayOn(where);
    const session = await initialize(first.dataPlaneUrl);
    expect((await post(first.dataPlaneUrl, session, listTools)).status).toBe(200);

    const deleted = await fetch(`${first.dataPlaneUrl}/mcp/fixture`, {
      method: 'DELETE',
      headers: { 'mcp-session-id': session },
    });
    expect(deleted.status).toBe(200);
    const after = await post(first.dataPlaneUrl, session, listTools);
    expect(after.status).toBe(404);
    expect(await after.json()).toMatchObject({
      error: { code: -32001, message: expect.stringMatching(/Session not found/) },
    });
    const getAfter = await fetch(`${first.dataPlaneUrl}/mcp/fixture`, {
      headers: { 'mcp-session-id': session, accept: 'text/event-stream' },
    });
    expect(getAfter.status).toBe(404);
    const deleteAgain = await fetch(`${first.dataPlaneUrl}/mcp/fixture`, {
      method: 'DELETE',
      headers: { 'mcp-session-id': session },
    });
    expect(deleteAgain.status).toBe(404);

    await first.close();
    const second = await gatewayOn(where);
    expect((await post(second.dataPlaneUrl, session, listTools)).status).toBe(404);
  });

  it('a session survives a gateway restart with the same data directory', async () => {
    const where = await target(dialect);
    const first = await gatewayOn(where);
    const port = portOf(first);
    const client = new Client({ name: 'restart-test', version: '1' });
    const transport = new StreamableHTTPClientTransport(
      new URL(`${first.dataPlaneUrl}/mcp/fixture`),
    );
    await client.connect(transport);
    const before = await client.callTool({ name: 'echo', arguments: { text: 'before' } });
    expect(before.content).toEqual([{ type: 'text', text: 'before' }]);
    const sessionId = transport.sessionId;

    await first.close();
    // Let the client's connection pool see its kept-alive sockets closed by the old process.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await gatewayOn(where, { port });
    const after = await client.callTool({ name: 'echo', arguments: { text: 'after' } });
    expect(after.content).toEqual([{ type: 'text', text: 'after' }]);
    expect(transport.sessionId).toBe(sessionId);
    await client.close();
  });
});

describe('MCP session ids', () => {
  it('are refused when tampered with, missing, or used on another server', async () => {
    const gateway = await gatewayOn(await target('sqlite'));
    const session = await initialize(gateway.dataPlaneUrl);
    const [payload, signature] = [
      session.slice(0, session.lastIndexOf('.')),
      session.slice(session.lastIndexOf('.') + 1),
    ];
    const forged = `${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    expect((await post(gateway.dataPlaneUrl, forged, listTools)).status).toBe(404);
    expect((await post(gateway.dataPlaneUrl, 'not-a-session', listTools)).status).toBe(404);
    const missing = await post(gateway.dataPlaneUrl, undefined, listTools);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      error: { message: expect.stringMatching(/Mcp-Session-Id header is required/) },
    });
    expect((await post(gateway.dataPlaneUrl, session, listTools, 'other')).status).toBe(404);
    expect((await post(gateway.dataPlaneUrl, session, listTools)).status).toBe(200);
  });

  it('are signed with a key kept in the data directory, readable by the owner only', async () => {
    const where = await target('sqlite');
    const first = await gatewayOn(where);
    const session = await initialize(first.dataPlaneUrl);
    const file = path.join(where.dataDir, SESSION_SECRET_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const key = fs.readFileSync(file, 'utf8');
    await first.close();
    await gatewayOn(where);
    expect(fs.readFileSync(file, 'utf8')).toBe(key);
    // Another data directory has another key: the session is unknown there.
    const elsewhere = await gatewayOn(await target('sqlite'));
    expect((await post(elsewhere.dataPlaneUrl, session, listTools)).status).toBe(404);
  });

  it('work across replicas that share MCPGW_SESSION_SECRET and the PostgreSQL database', async () => {
    const { shared, replicaA, replicaB } = await twoReplicas();
    expect(fs.existsSync(path.join(shared.dataDir, SESSION_SECRET_FILE))).toBe(false);

    const session = await initialize(replicaA.dataPlaneUrl);
    expect((await post(replicaB.dataPlaneUrl, session, listTools)).status).toBe(200);
    const deleted = await fetch(`${replicaA.dataPlaneUrl}/mcp/fixture`, {
      method: 'DELETE',
      headers: { 'mcp-session-id': session },
    });
    expect(deleted.status).toBe(200);
    // Replica B learns of the ended session from the revocation table within its poll interval.
    const deadline = Date.now() + 5000;
    let status = 200;
    while (status !== 404 && Date.now() < deadline) {
      status = (await post(replicaB.dataPlaneUrl, session, listTools)).status;
      if (status !== 404) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(404);
  });

  it('end their GET streams and calls on other replicas when another replica deletes them', async () => {
    const { replicaA, replicaB } = await twoReplicas();
    const session = await initialize(replicaA.dataPlaneUrl);
    const stream = await fetch(`${replicaB.dataPlaneUrl}/mcp/fixture`, {
      headers: {
        'mcp-session-id': session,
        accept: 'text/event-stream',
        'mcp-protocol-version': '2025-11-25',
      },
    });
    expect(stream.status).toBe(200);
    const reading = stream.text();
    const cancelledBefore = fixtureEvents.cancelled.length;
    const waiting = post(replicaB.dataPlaneUrl, session, {
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: 'wait_for_cancel', arguments: {} },
    });
    // The call waits on replica B (until cancelled) when the session ends on replica A.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const deleted = await fetch(`${replicaA.dataPlaneUrl}/mcp/fixture`, {
      method: 'DELETE',
      headers: { 'mcp-session-id': session },
    });
    expect(deleted.status).toBe(200);
    // Replica B ends the stream and the call within its revocation poll (1 s).
    await expect(reading).resolves.toBe('');
    const answer = (await (await waiting).json()) as {
      result: { isError: boolean; content: Array<{ text: string }> };
    };
    expect(answer.result.isError).toBe(true);
    expect(fixtureEvents.cancelled.slice(cancelledBefore)).toContain('the session ended');
  });

  it('end their GET streams when the session is deleted', async () => {
    const gateway = await gatewayOn(await target('sqlite'));
    const session = await initialize(gateway.dataPlaneUrl);
    const stream = await fetch(`${gateway.dataPlaneUrl}/mcp/fixture`, {
      headers: {
        'mcp-session-id': session,
        accept: 'text/event-stream',
        'mcp-protocol-version': '2025-11-25',
      },
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    const reading = stream.text();
    await fetch(`${gateway.dataPlaneUrl}/mcp/fixture`, {
      method: 'DELETE',
      headers: { 'mcp-session-id': session },
    });
    await expect(reading).resolves.toBe('');
  });
});
