import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { ApiError } from '../../src/app/errors.ts';
import { importDocument } from '../../src/http-interfaces/openapi/document-import.ts';
import { validateDocument } from '../../src/http-interfaces/openapi/document-validator.ts';
import { DIALECTS } from '../support/databases.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

const OAS_EXAMPLES = path.resolve(
  import.meta.dirname,
  '../../../node_modules/@readme/oas-examples',
);
const PETSTORE_YAML = fs.readFileSync(path.join(OAS_EXAMPLES, '3.0/yaml/petstore.yaml'), 'utf8');
const SWAGGER_JSON = fs.readFileSync(
  path.join(OAS_EXAMPLES, '2.0/json/petstore-simple.json'),
  'utf8',
);

interface ReportEntry {
  name: string;
  id?: number;
  pointer: string;
  method: string;
  path: string;
  operationId?: string;
}
interface Report {
  dryRun: boolean;
  document: { version: string; title?: string; operations: number };
  created: ReportEntry[];
  updated: ReportEntry[];
  skipped: ReportEntry[];
  counts: Record<'created' | 'updated' | 'skipped' | 'warnings' | 'errors', number>;
  warnings: Array<{ message: string; pointer: string }>;
  errors: Array<{ message: string; pointer: string; operation?: string }>;
}
interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: Array<{
      message: string;
      pointer?: string;
      path?: string;
      line?: number;
      column?: number;
    }>;
  };
  report?: Report;
}

/** A small 3.0 document: two paths, a shared schema, one path-level parameter. */
function tinyDocument(overrides: { description?: string; extraPath?: boolean } = {}) {
  return {
    openapi: '3.0.3',
    info: { title: 'Tiny', version: '1' },
    servers: [{ url: 'https://tiny.example.com' }],
    paths: {
      '/items': {
        get: {
          operationId: 'listItems',
          description: overrides.description ?? 'all items',
          responses: {
            '200': {
              description: 'ok',
              content: {
                'application/json': {
                  schema: { type: 'array', items: { $ref: '#/components/schemas/Item' } },
                },
              },
            },
          },
        },
      },
      '/items/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        get: {
          operationId: 'getItem',
          responses: {
            '200': {
              description: 'ok',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
            },
          },
        },
      },
      ...(overrides.extraPath
        ? {
            '/broken/{x}': {
              get: { operationId: 'broken', responses: { '200': { description: 'x' } } },
            },
          }
        : {}),
    },
    components: {
      schemas: {
        Item: {
          type: 'object',
          properties: { id: { type: 'string' }, parent: { $ref: '#/components/schemas/Item' } },
        },
      },
    },
  };
}

describe.each(DIALECTS)('OpenAPI import and export routes on %s', (dialect) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway(dialect);
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  /** Starts every test from an empty store. */
  beforeEach(async () => {
    const existing = await gateway.services.httpInterfaces.findAllDefinitions();
    for (const item of existing)
      await gateway.services.httpInterfaces.delete(item.id, item.revision);
  });

  const importRaw = (body: string, contentType: string, query = '') =>
    gateway.api(`/openapi/import${query}`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });
  const importWrapped = (body: unknown, query = '') =>
    gateway.api(`/openapi/import${query}`, { method: 'POST', json: body });
  const liveCount = async () => (await gateway.services.httpInterfaces.findAllDefinitions()).length;

  it('imports a raw YAML document: one interface per operation, ids in the report', async () => {
    const response = await importRaw(PETSTORE_YAML, 'application/yaml');
    expect(response.status).toBe(200);
    const report = (await response.json()) as Report;
    expect(report.dryRun).toBe(false);
    expect(report.document).toEqual({
      version: '3.0.0',
      title: 'Swagger Petstore',
      operations: 20,
    });
    expect(report.counts).toMatchObject({ created: 20, updated: 0, skipped: 0, errors: 0 });
    expect(report.created[0]).toEqual({
      name: 'updatePet',
      id: expect.any(Number),
      pointer: '/paths/~1pet/put',
      method: 'PUT',
      path: '/pet',
      operationId: 'updatePet',
    });
    expect(await liveCount()).toBe(20);
    const stored = await gateway.api(`/interfaces/${report.created[0]?.id}`);
    expect(await stored.json()).toMatchObject({
      name: 'updatePet',
      method: 'PUT',
      path: '/pet',
      upstream: { url: 'http://petstore.swagger.io/v2' },
      security: [{ petstore_auth: ['write:pets', 'read:pets'] }],
      securitySchemes: { petstore_auth: { type: 'oauth2' } },
      components: {
        schemas: { Pet: expect.any(Object), Category: expect.any(Object), Tag: expect.any(Object) },
      },
    });
  });

  it('re-importing the same document skips every interface and makes no revision', async () => {
    const first = (await (await importRaw(PETSTORE_YAML, 'text/yaml')).json()) as Report;
    const again = await importRaw(PETSTORE_YAML, 'application/x-yaml');
    const report = (await again.json()) as Report;
    expect(report.counts).toMatchObject({ created: 0, updated: 0, skipped: 20 });
    expect(report.skipped.map((s) => s.id)).toEqual(first.created.map((c) => c.id));
    const revisions = (await (
      await gateway.api(`/interfaces/${first.created[0]?.id}/revisions`)
    ).json()) as { total: number };
    expect(revisions.total).toBe(1);
    expect(await liveCount()).toBe(20);
  });

  it('updates what changed, keeps names, and skips the rest', async () => {
    const first = (await (await importWrapped({ document: tinyDocument() })).json()) as Report;
    const listItems = first.created.find((c) => c.operationId === 'listItems');
    // Renamed in the console: the re-import must keep that name.
    const current = (await (await gateway.api(`/interfaces/${listItems?.id}`)).json()) as Record<
      string,
      unknown
    >;
    const { id: _id, createdAt: _c, updatedAt: _u, ...definition } = current;
    expect(
      (
        await gateway.api(`/interfaces/${listItems?.id}`, {
          method: 'PUT',
          json: { ...definition, name: 'all_items' },
        })
      ).status,
    ).toBe(200);

    const response = await importWrapped({
      document: JSON.stringify(tinyDocument({ description: 'every item' })),
      message: 'refresh from the API description',
    });
    const report = (await response.json()) as Report;
    expect(report.updated).toEqual([
      expect.objectContaining({ id: listItems?.id, name: 'all_items' }),
    ]);
    expect(report.skipped.map((s) => s.operationId)).toEqual(['getItem']);
    const updated = (await (await gateway.api(`/interfaces/${listItems?.id}`)).json()) as Record<
      string,
      unknown
    >;
    expect(updated).toMatchObject({ name: 'all_items', description: 'every item', revision: 3 });
    const revisions = (await (
      await gateway.api(`/interfaces/${listItems?.id}/revisions`)
    ).json()) as {
      items: Array<{ message: string | null }>;
    };
    expect(revisions.items[0]?.message).toBe('refresh from the API description');
  });

  it('dry runs report without storing, in the wrapped and the raw form', async () => {
    const wrapped = (await (
      await importWrapped({ document: tinyDocument(), dryRun: true })
    ).json()) as Report;
    expect(wrapped.dryRun).toBe(true);
    expect(wrapped.created.map((c) => c.name)).toEqual(['listItems', 'getItem']);
    expect(wrapped.created.every((c) => c.id === undefined)).toBe(true);
    const raw = (await (
      await importRaw(PETSTORE_YAML, 'application/yaml', '?dryRun=true')
    ).json()) as Report;
    expect(raw).toMatchObject({ dryRun: true, counts: { created: 20 } });
    expect(await liveCount()).toBe(0);
  });

  it('imports Swagger 2.0 sent as JSON', async () => {
    const report = (await (await importRaw(SWAGGER_JSON, 'application/json')).json()) as Report;
    expect(report.document.version).toBe('2.0');
    expect(report.counts.created).toBe(3);
    const stored = await gateway.services.httpInterfaces.findAllDefinitions();
    expect(stored.map((s) => s.definition.upstream)).toEqual(
      Array(3).fill({ url: 'http://petstore.swagger.io/v2' }),
    );
  });

  it('applies the upstream and tags of the request to every interface', async () => {
    const report = (await (
      await importWrapped({
        document: tinyDocument(),
        upstream: 'http://127.0.0.1:9',
        tags: ['tiny'],
      })
    ).json()) as Report;
    expect(report.counts.created).toBe(2);
    const stored = await gateway.services.httpInterfaces.findAllDefinitions();
    for (const item of stored) {
      expect(item.definition).toMatchObject({
        upstream: { url: 'http://127.0.0.1:9' },
        tags: ['tiny'],
      });
    }
    const pooled = (await (
      await importRaw(
        PETSTORE_YAML,
        'application/yaml',
        '?dryRun=true&upstream=https://proxy.example.com',
      )
    ).json()) as Report;
    expect(pooled.warnings).toEqual([]);
  });

  it('answers 422 naming the pointer for a document the validator refuses, storing nothing', async () => {
    const document = tinyDocument();
    (document.paths['/items'].get as Record<string, unknown>).responses = 'none';
    const response = await importWrapped({ document });
    expect(response.status).toBe(422);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe('document_invalid');
    expect(body.error.details).toContainEqual(
      expect.objectContaining({
        pointer: '/paths/~1items/get/responses',
        path: '/paths/~1items/get/responses',
      }),
    );
    expect(await liveCount()).toBe(0);
  });

  it('answers 422 with line and column for malformed YAML and JSON', async () => {
    const yaml = await importRaw(
      'openapi: 3.0.0\ninfo:\n  title: [unclosed\n  version: 1\n',
      'application/yaml',
    );
    expect(yaml.status).toBe(422);
    const yamlBody = (await yaml.json()) as ErrorBody;
    expect(yamlBody.error.code).toBe('document_syntax');
    expect(yamlBody.error.details?.[0]).toMatchObject({
      line: expect.any(Number),
      column: expect.any(Number),
    });
    expect(yamlBody.error.message).toMatch(/not valid YAML at line \d+, column \d+/);

    const json = await importRaw('{\n  "openapi": "3.0.0",\n  "info": {,\n}', 'application/json');
    expect(json.status).toBe(422);
    const jsonBody = (await json.json()) as ErrorBody;
    expect(jsonBody.error.details?.[0]).toMatchObject({ line: 3, column: 12 });

    const wrappedText = await importWrapped({ document: 'openapi: 3.0.0\n  bad: indent\n' });
    expect(wrappedText.status).toBe(422);
    expect(((await wrappedText.json()) as ErrorBody).error.message).toMatch(
      /not valid YAML at line 1, column 10/,
    );
  });

  it('aborts on operations that cannot be mapped unless skipInvalid, naming their pointers', async () => {
    const document = tinyDocument({ extraPath: true });
    const failed = await importWrapped({ document });
    expect(failed.status).toBe(422);
    const body = (await failed.json()) as ErrorBody;
    expect(body.error.code).toBe('import_failed');
    expect(body.error.details).toEqual([
      expect.objectContaining({
        pointer: '/paths/~1broken~1{x}/get',
        operation: '/paths/~1broken~1{x}/get',
      }),
    ]);
    expect(body.report?.counts).toMatchObject({ created: 2, errors: 1 });
    expect(await liveCount()).toBe(0);

    const skipped = await importWrapped({ document }, '?skipInvalid=true');
    expect(skipped.status).toBe(200);
    const report = (await skipped.json()) as Report;
    expect(report.counts).toMatchObject({ created: 2, errors: 1 });
    expect(report.errors).toEqual([
      expect.objectContaining({
        pointer: '/paths/~1broken~1{x}/get',
        operation: '/paths/~1broken~1{x}/get',
        definitionPath: '/path',
      }),
    ]);
    expect(await liveCount()).toBe(2);
  });

  it('stores nothing when the batch fails half-way', async () => {
    // Another interface holds the name the third created interface would get; the import
    // is given a view of the store without it, so the batch fails at that change.
    const interfaces = gateway.services.httpInterfaces;
    await interfaces.create({ name: 'findPetsByTags', method: 'GET', path: '/elsewhere' });
    const blindStore = {
      findAllDefinitions: async () => [],
      applyBatch: interfaces.applyBatch.bind(interfaces),
    };
    const error = await importDocument(blindStore, PETSTORE_YAML).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).statusCode).toBe(409);
    const live = await interfaces.findAllDefinitions();
    expect(live.map((i) => i.definition.name)).toEqual(['findPetsByTags']);
  });

  it('rejects a malformed wrapped request with 400 and the pointer of the bad field', async () => {
    const notDocument = await importWrapped({ document: 42 });
    expect(notDocument.status).toBe(400);
    const badUpstream = await importWrapped({
      document: tinyDocument(),
      upstream: { url: 'a', pool: 'b' },
    });
    expect(badUpstream.status).toBe(400);
    expect(((await badUpstream.json()) as ErrorBody).error.details?.[0]?.path).toMatch(
      /^\/upstream/,
    );
    const relativeUpstream = await importWrapped({ document: tinyDocument(), upstream: '/v1' });
    expect(relativeUpstream.status).toBe(400);
    expect(((await relativeUpstream.json()) as ErrorBody).error.details?.[0]?.path).toBe(
      '/upstream',
    );
    const ftpUpstream = await importRaw(
      PETSTORE_YAML,
      'application/yaml',
      '?upstream=ftp://x.example.com',
    );
    expect(ftpUpstream.status).toBe(400);
    const unknownField = await importWrapped({ document: tinyDocument(), dryrun: true });
    expect(unknownField.status).toBe(400);
    const mediaType = await importRaw('<xml/>', 'application/xml');
    expect(mediaType.status).toBe(415);
    expect(await liveCount()).toBe(0);
  });

  it('exports JSON and YAML that validate as OpenAPI 3.1, all or by ids and tag', async () => {
    const report = (await (await importRaw(PETSTORE_YAML, 'application/yaml')).json()) as Report;
    const json = await gateway.api('/openapi/export?title=Pets&version=9');
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const document = (await json.json()) as Record<string, unknown>;
    expect(document).toMatchObject({ openapi: '3.1.0', info: { title: 'Pets', version: '9' } });
    expect(await validateDocument(document)).toEqual([]);
    expect(Object.keys(document.paths as object)).toHaveLength(14);

    const yaml = await gateway.api('/openapi/export?format=yaml&tag=store');
    expect(yaml.headers.get('content-type')).toMatch(/^application\/yaml/);
    const fromYaml = parseYaml(await yaml.text()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(await validateDocument(fromYaml)).toEqual([]);
    const storeOps = Object.values(fromYaml.paths).flatMap((item) => Object.values(item));
    expect(storeOps).toHaveLength(4);

    const [a, b] = report.created;
    const selected = (await (
      await gateway.api(`/openapi/export?ids=${a?.id},${b?.id}`)
    ).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.values(selected.paths).flatMap((item) => Object.keys(item))).toHaveLength(2);

    expect((await gateway.api('/openapi/export?ids=99999')).status).toBe(404);
    expect((await gateway.api('/openapi/export?ids=1,x')).status).toBe(400);
    expect((await gateway.api('/openapi/export?format=xml')).status).toBe(400);
  });

  it('exports, then re-imports the export unchanged (round trip)', async () => {
    await importWrapped({ document: tinyDocument() });
    await importRaw(PETSTORE_YAML, 'application/yaml');
    const exported = await (await gateway.api('/openapi/export?format=yaml')).text();
    const report = (await (await importRaw(exported, 'application/yaml')).json()) as Report;
    expect(report.counts).toMatchObject({ created: 0, updated: 0, skipped: 22, errors: 0 });
  });

  it('answers 409 naming the interfaces when two share a method and path', async () => {
    await importWrapped({ document: tinyDocument() });
    await gateway.services.httpInterfaces.create({
      name: 'other_items',
      method: 'GET',
      path: '/items',
      upstream: { url: 'https://other.example.com' },
    });
    const response = await gateway.api('/openapi/export');
    expect(response.status).toBe(409);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe('conflict');
    expect(body.error.details).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/items',
        interfaces: [
          expect.objectContaining({ name: 'listItems' }),
          expect.objectContaining({ name: 'other_items' }),
        ],
      }),
    ]);
  });

  it('serialises YAML without anchors even when schemas are shared', async () => {
    await importWrapped({ document: tinyDocument() });
    const text = await (await gateway.api('/openapi/export?format=yaml')).text();
    expect(text).not.toMatch(/[&*]a\d/);
    expect(stringifyYaml(parseYaml(text))).toBe(text);
  });
});
