import { describe, expect, it } from 'vitest';
import type { InterfaceDefinition } from '../../src/http-interfaces/interface-model.ts';
import {
  ExportConflict,
  exportDocument,
  POOL_EXTENSION,
} from '../../src/http-interfaces/openapi/document-export.ts';
import { validateDocument } from '../../src/http-interfaces/openapi/document-validator.ts';
import { readDocument } from '../../src/http-interfaces/openapi/document-reading.ts';

function stored(id: number, definition: Partial<InterfaceDefinition>) {
  return {
    id,
    definition: {
      name: `op${id}`,
      method: 'GET',
      path: `/op${id}`,
      ...definition,
    } as InterfaceDefinition,
  };
}

function responseWith(ref: string) {
  return {
    '200': {
      description: 'ok',
      content: { 'application/json': { schema: { $ref: ref } } },
    },
  };
}

describe('OpenAPI export', () => {
  it('groups operations by path, collects tags and validates as OpenAPI 3.1', async () => {
    const document = exportDocument(
      [
        stored(2, { method: 'POST', path: '/pets', tags: ['pets', 'write'], operationId: 'add' }),
        stored(1, { method: 'GET', path: '/pets', tags: ['pets'], summary: 'List' }),
        stored(3, {
          method: 'GET',
          path: '/pets/{id}',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        }),
      ],
      { title: 'Pets', version: '2.0.0' },
    );
    expect(document.info).toEqual({ title: 'Pets', version: '2.0.0' });
    expect(Object.keys(document.paths as object)).toEqual(['/pets', '/pets/{id}']);
    expect((document.paths as Record<string, object>)['/pets']).toEqual({
      get: { tags: ['pets'], summary: 'List' },
      post: { tags: ['pets', 'write'], operationId: 'add' },
    });
    expect(document.tags).toEqual([{ name: 'pets' }, { name: 'write' }]);
    expect(await validateDocument(document)).toEqual([]);
  });

  it('puts a shared upstream in the document servers, else one server per operation', () => {
    const shared = exportDocument([
      stored(1, { upstream: { url: 'https://a.example.com' } }),
      stored(2, { upstream: { url: 'https://a.example.com' } }),
    ]);
    expect(shared.servers).toEqual([{ url: 'https://a.example.com' }]);
    const mixed = exportDocument([
      stored(1, { upstream: { url: 'https://a.example.com' } }),
      stored(2, { upstream: { url: 'https://b.example.com' } }),
      stored(3, { upstream: { pool: 'backends' } }),
      stored(4, {}),
    ]);
    expect(mixed.servers).toBeUndefined();
    const paths = mixed.paths as Record<string, Record<string, Record<string, unknown>>>;
    expect(paths['/op1']?.get?.servers).toEqual([{ url: 'https://a.example.com' }]);
    expect(paths['/op2']?.get?.servers).toEqual([{ url: 'https://b.example.com' }]);
    expect(paths['/op3']?.get?.[POOL_EXTENSION]).toBe('backends');
    expect(paths['/op4']?.get?.servers).toBeUndefined();
  });

  it('merges component schemas: equal ones once, clashing names renamed with their references', async () => {
    const petV1 = { type: 'object', properties: { name: { type: 'string' } } };
    const petV2 = { type: 'object', properties: { name: { type: 'integer' } } };
    const document = exportDocument([
      stored(1, {
        responses: responseWith('#/components/schemas/Owner'),
        components: {
          schemas: {
            Owner: { type: 'object', properties: { pet: { $ref: '#/components/schemas/Pet' } } },
            Pet: petV1,
          },
        },
      }),
      stored(2, {
        responses: responseWith('#/components/schemas/Pet'),
        components: { schemas: { Pet: petV1 } },
      }),
      stored(3, {
        // Same names, but Pet differs, so Owner (which references it) differs too.
        responses: responseWith('#/components/schemas/Owner'),
        parameters: [{ name: 'p', in: 'query', schema: { $ref: '#/components/schemas/Pet' } }],
        components: {
          schemas: {
            Owner: { type: 'object', properties: { pet: { $ref: '#/components/schemas/Pet' } } },
            Pet: petV2,
          },
        },
      }),
    ]);
    const components = document.components as { schemas: Record<string, unknown> };
    expect(components.schemas).toEqual({
      Owner: { type: 'object', properties: { pet: { $ref: '#/components/schemas/Pet' } } },
      Pet: petV1,
      Owner_2: { type: 'object', properties: { pet: { $ref: '#/components/schemas/Pet_2' } } },
      Pet_2: petV2,
    });
    const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
    expect(paths['/op2']?.get?.responses).toEqual(responseWith('#/components/schemas/Pet'));
    expect(paths['/op3']?.get?.responses).toEqual(responseWith('#/components/schemas/Owner_2'));
    expect(paths['/op3']?.get?.parameters).toEqual([
      { name: 'p', in: 'query', schema: { $ref: '#/components/schemas/Pet_2' } },
    ]);
    expect(await validateDocument(document)).toEqual([]);
  });

  it('renames circular schemas consistently when they clash', () => {
    const node = (valueType: string) => ({
      type: 'object',
      properties: {
        value: { type: valueType },
        next: { $ref: '#/components/schemas/Node' },
      },
    });
    const document = exportDocument([
      stored(1, {
        responses: responseWith('#/components/schemas/Node'),
        components: { schemas: { Node: node('string') } },
      }),
      stored(2, {
        responses: responseWith('#/components/schemas/Node'),
        components: { schemas: { Node: node('integer') } },
      }),
      stored(3, {
        responses: responseWith('#/components/schemas/Node'),
        components: { schemas: { Node: node('integer') } },
      }),
    ]);
    const schemas = (document.components as { schemas: Record<string, unknown> }).schemas;
    expect(Object.keys(schemas)).toEqual(['Node', 'Node_2']);
    expect(schemas.Node_2).toEqual({
      type: 'object',
      properties: { value: { type: 'integer' }, next: { $ref: '#/components/schemas/Node_2' } },
    });
    const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
    expect(paths['/op3']?.get?.responses).toEqual(responseWith('#/components/schemas/Node_2'));
  });

  it('merges security schemes, renaming clashing ones in the requirements', () => {
    const document = exportDocument([
      stored(1, {
        security: [{ key: [] }],
        securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-A' } },
      }),
      stored(2, {
        security: [{ key: [] }],
        securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-A' } },
      }),
      stored(3, {
        security: [{ key: [] }, {}],
        securitySchemes: { key: { type: 'apiKey', in: 'query', name: 'k' } },
      }),
    ]);
    expect((document.components as { securitySchemes: object }).securitySchemes).toEqual({
      key: { type: 'apiKey', in: 'header', name: 'X-A' },
      key_2: { type: 'apiKey', in: 'query', name: 'k' },
    });
    const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
    expect(paths['/op2']?.get?.security).toEqual([{ key: [] }]);
    expect(paths['/op3']?.get?.security).toEqual([{ key_2: [] }, {}]);
  });

  it('writes pool upstreams as an extension that the import reads back', async () => {
    const document = exportDocument([stored(1, { upstream: { pool: 'backends' } })]);
    const read = await readDocument(document);
    expect(read.operations[0]?.definition.upstream).toEqual({ pool: 'backends' });
    expect(read.warnings).toEqual([]);
  });

  it('keeps operationIds unique', () => {
    const document = exportDocument([
      stored(1, { operationId: 'list' }),
      stored(2, { operationId: 'list' }),
    ]);
    const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
    expect([paths['/op1']?.get?.operationId, paths['/op2']?.get?.operationId]).toEqual([
      'list',
      'list_2',
    ]);
  });

  it('refuses two interfaces with the same method and path, naming them', () => {
    let thrown: unknown;
    try {
      exportDocument([
        stored(1, { path: '/pets' }),
        stored(7, { path: '/pets', name: 'other' }),
        stored(8, { path: '/pets', method: 'POST' }),
      ]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ExportConflict);
    expect((thrown as ExportConflict).duplicates).toEqual([
      {
        method: 'GET',
        path: '/pets',
        interfaces: [
          { id: 1, name: 'op1' },
          { id: 7, name: 'other' },
        ],
      },
    ]);
  });
});
