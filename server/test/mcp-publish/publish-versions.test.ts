// Publishing, versions, diff, export, artifact download and rollback through the admin API,
// with calls through /mcp/{name} showing which version serves.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { compileServer } from '../../src/mcp/compiler/compile-server.ts';
import {
  callTool,
  json,
  labelledDefinition,
  publish,
  resultText,
  saveDraft,
  startEchoUpstream,
  type Json,
  type LoopbackServer,
} from './support.ts';

describe.each(DIALECTS)('publishing and versions on %s', (dialect) => {
  let gateway: TestGateway;
  let upstream: LoopbackServer;
  const name = 'weather';

  beforeAll(async () => {
    upstream = await startEchoUpstream();
    gateway = await startTestGateway(dialect);
  });
  afterAll(async () => {
    await gateway?.stop();
    await upstream?.close();
  });

  const hello = async (who = 'ann') => {
    const { status, message } = await callTool(gateway.dataPlaneUrl, name, 'hello', { who });
    expect(status).toBe(200);
    return resultText(message);
  };

  it('serves nothing before a publish', async () => {
    await saveDraft(gateway, labelledDefinition(name, upstream.origin, 'v1'));
    const { status } = await callTool(gateway.dataPlaneUrl, name, 'hello', { who: 'x' });
    expect(status).toBe(404);
    const server = await json(await gateway.api(`/servers/${name}`));
    expect(server.runtime).toEqual({
      activeVersion: null,
      loadedVersion: null,
      lastLoadError: null,
    });
  });

  it('refuses a stale revision with 409', async () => {
    const response = await gateway.api(`/servers/${name}/publish`, {
      method: 'POST',
      json: { revision: 7 },
    });
    expect(response.status).toBe(409);
    const body = await json(response);
    expect(body.error.details[0].path).toBe('/revision');
  });

  it('publishes version 1 with its artifact hash and serves it', async () => {
    const response = await gateway.api(`/servers/${name}/publish`, {
      method: 'POST',
      json: { revision: 1, message: 'first' },
      headers: { 'x-author': 'alice' },
    });
    expect(response.status).toBe(201);
    const body = await json(response);
    expect(body).toMatchObject({
      version: 1,
      revision: 1,
      message: 'first',
      author: 'alice',
      created: true,
      active: true,
      runtime: { activeVersion: 1, loadedVersion: 1, lastLoadError: null },
      warnings: [],
    });
    expect(body.contentHash).toMatch(/^[0-9a-f]{64}$/);
    // Deterministic: the artifact is what the compiler makes of the draft, byte for byte.
    expect(body.contentHash).toBe(
      compileServer(labelledDefinition(name, upstream.origin, 'v1')).contentHash,
    );
    expect(await hello()).toBe('v1|v1|ann');
    const server = await json(await gateway.api(`/servers/${name}`));
    expect(server.runtime).toEqual({ activeVersion: 1, loadedVersion: 1, lastLoadError: null });
  });

  it('re-publishing an unchanged draft gives the same artifact and no new version', async () => {
    const first = await gateway.api(`/servers/${name}/versions/1/artifact`);
    const before = new Uint8Array(await first.arrayBuffer());
    const again = await publish(gateway, name, 1, 'again');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ version: 1, created: false, message: 'first' });
    const after = new Uint8Array(
      await (await gateway.api(`/servers/${name}/versions/1/artifact`)).arrayBuffer(),
    );
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(true);
    const list = await json(await gateway.api(`/servers/${name}/versions`));
    expect(list.total).toBe(1);
  });

  it('downloads the artifact as application/wasm with its hash', async () => {
    const response = await gateway.api(`/servers/${name}/versions/1/artifact`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/wasm');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 4)]).toEqual([0, 0x61, 0x73, 0x6d]);
    const version = await json(await gateway.api(`/servers/${name}/versions/1`));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(version.contentHash);
    expect(version.sizeBytes).toBeUndefined();
    expect(version.definition.tools[0].requestTemplate.headers[0].value).toBe('v1');
    expect((await gateway.api(`/servers/${name}/versions/9/artifact`)).status).toBe(404);
  });

  it('publishes version 2, lists versions with the active one and diffs them', async () => {
    const revision = await saveDraft(gateway, labelledDefinition(name, upstream.origin, 'v2'));
    expect(revision).toBe(2);
    const published = await publish(gateway, name, revision, 'second');
    expect(published.status).toBe(201);
    expect(published.body.version).toBe(2);
    expect(await hello()).toBe('v2|v2|ann');

    const list = await json(await gateway.api(`/servers/${name}/versions`));
    expect(list.activeVersion).toBe(2);
    expect(list.items.map((v: Json) => [v.version, v.active, v.message])).toEqual([
      [2, true, 'second'],
      [1, false, 'first'],
    ]);
    expect(list.items[0].sizeBytes).toBeGreaterThan(1000);

    const diff = await json(await gateway.api(`/servers/${name}/diff?fromVersion=1&toVersion=2`));
    expect(diff.fromVersion).toBe(1);
    expect(diff.toVersion).toBe(2);
    const paths = diff.changes.map((c: Json) => c.path);
    expect(paths).toContain('/tools/0/requestTemplate/headers/0/value');
    expect(paths).toContain('/tools/0/responseTemplate/body');
    // The draft revision diff still works beside it.
    const revisions = await json(await gateway.api(`/servers/${name}/diff?from=1&to=2`));
    expect(revisions).toMatchObject({ from: 1, to: 2 });
    expect(revisions.changes.length).toBe(diff.changes.length);
    const mixed = await gateway.api(`/servers/${name}/diff?from=1&toVersion=2`);
    expect(mixed.status).toBe(400);
  });

  it('exports a published version as YAML and JSON', async () => {
    const yaml = await gateway.api(`/servers/${name}/export?version=1`);
    expect(yaml.status).toBe(200);
    expect(yaml.headers.get('content-type')).toContain('application/yaml');
    const text = await yaml.text();
    expect(text).toContain('value: v1');
    expect(text).not.toContain('v2');
    const asJson = await json(await gateway.api(`/servers/${name}/export?version=2&format=json`));
    expect(asJson.tools[0].responseTemplate.body).toContain('v2|');
    expect((await gateway.api(`/servers/${name}/export?version=5`)).status).toBe(404);
    expect((await gateway.api(`/servers/${name}/export?version=1&revision=1`)).status).toBe(400);
  });

  it('activates version 1 again (rollback) from its stored artifact', async () => {
    const response = await gateway.api(`/servers/${name}/versions/1/activate`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({
      version: 1,
      active: true,
      runtime: { activeVersion: 1, loadedVersion: 1 },
    });
    expect(await hello('bo')).toBe('v1|v1|bo');
    const list = await json(await gateway.api(`/servers/${name}/versions`));
    expect(list.items.map((v: Json) => v.active)).toEqual([false, true]);
    expect(list.total).toBe(2);
    // Roll forward again.
    await gateway.api(`/servers/${name}/versions/2/activate`, { method: 'POST' });
    expect(await hello('cy')).toBe('v2|v2|cy');
    expect(
      (await gateway.api(`/servers/${name}/versions/3/activate`, { method: 'POST' })).status,
    ).toBe(404);
  });

  it('refuses to publish a draft with a template that does not compile, naming where', async () => {
    // Saved drafts are checked too; the compiler is the last line: a broken template in the
    // stored draft (written around the API) is reported with tool, field, line and column.
    const broken = labelledDefinition(name, upstream.origin, 'v3');
    broken.tools![0]!.responseTemplate = { body: 'ok\n{{if .x}}unclosed' };
    const server = await json(await gateway.api(`/servers/${name}`));
    await gateway.services.database.db
      .updateTable('mcp_servers')
      .set({ definition: JSON.stringify(broken) })
      .where('name', '=', name)
      .execute();
    const response = await publish(gateway, name, server.revision);
    expect(response.status).toBe(422);
    const detail = response.body.error.details[0];
    expect(detail).toMatchObject({ tool: 'hello', line: 2 });
    expect(detail.path).toBe('/tools/0/responseTemplate/body');
    expect(await hello()).toBe('v2|v2|ann');
  });
});
