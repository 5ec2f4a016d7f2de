import type { InterfaceDefinition } from '../../src/http-interfaces/interface-model.ts';
import type { TestGateway } from '../support/gateway.ts';

/** A valid definition using most of the model: path parameter, body, responses, components. */
export function petDefinition(overrides: Partial<InterfaceDefinition> = {}): InterfaceDefinition {
  return {
    name: 'getPet',
    method: 'GET',
    path: '/pets/{petId}',
    upstream: { url: 'http://127.0.0.1:9000/v1' },
    summary: 'Find a pet by id',
    description: 'Returns one pet of the store.',
    tags: ['pets'],
    operationId: 'getPetById',
    parameters: [
      { name: 'petId', in: 'path', required: true, schema: { type: 'integer', format: 'int64' } },
      { name: 'verbose', in: 'query', schema: { type: 'boolean' } },
    ],
    responses: {
      '200': {
        description: 'The pet',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } },
      },
      '4XX': { description: 'Client error' },
      default: { description: 'Unexpected error' },
    },
    components: {
      schemas: {
        Pet: {
          type: 'object',
          required: ['id', 'name'],
          properties: { id: { type: 'integer' }, name: { type: 'string' } },
        },
      },
    },
    ...overrides,
  };
}

/** A minimal valid definition with the given name and path. */
export function simpleDefinition(
  name: string,
  overrides: Partial<InterfaceDefinition> = {},
): InterfaceDefinition {
  return { name, method: 'GET', path: `/${name}`, ...overrides };
}

export interface Resource extends Record<string, unknown> {
  id: number;
  revision: number;
  name: string;
  createdAt: string;
  updatedAt: string;
  deletedAt?: string;
}

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: Array<{ path?: string; in?: string; message: string; [key: string]: unknown }>;
  };
  current?: Resource;
}

/** POSTs a definition and returns the created resource (fails loudly otherwise). */
export async function createInterface(
  gateway: TestGateway,
  definition: InterfaceDefinition,
  headers: Record<string, string> = {},
): Promise<Resource> {
  const response = await gateway.api('/interfaces', { method: 'POST', json: definition, headers });
  if (response.status !== 201) {
    throw new Error(`create failed: ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as Resource;
}

export async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
