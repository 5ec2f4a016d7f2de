import { describe, expect, it } from 'vitest';
import {
  DocumentRejected,
  readDocument,
} from '../../src/http-interfaces/openapi/document-reading.ts';
import { mapDocument } from '../../src/http-interfaces/openapi/document-mapping.ts';
import { upgradeSchemaObject } from '../../src/http-interfaces/openapi/schema-translator.ts';

/** A minimal valid OpenAPI 3.0 document around the given paths and components. */
function doc30(paths: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    openapi: '3.0.3',
    info: { title: 'Test', version: '1' },
    servers: [{ url: 'https://api.example.com/v1' }],
    paths,
    ...extra,
  };
}

const ok = { '200': { description: 'OK' } };

async function rejected(input: unknown): Promise<DocumentRejected> {
  try {
    await readDocument(input);
  } catch (error) {
    if (error instanceof DocumentRejected) return error;
    throw error;
  }
  throw new Error('the document was not rejected');
}

describe('OpenAPI import mapping', () => {
  it('merges path-level parameters with operation parameters, the operation overriding by name and location', () => {
    const result = mapDocument(
      doc30({
        '/pets/{id}': {
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'verbose', in: 'query', schema: { type: 'boolean' } },
            { name: 'X-Trace', in: 'header', schema: { type: 'string' } },
          ],
          get: {
            operationId: 'getPet',
            parameters: [
              { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
              { name: 'x-trace', in: 'header', description: 'overrides, case-insensitively' },
              { name: 'fields', in: 'query', schema: { type: 'string' } },
            ],
            responses: ok,
          },
          delete: { responses: ok },
        },
      }),
      '3.0',
    );
    expect(result.errors).toEqual([]);
    const [get, del] = result.operations.map((o) => o.definition);
    expect(get?.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
      { name: 'verbose', in: 'query', schema: { type: 'boolean' } },
      { name: 'x-trace', in: 'header', description: 'overrides, case-insensitively' },
      { name: 'fields', in: 'query', schema: { type: 'string' } },
    ]);
    expect(del?.parameters?.map((p) => p.name)).toEqual(['id', 'verbose', 'X-Trace']);
    expect(del?.name).toBe('delete_pets_id');
  });

  it('inlines referenced parameters, request bodies, responses, headers and examples, keeping schema refs', () => {
    const result = mapDocument(
      doc30(
        {
          '/pets': {
            post: {
              operationId: 'createPet',
              parameters: [{ $ref: '#/components/parameters/Limit' }],
              requestBody: { $ref: '#/components/requestBodies/PetBody' },
              responses: {
                '201': { $ref: '#/components/responses/Created' },
                default: { $ref: '#/components/responses/Problem' },
              },
            },
          },
        },
        {
          components: {
            parameters: {
              Limit: { name: 'limit', in: 'query', schema: { $ref: '#/components/schemas/Count' } },
            },
            requestBodies: {
              PetBody: {
                required: true,
                content: {
                  'application/json': {
                    schema: { $ref: '#/components/schemas/Pet' },
                    examples: { rex: { $ref: '#/components/examples/Rex' } },
                  },
                },
              },
            },
            responses: {
              Created: {
                description: 'created',
                headers: { Location: { $ref: '#/components/headers/Location' } },
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } },
              },
              Problem: { $ref: '#/components/responses/Created' },
            },
            headers: { Location: { schema: { type: 'string', format: 'uri' } } },
            examples: { Rex: { value: { name: 'Rex' } } },
            schemas: {
              Count: { type: 'integer', minimum: 1 },
              Pet: { type: 'object', properties: { name: { type: 'string' } } },
              Unused: { type: 'string' },
            },
          },
        },
      ),
      '3.0',
    );
    expect(result.errors).toEqual([]);
    const definition = result.operations[0]?.definition;
    expect(definition?.parameters).toEqual([
      { name: 'limit', in: 'query', schema: { $ref: '#/components/schemas/Count' } },
    ]);
    expect(definition?.requestBody).toEqual({
      required: true,
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/Pet' },
          examples: { rex: { value: { name: 'Rex' } } },
        },
      },
    });
    const created = {
      description: 'created',
      headers: { Location: { schema: { type: 'string', format: 'uri' } } },
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } },
    };
    expect(definition?.responses).toEqual({ '201': created, default: created });
    // Only what the operation uses travels with it.
    expect(Object.keys(definition?.components?.schemas ?? {})).toEqual(['Count', 'Pet']);
  });

  it('keeps circular schemas as refs and carries their transitive closure', () => {
    const result = mapDocument(
      doc30(
        {
          '/nodes': {
            get: {
              responses: {
                '200': {
                  description: 'tree',
                  content: {
                    'application/json': { schema: { $ref: '#/components/schemas/Node' } },
                  },
                },
              },
            },
          },
        },
        {
          components: {
            schemas: {
              Node: {
                type: 'object',
                properties: {
                  children: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
                  owner: { $ref: '#/components/schemas/Person' },
                },
              },
              Person: {
                type: 'object',
                properties: { manager: { $ref: '#/components/schemas/Person' } },
                allOf: [{ $ref: '#/components/schemas/Named' }],
              },
              Named: { oneOf: [{ type: 'string' }, { $ref: '#/components/schemas/Node' }] },
              Other: { type: 'string' },
            },
          },
        },
      ),
      '3.0',
    );
    expect(result.errors).toEqual([]);
    const schemas = result.operations[0]?.definition.components?.schemas ?? {};
    expect(Object.keys(schemas)).toEqual(['Named', 'Node', 'Person']);
    expect(schemas.Node).toEqual({
      type: 'object',
      properties: {
        children: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
        owner: { $ref: '#/components/schemas/Person' },
      },
    });
    expect(schemas.Named).toEqual({
      oneOf: [{ type: 'string' }, { $ref: '#/components/schemas/Node' }],
    });
    expect(schemas.Person).toMatchObject({ allOf: [{ $ref: '#/components/schemas/Named' }] });
  });

  it('inlines schema refs that point elsewhere than a component, and follows discriminator mappings', () => {
    const result = mapDocument(
      doc30(
        {
          '/pets': {
            get: {
              parameters: [{ name: 'kind', in: 'query', schema: { type: 'string', enum: ['a'] } }],
              responses: {
                '200': {
                  description: 'ok',
                  content: {
                    'application/json': {
                      schema: {
                        properties: {
                          kind: { $ref: '#/paths/~1pets/get/parameters/0/schema' },
                          name: { $ref: '#/components/schemas/Pet/properties/name' },
                        },
                        oneOf: [{ $ref: '#/components/schemas/Cat' }],
                        discriminator: {
                          propertyName: 'type',
                          mapping: { cat: '#/components/schemas/Cat', dog: 'Dog' },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        {
          components: {
            schemas: {
              Pet: { properties: { name: { type: 'string', maxLength: 10 } } },
              Cat: { type: 'object' },
              Dog: { type: 'object' },
            },
          },
        },
      ),
      '3.0',
    );
    expect(result.errors).toEqual([]);
    const definition = result.operations[0]?.definition;
    const schema = (
      definition?.responses?.['200']?.content?.['application/json'] as {
        schema: { properties: unknown };
      }
    ).schema;
    expect(schema.properties).toEqual({
      kind: { type: 'string', enum: ['a'] },
      name: { type: 'string', maxLength: 10 },
    });
    expect(Object.keys(definition?.components?.schemas ?? {})).toEqual(['Cat', 'Dog']);
  });

  it('converts OpenAPI 3.0 schema keywords to the 3.1 dialect', () => {
    expect(upgradeSchemaObject({ type: 'string', nullable: true, example: 'x' })).toEqual({
      type: ['string', 'null'],
      examples: ['x'],
    });
    expect(upgradeSchemaObject({ type: 'string', enum: ['a', 'b'], nullable: true })).toEqual({
      type: ['string', 'null'],
      enum: ['a', 'b', null],
    });
    expect(
      upgradeSchemaObject({
        description: 'the owner',
        allOf: [{ $ref: '#/components/schemas/User' }],
        nullable: true,
      }),
    ).toEqual({
      description: 'the owner',
      anyOf: [{ allOf: [{ $ref: '#/components/schemas/User' }] }, { type: 'null' }],
    });
    expect(
      upgradeSchemaObject({
        type: 'number',
        minimum: 0,
        exclusiveMinimum: true,
        maximum: 10,
        exclusiveMaximum: false,
      }),
    ).toEqual({ type: 'number', exclusiveMinimum: 0, maximum: 10 });
    expect(upgradeSchemaObject({ type: 'integer', nullable: false })).toEqual({ type: 'integer' });
  });

  it('applies the conversion deep inside 3.0 schemas but leaves 3.1 schemas as they are', () => {
    const schema = {
      type: 'object',
      properties: { tag: { type: 'string', nullable: true } },
      additionalProperties: { type: 'integer', nullable: true },
      items: { nullable: true, $ref: '#/components/schemas/X' },
    };
    const paths = {
      '/x': {
        post: {
          requestBody: { content: { 'application/json': { schema } } },
          responses: ok,
        },
      },
    };
    const components = { components: { schemas: { X: { type: 'string', example: 'e' } } } };
    const converted = mapDocument(doc30(paths, components), '3.0').operations[0]?.definition;
    expect(converted?.requestBody?.content['application/json']?.schema).toEqual({
      type: 'object',
      properties: { tag: { type: ['string', 'null'] } },
      additionalProperties: { type: ['integer', 'null'] },
      items: { anyOf: [{ $ref: '#/components/schemas/X' }, { type: 'null' }] },
    });
    expect(converted?.components?.schemas?.X).toEqual({ type: 'string', examples: ['e'] });
    const kept = mapDocument({ ...doc30(paths, components), openapi: '3.1.0' }, '3.1').operations[0]
      ?.definition;
    expect(kept?.requestBody?.content['application/json']?.schema).toEqual(schema);
  });

  it('takes the upstream from the operation, path or document servers, with variable defaults', () => {
    const result = mapDocument(
      doc30(
        {
          '/a': { get: { responses: ok } },
          '/b': {
            servers: [{ url: 'https://b.example.com' }],
            get: { responses: ok },
            post: {
              servers: [
                { url: 'http://localhost:{port}/v2', variables: { port: { default: '8080' } } },
              ],
              responses: ok,
            },
          },
        },
        {
          servers: [
            {
              url: '{scheme}://{region}.example.com/api',
              variables: {
                scheme: { default: 'https' },
                region: { default: 'eu', enum: ['eu', 'us'] },
              },
            },
            { url: 'https://backup.example.com' },
          ],
        },
      ),
      '3.0',
    );
    expect(result.operations.map((o) => o.definition.upstream)).toEqual([
      { url: 'https://eu.example.com/api' },
      { url: 'https://b.example.com' },
      { url: 'http://localhost:8080/v2' },
    ]);
    expect(result.warnings).toContainEqual({
      message: '2 servers are listed; interfaces use the first one',
      pointer: '/servers',
    });
  });

  it('warns about relative server URLs and missing servers, and lets the request override the upstream', () => {
    const relative = mapDocument(
      doc30({ '/a': { get: { responses: ok } } }, { servers: [{ url: '/api/v3' }] }),
      '3.0',
    );
    expect(relative.operations[0]?.definition.upstream).toBeUndefined();
    expect(relative.warnings).toEqual([
      expect.objectContaining({
        pointer: '/servers/0/url',
        message: expect.stringContaining('"/api/v3" is relative'),
      }),
    ]);
    const none = mapDocument(
      { ...doc30({ '/a': { get: { responses: ok } } }), servers: undefined },
      '3.0',
    );
    expect(none.warnings).toEqual([expect.objectContaining({ pointer: '/servers' })]);
    const overridden = mapDocument(
      doc30({ '/a': { get: { responses: ok } } }, { servers: [{ url: '/api/v3' }] }),
      '3.0',
      { upstream: { pool: 'backends' }, tags: ['imported'] },
    );
    expect(overridden.operations[0]?.definition).toMatchObject({
      upstream: { pool: 'backends' },
      tags: ['imported'],
    });
    expect(overridden.warnings).toEqual([]);
  });

  it('carries security requirements and the schemes they name', () => {
    const result = mapDocument(
      doc30(
        {
          '/a': { get: { responses: ok } },
          '/b': { get: { security: [], responses: ok } },
          '/c': { get: { security: [{ oauth: ['read'] }, {}], responses: ok } },
          '/d': { get: { security: [{ missing: [] }], responses: ok } },
        },
        {
          security: [{ apiKey: [] }],
          components: {
            securitySchemes: {
              apiKey: { type: 'apiKey', in: 'header', name: 'X-Key' },
              oauth: { $ref: '#/components/securitySchemes/realOauth' },
              realOauth: {
                type: 'oauth2',
                flows: {
                  implicit: { authorizationUrl: 'https://a.example.com', scopes: { read: 'r' } },
                },
              },
            },
          },
        },
      ),
      '3.0',
    );
    const [a, b, c, d] = result.operations.map((o) => o.definition);
    expect(a?.security).toEqual([{ apiKey: [] }]);
    expect(a?.securitySchemes).toEqual({ apiKey: { type: 'apiKey', in: 'header', name: 'X-Key' } });
    expect(b?.security).toEqual([]);
    expect(b?.securitySchemes).toBeUndefined();
    expect(c?.security).toEqual([{ oauth: ['read'] }, {}]);
    expect(c?.securitySchemes?.oauth).toMatchObject({ type: 'oauth2' });
    expect(d?.security).toEqual([{ missing: [] }]);
    expect(result.warnings).toContainEqual({
      message:
        'security requirement names "missing", which components.securitySchemes does not define',
      pointer: '/paths/~1d/get/security/0/missing',
    });
  });

  it('names interfaces after the operationId, else method and path, without duplicates', () => {
    const result = mapDocument(
      doc30({
        '/repos/{owner}/{repo}': {
          parameters: [
            { name: 'owner', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'repo', in: 'path', required: true, schema: { type: 'string' } },
          ],
          get: { operationId: 'repos/get-content', responses: ok },
          put: { responses: ok },
          post: { operationId: 'repos.get content', responses: ok },
        },
      }),
      '3.0',
    );
    expect(result.operations.map((o) => o.definition.name)).toEqual([
      'repos_get_content',
      'put_repos_owner_repo',
      'repos_get_content_2',
    ]);
  });

  it('reports operations that cannot be mapped, with the pointer of the cause, and maps the rest', () => {
    const result = mapDocument(
      doc30(
        {
          '/ok': { get: { responses: ok } },
          '/broken': {
            get: {
              responses: {
                '200': {
                  description: 'x',
                  content: {
                    'application/json': { schema: { $ref: '#/components/schemas/Nope' } },
                  },
                },
              },
            },
            post: { parameters: [{ $ref: 'common.yaml#/components/parameters/X' }], responses: ok },
            put: { parameters: [{ $ref: '#/components/parameters/Loop' }], responses: ok },
          },
        },
        { components: { parameters: { Loop: { $ref: '#/components/parameters/Loop' } } } },
      ),
      '3.0',
    );
    expect(result.operations.map((o) => o.pointer)).toEqual(['/paths/~1ok/get']);
    expect(result.errors).toEqual([
      {
        message:
          '$ref "#/components/schemas/Nope" does not resolve: no schema "Nope" in components',
        pointer: '/paths/~1broken/get/responses/200/content/application~1json/schema/$ref',
        operation: '/paths/~1broken/get',
      },
      {
        message: '$ref "#/components/parameters/Loop" is circular',
        pointer: '/components/parameters/Loop/$ref',
        operation: '/paths/~1broken/put',
      },
      {
        message: expect.stringContaining('only references inside the document'),
        pointer: '/paths/~1broken/post/parameters/0/$ref',
        operation: '/paths/~1broken/post',
      },
    ]);
  });

  it('reports an operation the interface rules reject as an error naming the operation', () => {
    const result = mapDocument(doc30({ '/items/{id}': { get: { responses: ok } } }), '3.0');
    expect(result.errors).toEqual([
      expect.objectContaining({
        pointer: '/paths/~1items~1{id}/get',
        definitionPath: '/path',
        message: expect.stringContaining('{id}'),
      }),
    ]);
  });

  it('carries the schemas named by $refs inside extensions, and reports fields it drops', () => {
    const result = mapDocument(
      doc30(
        {
          '/a': {
            get: {
              'x-internal': true,
              callbacks: { onEvent: {} },
              responses: {
                '200': {
                  description: 'ok',
                  content: { 'application/json': { schema: { $ref: '#/components/schemas/A' } } },
                },
              },
            },
          },
        },
        {
          components: {
            schemas: {
              A: { type: 'object', 'x-previous': { items: { $ref: '#/components/schemas/B' } } },
              B: { type: 'string' },
            },
          },
        },
      ),
      '3.0',
    );
    expect(Object.keys(result.operations[0]?.definition.components?.schemas ?? {})).toEqual([
      'A',
      'B',
    ]);
    expect(result.warnings).toEqual([
      {
        message: 'operation field "x-internal" is not kept by interfaces (1 operation)',
        pointer: '/paths/~1a/get/x-internal',
      },
      {
        message: 'operation field "callbacks" is not kept by interfaces (1 operation)',
        pointer: '/paths/~1a/get/callbacks',
      },
    ]);
  });
});

describe('reading OpenAPI documents', () => {
  it('converts Swagger 2.0 and maps it like 3.0', async () => {
    const read = await readDocument({
      swagger: '2.0',
      info: { title: 'Pets', version: '1' },
      host: 'pets.example.com',
      basePath: '/v1',
      schemes: ['https'],
      paths: {
        '/pets': {
          post: {
            operationId: 'addPet',
            consumes: ['application/json'],
            parameters: [
              { name: 'pet', in: 'body', required: true, schema: { $ref: '#/definitions/Pet' } },
              { name: 'dry', in: 'query', type: 'boolean' },
            ],
            responses: { '200': { description: 'ok', schema: { $ref: '#/definitions/Pet' } } },
          },
        },
      },
      definitions: {
        Pet: { type: 'object', properties: { name: { type: 'string', 'x-nullable': true } } },
      },
    });
    expect(read.version).toBe('2.0');
    const definition = read.operations[0]?.definition;
    expect(definition).toMatchObject({
      name: 'addPet',
      method: 'POST',
      path: '/pets',
      upstream: { url: 'https://pets.example.com/v1' },
      parameters: [{ name: 'dry', in: 'query', schema: { type: 'boolean' } }],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } },
      },
    });
    expect(Object.keys(definition?.components?.schemas ?? {})).toEqual(['Pet']);
  });

  it('refuses a Swagger 2.0 document with unresolvable references, naming each', async () => {
    const error = await rejected({
      swagger: '2.0',
      info: { title: 'T', version: '1' },
      paths: {
        '/a': {
          get: {
            parameters: [{ $ref: '#/parameters/missing' }],
            responses: { '200': { description: 'ok', schema: { $ref: '#/definitions/Nope' } } },
          },
        },
      },
    });
    expect(error.code).toBe('document_invalid');
    expect(error.problems.map((p) => p.pointer)).toEqual([
      '/paths/~1a/get/parameters/0/$ref',
      '/paths/~1a/get/responses/200/schema/$ref',
    ]);
  });

  it('assumes https for a Swagger 2.0 host without schemes, with a warning', async () => {
    const read = await readDocument({
      swagger: '2.0',
      info: { title: 'T', version: '1' },
      host: 'api.example.com',
      basePath: '/v1',
      paths: { '/a': { get: { responses: { '200': { description: 'ok' } } } } },
    });
    expect(read.operations[0]?.definition.upstream).toEqual({ url: 'https://api.example.com/v1' });
    expect(read.warnings).toEqual([
      { message: expect.stringContaining('https is assumed'), pointer: '/servers/0/url' },
    ]);
  });

  it('reads YAML and JSON text, and names the line and column of syntax errors', async () => {
    const yaml = 'openapi: 3.1.0\ninfo:\n  title: T\n  version: "1"\npaths: {}\n';
    expect((await readDocument(yaml)).declaredVersion).toBe('3.1.0');
    const badYaml = await rejected('openapi: 3.1.0\ninfo:\n  title: T\n title: U\n');
    expect(badYaml.code).toBe('document_syntax');
    expect(badYaml.problems[0]).toMatchObject({ line: 4, column: 1 });
    expect(badYaml.message).toMatch(/not valid YAML at line 4, column 1/);
    const badJson = await rejected('{\n  "openapi": "3.1.0",\n  "info": {"title": "T",}\n}');
    expect(badJson.problems[0]).toMatchObject({ line: 3, column: 25 });
    expect(badJson.message).toMatch(/not valid JSON at line 3, column 25/);
    const duplicate = await rejected('openapi: 3.1.0\nopenapi: 3.0.0\n');
    expect(duplicate.message).toMatch(/line 2.*unique/);
  });

  it('rejects a YAML alias inside its own anchor and absurd nesting, with the pointer', async () => {
    const cyclic = await rejected(
      [
        'openapi: 3.0.0',
        'info: {title: t, version: "1"}',
        'paths:',
        '  /a:',
        '    get:',
        '      responses:',
        '        "200":',
        '          description: ok',
        '          content:',
        '            application/json:',
        '              schema: &node',
        '                type: object',
        '                properties:',
        '                  next: *node',
      ].join('\n'),
    );
    expect(cyclic.code).toBe('document_invalid');
    expect(cyclic.problems[0]?.pointer).toBe(
      '/paths/~1a/get/responses/200/content/application~1json/schema/properties/next',
    );
    let deep: Record<string, unknown> = {};
    const document = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {},
      'x-deep': deep,
    };
    for (let level = 0; level < 10_000; level++) {
      const next = {};
      deep.a = next;
      deep = next;
    }
    expect((await rejected(document)).message).toMatch(/nests deeper than 500 levels/);
  });

  it('rejects unsupported versions and documents the schema validator refuses, with pointers', async () => {
    expect((await rejected({ openapi: '2.5.0' })).problems).toEqual([
      { message: expect.stringContaining('unsupported OpenAPI version'), pointer: '/openapi' },
    ]);
    expect((await rejected({ swagger: '1.2' })).problems[0]?.pointer).toBe('/swagger');
    expect((await rejected({ info: {} })).code).toBe('document_unsupported');
    const invalid = await rejected({
      openapi: '3.0.3',
      info: { title: 'T', version: '1' },
      paths: { '/a': { get: { parameters: [{ name: 'q', in: 'query' }], responses: ok } } },
    });
    expect(invalid.code).toBe('document_invalid');
    expect(invalid.problems).toEqual([
      expect.objectContaining({
        pointer: '/paths/~1a/get/parameters/0',
        message: expect.stringContaining('missing required property "schema" or "content"'),
      }),
    ]);
    // Every mistake at once, each with its pointer.
    const several = await rejected({
      openapi: '3.1.0',
      info: { title: 7, version: '1' },
      paths: { '/b': { post: { responses: 'none', colour: 'red' } } },
    });
    expect(several.problems.map((p) => p.pointer)).toEqual([
      '/info/title',
      '/paths/~1b/post/responses',
      '/paths/~1b/post/colour',
    ]);
    expect(several.message).toMatch(/\/info\/title must be string \(and 2 more\)/);
  });
});
