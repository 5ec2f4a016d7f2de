import { describe, expect, it } from 'vitest';
import type { InterfaceDefinition } from '../../src/http-interfaces/interface-model.ts';
import { interfacesToTools } from '../../src/mcp/servers/mapping/interface-to-tool.ts';
import { normalizeToolName, toolNameFor } from '../../src/mcp/servers/mapping/tool-naming.ts';
import { toolInputSchema } from '../../src/mcp/servers/input-schema.ts';
import { validateDefinition } from '../../src/mcp/servers/definition-validation.ts';

const upstream = { url: 'https://api.example.test/v2/' };

const getPet: InterfaceDefinition = {
  name: 'get-pet',
  method: 'GET',
  path: '/pets/{petId}',
  upstream,
  summary: 'Get a pet',
  description: 'By id',
  parameters: [
    {
      name: 'petId',
      in: 'path',
      required: true,
      description: 'Pet id',
      schema: { type: 'integer' },
    },
    {
      name: 'fields',
      in: 'query',
      schema: { type: 'array', items: { type: 'string', enum: ['name', 'tag'] } },
    },
    { name: 'X-Trace', in: 'header', schema: { type: ['string', 'null'], default: 'none' } },
    { name: 'session', in: 'cookie', required: true, schema: { type: 'string' } },
  ],
  responses: {
    '404': { description: 'Not found' },
    '200': {
      description: 'The pet',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } },
    },
  },
  security: [{ oauth: [] }, { key: [] }],
  securitySchemes: {
    oauth: { type: 'oauth2', flows: {} },
    key: { type: 'apiKey', in: 'header', name: 'X-Key' },
  },
  components: {
    schemas: {
      Pet: {
        type: 'object',
        required: ['id'],
        properties: {
          id: { type: 'integer', description: 'Identifier' },
          owner: { $ref: '#/components/schemas/Owner' },
          children: { type: 'array', items: { $ref: '#/components/schemas/Pet' } },
        },
      },
      Owner: { type: 'object', properties: { name: { type: 'string', example: 'Ann' } } },
    },
  },
};

const createPet: InterfaceDefinition = {
  name: 'create-pet',
  method: 'POST',
  path: '/pets',
  upstream,
  requestBody: {
    required: true,
    content: {
      'application/xml': { schema: { type: 'object' } },
      'application/json': {
        schema: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string', description: 'Name' },
            tags: { type: 'array', items: { type: 'string' } },
            owner: { $ref: '#/components/schemas/Owner' },
          },
        },
      },
    },
  },
  components: { schemas: { Owner: { type: 'object', properties: { name: { type: 'string' } } } } },
};

describe('interface to tool mapping', () => {
  it('names tools from operationId, else method and path, normalized and deduplicated', () => {
    expect(toolNameFor('GET', '/pets/{petId}')).toBe('get_pets_petId');
    expect(toolNameFor('DELETE', '/a b/ü/{x}', '  ')).toBe('delete_a_b_x');
    expect(toolNameFor('GET', '/x', 'list pets!')).toBe('list_pets');
    expect(normalizeToolName('x'.repeat(200))).toHaveLength(128);
    expect(normalizeToolName('???')).toBe('tool');

    const same = { ...getPet, operationId: 'getPet' };
    const { tools } = interfacesToTools([
      { definition: same },
      { definition: same },
      { definition: same },
    ]);
    expect(tools.map((t) => t.name)).toEqual(['getPet', 'getPet_2', 'getPet_3']);
    const long = { ...getPet, operationId: 'y'.repeat(128) };
    const names = interfacesToTools([{ definition: long }, { definition: long }]).tools.map(
      (t) => t.name,
    );
    expect(names[1]).toBe('y'.repeat(126) + '_2');
  });

  it('maps parameters to arguments with their positions, types, enums and items', () => {
    const { tools, securitySchemes, warnings } = interfacesToTools([
      { id: 7, revision: 3, definition: getPet },
    ]);
    const tool = tools[0]!;
    expect(tool.name).toBe('get_pets_petId');
    expect(tool.description).toBe('Get a pet - By id');
    expect(tool.args).toEqual([
      { name: 'petId', description: 'Pet id', type: 'integer', required: true, position: 'path' },
      {
        name: 'fields',
        type: 'array',
        items: { type: 'string', enum: ['name', 'tag'] },
        position: 'query',
      },
      { name: 'X-Trace', type: 'string', default: 'none', position: 'header' },
      { name: 'session', type: 'string', required: true, position: 'cookie' },
    ]);
    expect(tool.requestTemplate).toEqual({
      url: 'https://api.example.test/v2/pets/{petId}',
      method: 'GET',
      security: { id: 'key' },
    });
    expect(securitySchemes).toEqual([{ id: 'key', type: 'apiKey', in: 'header', name: 'X-Key' }]);
    // The first requirement the gateway can apply wins (requirements are alternatives).
    expect(warnings).toEqual([]);
    const oauthOnly = interfacesToTools([{ definition: { ...getPet, security: [{ oauth: [] }] } }]);
    expect(oauthOnly.tools[0]!.requestTemplate?.security).toBeUndefined();
    expect(oauthOnly.warnings).toEqual([
      expect.stringContaining('security scheme(s) oauth cannot be applied'),
    ]);
    expect(tool.source).toEqual({ interfaceId: 7, interfaceRevision: 3 });
    expect(tool.annotations).toMatchObject({ readOnlyHint: true });
  });

  it('builds the output schema and a field description from the 2xx response, refs inlined', () => {
    const tool = interfacesToTools([{ definition: getPet }]).tools[0]!;
    expect(tool.outputSchema).toEqual({
      type: 'object',
      description: 'The pet',
      required: ['id'],
      properties: {
        id: { type: 'integer', description: 'Identifier' },
        owner: { type: 'object', properties: { name: { type: 'string' } } },
        // The recursive reference is cut to an object of unknown shape.
        children: { type: 'array', items: { type: 'object' } },
      },
    });
    const prepend = tool.responseTemplate?.prependBody ?? '';
    expect(prepend).toContain('`id` (integer, required): Identifier');
    expect(prepend).toContain('`owner.name` (string)');
    expect(prepend).toContain('`children` (array of object)');
    expect(prepend).toContain('application/json');
  });

  it('turns JSON body members into body arguments and sets the content type', () => {
    const tool = interfacesToTools([{ definition: createPet }]).tools[0]!;
    expect(tool.args).toEqual([
      { name: 'name', description: 'Name', type: 'string', required: true, position: 'body' },
      { name: 'tags', type: 'array', items: { type: 'string' }, position: 'body' },
      { name: 'owner', type: 'object', properties: { name: { type: 'string' } }, position: 'body' },
    ]);
    expect(tool.requestTemplate?.headers).toEqual([
      { key: 'Content-Type', value: 'application/json' },
    ]);
    expect(tool.requestTemplate?.body).toBeUndefined();
    expect(tool.responseTemplate).toEqual({});
    expect(tool.outputSchema).toBeUndefined();
  });

  it('sends an array body as one argument, and cannot build a multipart body', () => {
    const arrayBody: InterfaceDefinition = {
      ...createPet,
      requestBody: {
        required: true,
        description: 'Pets',
        content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } } } },
      },
    };
    const multipart: InterfaceDefinition = {
      ...createPet,
      path: '/upload',
      requestBody: {
        content: { 'multipart/form-data': { schema: { type: 'object', properties: { f: {} } } } },
      },
    };
    const { tools, warnings } = interfacesToTools([
      { definition: arrayBody },
      { definition: multipart },
    ]);
    expect(tools[0]!.args).toEqual([
      {
        name: 'items',
        description: 'Pets',
        type: 'array',
        items: { type: 'string' },
        required: true,
        position: 'body',
      },
    ]);
    expect(tools[0]!.requestTemplate?.body).toBe('{{.args.items}}');
    expect(tools[1]!.args).toEqual([]);
    expect(tools[1]!.requestTemplate?.headers).toEqual([
      { key: 'Content-Type', value: 'multipart/form-data' },
    ]);
    expect(warnings).toEqual([expect.stringContaining('multipart/form-data')]);
  });

  it('gives tools that pass validation and an input schema in JSON Schema 2020-12', () => {
    const { tools, securitySchemes } = interfacesToTools([
      { definition: getPet },
      { definition: createPet },
    ]);
    expect(validateDefinition({ server: { name: 'pets', securitySchemes }, tools })).toEqual([]);
    expect(toolInputSchema(tools[1]!)).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        name: { type: 'string', description: 'Name' },
        tags: { type: 'array', items: { type: 'string' } },
        owner: { type: 'object', properties: { name: { type: 'string' } } },
      },
      required: ['name'],
    });
  });
});
