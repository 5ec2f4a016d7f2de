import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../src/gateway.ts';
import { createTestDatabase, DIALECTS, type TestDatabaseTarget } from '../support/databases.ts';
import { weatherServer } from './fixtures.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SECRET = 'sk-live-7f3a9c1e5b';
const CREDENTIAL = 'svc-user:pa55-w0rd-q8';

/**
 * Secrets are write-only: stored apart from the definition, never in a response, an export or
 * a log line (the gateway runs at trace level here and every line is searched).
 */
describe.each(DIALECTS)('MCP server secrets (%s)', (dialect) => {
  let target: TestDatabaseTarget;
  let gateway: RunningGateway;
  const logLines: string[] = [];

  beforeAll(async () => {
    target = await createTestDatabase(dialect);
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    gateway = await startGateway(
      {
        port: 0,
        host: '127.0.0.1',
        adminPort: 0,
        adminHost: '127.0.0.1',
        dataDir: target.dataDir,
        databaseUrl: target.databaseUrl,
        logLevel: 'trace',
        adminBodyLimit: 64 * 1024 * 1024,
        demo: false,
      },
      pino({ level: 'trace' }, sink),
    );
  });
  afterAll(async () => {
    await gateway?.close();
    await target?.dispose();
  });

  const call = async (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const headers = new Headers(init.headers);
    if (init.json !== undefined) headers.set('content-type', 'application/json');
    const response = await fetch(`${gateway.adminUrl}/api/v1${path}`, {
      ...init,
      headers,
      body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
    });
    const text = await response.text();
    const isJson = response.headers.get('content-type')?.startsWith('application/json');
    return { status: response.status, text, body: (isJson ? JSON.parse(text) : undefined) as Json };
  };

  it('stores secrets apart, shows only their keys, and keeps them out of exports and logs', async () => {
    const definition = weatherServer('vault') as Json;
    definition.server.config.apiKey = '${secret:apiKey}';
    definition.server.securitySchemes = [
      { id: 'Upstream', type: 'http', scheme: 'basic', defaultCredential: CREDENTIAL },
    ];
    definition.tools[0].requestTemplate.security = { id: 'Upstream' };
    const created = await call('/servers', { method: 'POST', json: definition });
    expect(created.status).toBe(201);
    // The plain credential moved to the store; the definition holds a reference.
    expect(created.body.server.securitySchemes[0].defaultCredential).toBe(
      '${secret:securitySchemes.Upstream.defaultCredential}',
    );
    expect(created.body.secrets).toEqual({
      set: ['securitySchemes.Upstream.defaultCredential'],
      missing: ['apiKey'],
    });

    const put = await call('/servers/vault/secrets', {
      method: 'PUT',
      json: { values: { apiKey: SECRET } },
    });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      set: ['apiKey', 'securitySchemes.Upstream.defaultCredential'],
      missing: [],
    });
    // Secrets are not content: no revision.
    const read = await call('/servers/vault');
    expect(read.body.revision).toBe(1);
    expect(read.body.secrets.missing).toEqual([]);

    const yaml = (await call('/servers/vault/export?format=yaml')).text;
    expect(yaml).toContain('apiKey: ${secret:apiKey}');
    expect(yaml).toContain(
      'defaultCredential: ${secret:securitySchemes.Upstream.defaultCredential}',
    );

    // Re-importing the export keeps the stored secrets.
    const again = await call('/servers/import?revision=1', {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: yaml,
    });
    expect(again.status).toBe(200);
    expect(again.body.secrets).toEqual(put.body);
    expect((await gateway.services.mcpServers.draftSnapshot('vault')).secrets).toEqual({
      apiKey: SECRET,
      'securitySchemes.Upstream.defaultCredential': CREDENTIAL,
    });

    // Imported into a new server, the references are listed as missing.
    const copy = await call('/servers/import?name=vault-copy', {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: yaml,
    });
    expect(copy.status).toBe(201);
    expect(copy.body.secrets).toEqual({
      set: [],
      missing: ['apiKey', 'securitySchemes.Upstream.defaultCredential'],
    });

    // Removing a secret.
    const removed = await call('/servers/vault/secrets', {
      method: 'PUT',
      json: { values: { apiKey: null } },
    });
    expect(removed.body).toEqual({
      set: ['securitySchemes.Upstream.defaultCredential'],
      missing: ['apiKey'],
    });

    const bad = await call('/servers/vault/secrets', {
      method: 'PUT',
      json: { values: { 'bad key': SECRET } },
    });
    expect(bad.status).toBe(400);
    expect(bad.text).not.toContain(SECRET);

    // Nothing the API answered, and no log line, holds a secret value.
    for (const path of [
      '/servers/vault',
      '/servers/vault/revisions/1',
      '/servers/vault/diff',
      '/servers?q=vault',
    ]) {
      const { text } = await call(path);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(CREDENTIAL);
    }
    expect(logLines.length).toBeGreaterThan(10);
    expect(logLines.join('')).not.toContain(SECRET);
    expect(logLines.join('')).not.toContain(CREDENTIAL);
  });

  it('refuses a credential that is neither plain nor a valid reference', async () => {
    const definition = weatherServer('vault-bad') as Json;
    definition.server.securitySchemes = [
      { id: 'Upstream', type: 'http', scheme: 'bearer', defaultCredential: '${secret:no spaces}' },
    ];
    const response = await call('/servers', { method: 'POST', json: definition });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].path).toBe('/server/securitySchemes/0/defaultCredential');
  });
});
