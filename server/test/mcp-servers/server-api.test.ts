import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { weatherServer } from './fixtures.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(DIALECTS)('MCP server drafts through the API (%s)', (dialect) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway(dialect);
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  const call = async (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const response = await gateway.api(path, init);
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };

  it('creates, reads and lists servers with id, revision and timestamps', async () => {
    const created = await call('/servers', {
      method: 'POST',
      json: weatherServer('crud'),
      headers: { 'x-author': 'ana' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.any(Number),
      name: 'crud',
      revision: 1,
      secrets: { set: [], missing: [] },
      server: weatherServer('crud').server,
    });
    expect(created.body.createdAt).toBe(created.body.updatedAt);
    expect(created.body.tools).toHaveLength(2);

    const read = await call('/servers/crud');
    // A read adds what the runtime serves; nothing is published yet.
    expect(read.body).toEqual({
      ...created.body,
      runtime: { activeVersion: null, loadedVersion: null, lastLoadError: null },
    });

    const list = await call('/servers?q=FORECAST&pageSize=10');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 10 });
    expect(list.body.items[0]).toMatchObject({
      name: 'crud',
      title: 'Weather',
      toolCount: 2,
      revision: 1,
    });

    const taken = await call('/servers', { method: 'POST', json: weatherServer('crud') });
    expect(taken.status).toBe(409);
    expect(taken.body.error.details[0].path).toBe('/server/name');

    expect((await call('/servers/nope')).status).toBe(404);

    const document = await call('/openapi.json');
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/servers',
        '/api/v1/servers/{name}',
        '/api/v1/servers/{name}/export',
        '/api/v1/servers/import',
        '/api/v1/servers/from-interfaces',
      ]),
    );
  });

  it('rejects invalid definitions with JSON pointers naming the tool, storing nothing', async () => {
    const bad = weatherServer('bad');
    (bad.tools[0] as Json).name = 'has space';
    (bad.tools[1] as Json).args[0].position = 'form';
    const schema = await call('/servers', { method: 'POST', json: bad });
    expect(schema.status).toBe(400);
    expect(schema.body.error.code).toBe('validation_failed');
    const paths = schema.body.error.details.map((d: Json) => d.path);
    expect(paths).toContain('/tools/0/name');
    expect(paths).toContain('/tools/1/args/0/position');
    expect(
      schema.body.error.details.find((d: Json) => d.path === '/tools/1/args/0/position').tool,
    ).toBe('get-alerts');

    const duplicate = weatherServer('bad');
    duplicate.tools[1]!.name = 'get-forecast';
    const collision = await call('/servers', { method: 'POST', json: duplicate });
    expect(collision.status).toBe(400);
    expect(collision.body.error.details).toContainEqual(
      expect.objectContaining({ path: '/tools/1/name', tool: 'get-forecast' }),
    );
    expect(collision.body.error.message).toContain("'get-forecast'");

    const rules = weatherServer('bad');
    (rules.tools[0] as Json).requestTemplate.url = 'https://api.example.test/{region}/{city}';
    (rules.tools[0] as Json).requestTemplate.security = { id: 'nowhere' };
    (rules as Json).allowTools = ['get-forecast', 'ghost'];
    const invalid = await call('/servers', { method: 'POST', json: rules });
    expect(invalid.status).toBe(400);
    const messages = invalid.body.error.details.map((d: Json) => `${d.path} ${d.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/tools\/0\/requestTemplate\/url .*\{region\} has no argument/),
        expect.stringMatching(
          /^\/tools\/0\/requestTemplate\/security\/id .*'nowhere' is not defined/,
        ),
        expect.stringMatching(/^\/allowTools\/1 .*'ghost'/),
      ]),
    );
    expect((await call('/servers/bad')).status).toBe(404);
  });

  it('versions every change, skips unchanged content, locks optimistically and diffs', async () => {
    await call('/servers', { method: 'POST', json: weatherServer('history') });
    const changed = weatherServer('history');
    changed.server.description = 'Forecasts and alerts';
    changed.tools[1]!.description = 'Active alerts';
    const updated = await call('/servers/history', {
      method: 'PUT',
      json: { revision: 1, message: 'describe alerts', ...changed },
      headers: { 'x-author': 'bo' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.revision).toBe(2);
    expect(updated.body.updatedAt >= updated.body.createdAt).toBe(true);

    const same = await call('/servers/history', {
      method: 'PUT',
      json: { revision: 2, ...changed },
    });
    expect(same.status).toBe(200);
    expect(same.body.revision).toBe(2);

    const stale = await call('/servers/history', {
      method: 'PUT',
      json: { revision: 1, ...weatherServer('history') },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.current).toMatchObject({ name: 'history', revision: 2 });
    expect(stale.body.current.server.description).toBe('Forecasts and alerts');

    const renamed = await call('/servers/history', {
      method: 'PUT',
      json: { revision: 2, ...weatherServer('other') },
    });
    expect(renamed.status).toBe(400);

    const revisions = await call('/servers/history/revisions');
    expect(revisions.body).toMatchObject({ total: 2, page: 1 });
    expect(revisions.body.items[0]).toMatchObject({
      revision: 2,
      action: 'update',
      author: 'bo',
      message: 'describe alerts',
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(revisions.body.items[0].definition).toBeUndefined();
    const first = await call('/servers/history/revisions/1');
    expect(first.body.definition.server.description).toBe('Forecasts by city');
    expect((await call('/servers/history/revisions/9')).status).toBe(404);

    // Export of a past revision (the draft's history; published versions come later).
    const past = await gateway.api('/servers/history/export?format=json&revision=1');
    expect(JSON.parse(await past.text()).server.description).toBe('Forecasts by city');
    const now = await gateway.api('/servers/history/export?format=json');
    expect(JSON.parse(await now.text()).server.description).toBe('Forecasts and alerts');
    expect((await gateway.api('/servers/history/export?revision=9')).status).toBe(404);

    const diff = await call('/servers/history/diff?from=1&to=2');
    expect(diff.body).toEqual({
      from: 1,
      to: 2,
      changes: [
        {
          path: '/server/description',
          op: 'replace',
          before: 'Forecasts by city',
          after: 'Forecasts and alerts',
        },
        {
          path: '/tools/1/description',
          op: 'replace',
          before: 'Weather alerts',
          after: 'Active alerts',
        },
      ],
    });
  });

  it('rejects a template syntax error on save, naming tool, field, line and column', async () => {
    await call('/servers', { method: 'POST', json: weatherServer('templated') });
    const broken = weatherServer('templated');
    (broken.tools[1] as Json).responseTemplate = {
      body: 'Alerts:\n{{ range .alerts }}{{ .title }}',
    };
    const response = await call('/servers/templated', {
      method: 'PUT',
      json: { revision: 1, ...broken },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([
      expect.objectContaining({
        path: '/tools/1/responseTemplate/body',
        tool: 'get-alerts',
        field: 'responseTemplate.body',
        line: 2,
        column: expect.any(Number),
      }),
    ]);
    expect((await call('/servers/templated')).body.revision).toBe(1);
  });

  it('lets exactly one of two simultaneous updates from the same revision win', async () => {
    await call('/servers', { method: 'POST', json: weatherServer('race') });
    const a = weatherServer('race');
    a.server.description = 'from A';
    const b = weatherServer('race');
    b.server.description = 'from B';
    const results = await Promise.all([
      call('/servers/race', { method: 'PUT', json: { revision: 1, ...a } }),
      call('/servers/race', { method: 'PUT', json: { revision: 1, ...b } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.body.current.server.description).toBe(winner.body.server.description);
    expect((await call('/servers/race/revisions')).body.total).toBe(2);
  });

  it('deletes a server with its history, checking the revision when given', async () => {
    await call('/servers', { method: 'POST', json: weatherServer('gone') });
    expect((await call('/servers/gone?revision=5', { method: 'DELETE' })).status).toBe(409);
    expect((await call('/servers/gone?revision=1', { method: 'DELETE' })).status).toBe(204);
    expect((await call('/servers/gone')).status).toBe(404);
    expect((await call('/servers/gone/revisions')).status).toBe(404);
    // The name is free again.
    expect((await call('/servers', { method: 'POST', json: weatherServer('gone') })).status).toBe(
      201,
    );
  });

  it('lists tools as MCP shows them, honouring allowTools', async () => {
    const definition = { ...weatherServer('listing'), allowTools: ['get-forecast'] };
    await call('/servers', { method: 'POST', json: definition });
    const { body } = await call('/servers/listing/tools');
    expect(body.tools).toEqual([
      {
        name: 'get-forecast',
        description: 'Forecast for a city',
        inputSchema: {
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          type: 'object',
          properties: {
            city: { type: 'string', description: 'City name' },
            days: { type: 'integer', default: 3 },
          },
          required: ['city'],
        },
      },
    ]);
  });
});
