import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import {
  createInterface,
  json,
  petDefinition,
  simpleDefinition,
  type ErrorBody,
  type Resource,
} from './interface-fixtures.ts';

describe.each(DIALECTS)('interface CRUD and validation over the admin API on %s', (dialect) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway(dialect);
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('creates an interface as revision 1 and answers it with the definition at the top level', async () => {
    const definition = petDefinition();
    const response = await gateway.api('/interfaces', { method: 'POST', json: definition });
    expect(response.status).toBe(201);
    const created = await json<Resource>(response);
    expect(response.headers.get('location')).toBe(`/api/v1/interfaces/${created.id}`);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(created).toMatchObject({ revision: 1, ...definition });
    expect(created.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(created.updatedAt).toBe(created.createdAt);
    expect(created).not.toHaveProperty('deletedAt');

    const read = await gateway.api(`/interfaces/${created.id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(created);
  });

  it('replaces the definition with PUT and keeps message and revision out of it', async () => {
    const created = await createInterface(gateway, petDefinition({ name: 'putPet' }));
    const changed = petDefinition({ name: 'putPet', summary: 'Changed summary' });
    const response = await gateway.api(`/interfaces/${created.id}`, {
      method: 'PUT',
      json: { ...changed, revision: 1, message: 'clarify summary' },
    });
    expect(response.status).toBe(200);
    const updated = await json<Resource>(response);
    expect(updated).toMatchObject({ id: created.id, revision: 2, summary: 'Changed summary' });
    expect(updated).not.toHaveProperty('message');
    expect(updated.createdAt).toBe(created.createdAt);

    // A resource read with GET can be sent back as it is (read-only fields are ignored).
    const roundTrip = await gateway.api(`/interfaces/${created.id}`, {
      method: 'PUT',
      json: { ...updated, description: 'edited in place' },
    });
    expect(roundTrip.status).toBe(200);
    expect(await roundTrip.json()).toMatchObject({ revision: 3, description: 'edited in place' });
  });

  it('takes the revision from If-Match and rejects a missing one with 428', async () => {
    const created = await createInterface(gateway, simpleDefinition('ifMatch'));
    const missing = await gateway.api(`/interfaces/${created.id}`, {
      method: 'PUT',
      json: simpleDefinition('ifMatch', { summary: 'x' }),
    });
    expect(missing.status).toBe(428);
    const missingBody = await json<ErrorBody>(missing);
    expect(missingBody.error.code).toBe('revision_required');
    expect(missingBody.error.message).toMatch(/revision/);

    const viaHeader = await gateway.api(`/interfaces/${created.id}`, {
      method: 'PUT',
      json: simpleDefinition('ifMatch', { summary: 'x' }),
      headers: { 'if-match': '"1"' },
    });
    expect(viaHeader.status).toBe(200);

    const disagreeing = await gateway.api(`/interfaces/${created.id}`, {
      method: 'PUT',
      json: { ...simpleDefinition('ifMatch', { summary: 'y' }), revision: 2 },
      headers: { 'if-match': '"1"' },
    });
    expect(disagreeing.status).toBe(400);

    const garbage = await gateway.api(`/interfaces/${created.id}`, {
      method: 'PUT',
      json: simpleDefinition('ifMatch', { summary: 'y' }),
      headers: { 'if-match': 'yesterday' },
    });
    expect(garbage.status).toBe(400);
    expect((await json<ErrorBody>(garbage)).error.details?.[0]?.path).toBe('/if-match');

    const deleteMissing = await gateway.api(`/interfaces/${created.id}`, { method: 'DELETE' });
    expect(deleteMissing.status).toBe(428);

    const otherId = await gateway.api(`/interfaces/${created.id}`, {
      method: 'PUT',
      json: { ...simpleDefinition('ifMatch', { summary: 'z' }), revision: 2, id: created.id + 1 },
    });
    expect(otherId.status).toBe(400);
    expect((await json<ErrorBody>(otherId)).error.details?.[0]?.path).toBe('/id');

    const deleteWithBody = await gateway.api(`/interfaces/${created.id}`, {
      method: 'DELETE',
      json: { revision: 2, message: 'revision in the body' },
    });
    expect(deleteWithBody.status).toBe(200);
    expect(await deleteWithBody.json()).toMatchObject({ revision: 3 });
  });

  it('reports every schema problem with a JSON pointer into the body', async () => {
    const response = await gateway.api('/interfaces', {
      method: 'POST',
      json: {
        method: 'FETCH',
        path: 'no-slash',
        parameters: [{ in: 'body', name: 'x' }],
        unknownField: true,
      },
    });
    expect(response.status).toBe(400);
    const body = await json<ErrorBody>(response);
    expect(body.error.code).toBe('validation_failed');
    const paths = body.error.details?.map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(['/name', '/method', '/path', '/parameters/0/in', '/unknownField']),
    );
    for (const detail of body.error.details ?? []) expect(detail.in).toBe('body');
    const method = body.error.details?.find((d) => d.path === '/method');
    expect(method?.message).toContain('"GET"');
  });

  it('reports every rule violation at once, each with a JSON pointer', async () => {
    const response = await gateway.api('/interfaces', {
      method: 'POST',
      json: {
        name: 'broken',
        method: 'GET',
        path: '/stores/{storeId}/pets/{petId}',
        upstream: { url: 'ftp://files.example.com' },
        parameters: [
          { name: 'storeId', in: 'path' },
          { name: 'orphan', in: 'path', required: true },
          { name: 'q', in: 'query' },
          { name: 'q', in: 'query' },
          { name: 'X-Trace', in: 'header' },
          { name: 'x-trace', in: 'header' },
          { name: 'q', in: 'header' },
        ],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Missing' } } },
          },
          '6XX': { description: 'nope' },
          '99': { description: 'nope' },
          '2XX': { description: 'fine' },
        },
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { owner: { $ref: '#/components/schemas/Owner' } },
                example: { $ref: '#/components/schemas/NotARefInData' },
              },
            },
          },
        },
        components: { schemas: { Owner: { type: 'object' } } },
      },
    });
    expect(response.status).toBe(400);
    const body = await json<ErrorBody>(response);
    expect(body.error.code).toBe('validation_failed');
    const byPath = Object.fromEntries((body.error.details ?? []).map((d) => [d.path, d.message]));
    expect(Object.keys(byPath).sort()).toEqual(
      [
        '/path', // {petId} has no parameter
        '/parameters/0/required',
        '/parameters/1/name',
        '/parameters/3',
        '/parameters/5',
        '/upstream/url',
        '/responses/6XX',
        '/responses/99',
        '/responses/200/content/application~1json/schema/$ref',
      ].sort(),
    );
    expect(byPath['/path']).toContain('{petId}');
    expect(byPath['/parameters/5']).toContain('/parameters/4');
    expect(byPath['/upstream/url']).toContain('http');
    expect(byPath['/responses/200/content/application~1json/schema/$ref']).toContain(
      '#/components/schemas/Missing',
    );
  });

  it('rejects an upstream that is not a valid URL or has both url and pool', async () => {
    const invalid = await gateway.api('/interfaces', {
      method: 'POST',
      json: simpleDefinition('badUrl', { upstream: { url: 'not a url' } }),
    });
    expect(invalid.status).toBe(400);
    expect((await json<ErrorBody>(invalid)).error.details?.[0]?.path).toBe('/upstream/url');

    const both = await gateway.api('/interfaces', {
      method: 'POST',
      json: { ...simpleDefinition('both'), upstream: { url: 'http://a', pool: 'p' } },
    });
    expect(both.status).toBe(400);
    expect((await json<ErrorBody>(both)).error.details?.[0]?.path).toBe('/upstream');

    const pool = await gateway.api('/interfaces', {
      method: 'POST',
      json: simpleDefinition('pooled', { upstream: { pool: 'pets-backend' } }),
    });
    expect(pool.status).toBe(201);
  });

  it('refuses a second live interface with the same name with 409 naming the field', async () => {
    await createInterface(gateway, simpleDefinition('unique'));
    const duplicate = await gateway.api('/interfaces', {
      method: 'POST',
      json: simpleDefinition('unique', { path: '/other' }),
    });
    expect(duplicate.status).toBe(409);
    const body = await json<ErrorBody>(duplicate);
    expect(body.error.details?.[0]).toMatchObject({ path: '/name' });
    expect(body.error.message).toContain('unique');

    const other = await createInterface(gateway, simpleDefinition('notUnique'));
    const renamed = await gateway.api(`/interfaces/${other.id}`, {
      method: 'PUT',
      json: { ...simpleDefinition('unique'), revision: other.revision },
    });
    expect(renamed.status).toBe(409);
    expect((await json<ErrorBody>(renamed)).error.details?.[0]?.path).toBe('/name');
    const unchanged = await json<Resource>(await gateway.api(`/interfaces/${other.id}`));
    expect(unchanged).toMatchObject({ name: 'notUnique', revision: 1 });
  });

  it('answers unknown and non-numeric ids clearly', async () => {
    const unknown = await gateway.api('/interfaces/987654');
    expect(unknown.status).toBe(404);
    expect((await json<ErrorBody>(unknown)).error.message).toContain('987654');

    const text = await gateway.api('/interfaces/pets');
    expect(text.status).toBe(400);
    const body = await json<ErrorBody>(text);
    expect(body.error.details?.[0]).toMatchObject({ in: 'params', path: '/id' });
    expect(body.error.message).toContain('params/id must be integer');

    const huge = await gateway.api('/interfaces/99999999999');
    expect(huge.status).toBe(400);

    for (const [method, path] of [
      ['PUT', '/interfaces/987654'],
      ['DELETE', '/interfaces/987654?revision=1'],
      ['POST', '/interfaces/987654/restore'],
      ['GET', '/interfaces/987654/revisions'],
      ['GET', '/interfaces/987654/revisions/1'],
      ['GET', '/interfaces/987654/diff?from=1&to=1'],
    ] as const) {
      const response = await gateway.api(path, {
        method,
        ...(method === 'PUT' ? { json: { ...simpleDefinition('ghost'), revision: 1 } } : {}),
      });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
  });

  it('answers malformed JSON with 400 and oversized bodies with 413', async () => {
    const malformed = await gateway.api('/interfaces', {
      method: 'POST',
      body: '{"name": "x",',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect((await json<ErrorBody>(malformed)).error.code).toBe('invalid_json');

    const oversized = await gateway.api('/interfaces', {
      method: 'POST',
      json: simpleDefinition('huge', { description: 'x'.repeat(5 * 1024 * 1024) }),
    });
    expect(oversized.status).toBe(413);
    expect((await json<ErrorBody>(oversized)).error.code).toBe('payload_too_large');
    const list = await json<{ total: number }>(await gateway.api('/interfaces?search=huge'));
    expect(list.total).toBe(0);
  });

  it('describes its routes in the admin OpenAPI document with tags, summaries and responses', async () => {
    const document = await json<{
      paths: Record<
        string,
        Record<string, { tags?: string[]; summary?: string; responses: object }>
      >;
    }>(await gateway.api('/openapi.json'));
    const expected: Array<[string, string]> = [
      ['/api/v1/interfaces', 'get'],
      ['/api/v1/interfaces', 'post'],
      ['/api/v1/interfaces/{id}', 'get'],
      ['/api/v1/interfaces/{id}', 'put'],
      ['/api/v1/interfaces/{id}', 'delete'],
      ['/api/v1/interfaces/{id}/restore', 'post'],
      ['/api/v1/interfaces/{id}/revisions', 'get'],
      ['/api/v1/interfaces/{id}/revisions/{revision}', 'get'],
      ['/api/v1/interfaces/{id}/diff', 'get'],
      ['/api/v1/interfaces/{id}/rollback', 'post'],
    ];
    for (const [path, method] of expected) {
      const operation = document.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(operation?.tags).toEqual(['interfaces']);
      expect(operation?.summary).toBeTruthy();
      expect(Object.keys(operation?.responses ?? {})).toContain(
        method === 'post' && path === '/api/v1/interfaces' ? '201' : '200',
      );
    }
    expect(Object.keys(document.paths['/api/v1/interfaces/{id}']!.put!.responses)).toEqual(
      expect.arrayContaining(['400', '404', '409', '428']),
    );
  });
});

describe.each(DIALECTS)('interface lists on %s', (dialect) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway(dialect);
    // 25 interfaces: names a00..a24; every third tagged 'store', even ones POST.
    for (let i = 0; i < 25; i++) {
      const n = String(i).padStart(2, '0');
      await createInterface(
        gateway,
        simpleDefinition(`a${n}`, {
          method: i % 2 === 0 ? 'POST' : 'GET',
          path: `/items/${n}`,
          tags: i % 3 === 0 ? ['store', 'all'] : ['all'],
          ...(i === 7 ? { summary: 'Finds the SPECIAL_offer 100%' } : {}),
          ...(i === 8 ? { operationId: 'listSpecialThings' } : {}),
          ...(i === 9 ? { description: 'A rather spécial interface' } : {}),
        }),
      );
    }
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  const list = async (query: string) =>
    json<{ items: Resource[]; total: number; page: number; pageSize: number }>(
      await gateway.api(`/interfaces${query}`),
    );

  it('pages through all interfaces in name order', async () => {
    const first = await list('?pageSize=10');
    expect(first).toMatchObject({ total: 25, page: 1, pageSize: 10 });
    expect(first.items.map((i) => i.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `a${String(i).padStart(2, '0')}`),
    );
    const last = await list('?pageSize=10&page=3');
    expect(last.items.map((i) => i.name)).toEqual(['a20', 'a21', 'a22', 'a23', 'a24']);
    const beyond = await list('?pageSize=10&page=4');
    expect(beyond).toMatchObject({ items: [], total: 25, page: 4 });
    const defaults = await list('');
    expect(defaults).toMatchObject({ page: 1, pageSize: 50, total: 25 });
  });

  it('searches name, path, summary, operationId and description case-insensitively', async () => {
    expect((await list('?search=A1')).items.map((i) => i.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `a1${i}`),
    );
    expect((await list('?search=ITEMS%2F2')).total).toBe(5); // path /items/2x
    expect((await list('?search=special')).items.map((i) => i.name)).toEqual(['a07', 'a08']);
    expect((await list('?search=SPÉCIAL')).items.map((i) => i.name)).toEqual(['a09']);
    // LIKE wildcards in the search text are literal characters.
    expect((await list('?search=100%25')).items.map((i) => i.name)).toEqual(['a07']);
    expect((await list('?search=%25')).items.map((i) => i.name)).toEqual(['a07']);
    expect((await list('?search=_offer')).items.map((i) => i.name)).toEqual(['a07']);
    expect((await list('?search=a_0')).total).toBe(0);
  });

  it('filters by exact tag and by method, combined with search and paging', async () => {
    const store = await list('?tag=store');
    expect(store.total).toBe(9);
    expect(store.items.every((i) => (i.tags as string[]).includes('store'))).toBe(true);
    expect((await list('?tag=stor')).total).toBe(0);
    expect((await list('?tag=STORE')).total).toBe(0);
    expect((await list('?method=POST')).total).toBe(13);
    const combined = await list('?tag=store&method=POST&search=a1&pageSize=1&page=2');
    // store ∩ POST: a00 a06 a12 a18 a24; with "a1": a12 a18 → page 2 of size 1 is a18.
    expect(combined).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(combined.items.map((i) => i.name)).toEqual(['a18']);
  });

  it('rejects bad list parameters with 400 naming the parameter', async () => {
    for (const query of ['?pageSize=0', '?pageSize=501', '?page=0', '?method=FETCH', '?page=x']) {
      const response = await gateway.api(`/interfaces${query}`);
      expect(response.status, query).toBe(400);
      const body = await json<ErrorBody>(response);
      expect(body.error.details?.[0]?.in).toBe('query');
    }
  });
});
