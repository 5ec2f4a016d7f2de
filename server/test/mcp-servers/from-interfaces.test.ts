import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(DIALECTS)('POST /servers/from-interfaces (%s)', (dialect) => {
  let gateway: TestGateway;
  const ids: number[] = [];
  beforeAll(async () => {
    gateway = await startTestGateway(dialect);
    const definitions = [
      {
        name: 'list-orders',
        method: 'GET',
        path: '/orders',
        upstream: { url: 'http://127.0.0.1:9/shop' },
        summary: 'List orders',
        parameters: [
          { name: 'status', in: 'query', schema: { type: 'string', enum: ['open', 'closed'] } },
        ],
        responses: {
          '200': {
            description: 'Orders',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    orders: {
                      type: 'array',
                      items: { type: 'object', properties: { id: { type: 'string' } } },
                    },
                  },
                },
              },
            },
          },
        },
      },
      {
        name: 'create-order',
        method: 'POST',
        path: '/orders/{shopId}',
        upstream: { url: 'http://127.0.0.1:9/shop' },
        parameters: [{ name: 'shopId', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['sku'],
                properties: { sku: { type: 'string' }, qty: { type: 'integer' } },
              },
            },
          },
        },
        responses: { '201': { description: 'Created' } },
      },
    ];
    for (const definition of definitions) {
      const response = await gateway.api('/interfaces', { method: 'POST', json: definition });
      expect(response.status, await response.clone().text()).toBe(201);
      ids.push(((await response.json()) as { id: number }).id);
    }
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('builds a draft server with one tool per interface, in the order given', async () => {
    const response = await gateway.api('/servers/from-interfaces', {
      method: 'POST',
      json: { name: 'shop', title: 'Shop', interfaceIds: [ids[1], ids[0]] },
      headers: { 'x-author': 'dee' },
    });
    expect(response.status).toBe(201);
    const server = (await response.json()) as Json;
    expect(server).toMatchObject({
      name: 'shop',
      revision: 1,
      server: { name: 'shop', title: 'Shop' },
      warnings: [],
    });
    expect(server.tools.map((t: Json) => t.name)).toEqual(['post_orders_shopId', 'get_orders']);
    const [create, list] = server.tools as [Json, Json];
    expect(create.args).toEqual([
      { name: 'shopId', type: 'string', required: true, position: 'path' },
      { name: 'sku', type: 'string', required: true, position: 'body' },
      { name: 'qty', type: 'integer', position: 'body' },
    ]);
    expect(create.requestTemplate).toEqual({
      url: 'http://127.0.0.1:9/shop/orders/{shopId}',
      method: 'POST',
      headers: [{ key: 'Content-Type', value: 'application/json' }],
    });
    expect(create.source).toEqual({ interfaceId: ids[1], interfaceRevision: 1 });
    expect(list.outputSchema).toMatchObject({ type: 'object', description: 'Orders' });
    expect(list.responseTemplate.prependBody).toContain('`orders[].id` (string)');

    const revisions = (await (await gateway.api('/servers/shop/revisions')).json()) as Json;
    expect(revisions.items[0]).toMatchObject({ revision: 1, action: 'create', author: 'dee' });

    const listing = (await (await gateway.api('/servers/shop/tools')).json()) as Json;
    expect(listing.tools[1].inputSchema).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { status: { type: 'string', enum: ['open', 'closed'] } },
    });

    // The export leaves out the gateway-local source link.
    const yaml = await (await gateway.api('/servers/shop/export')).text();
    expect(yaml).not.toContain('interfaceId');
  });

  it('answers 404 naming unknown interfaces, 409 for a taken name, 400 for a bad body', async () => {
    const unknown = await gateway.api('/servers/from-interfaces', {
      method: 'POST',
      json: { name: 'shop-2', interfaceIds: [ids[0], 9999] },
    });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as Json).error.message).toContain('9999');
    expect((await gateway.api('/servers/shop-2')).status).toBe(404);

    const taken = await gateway.api('/servers/from-interfaces', {
      method: 'POST',
      json: { name: 'shop', interfaceIds: [ids[0]] },
    });
    expect(taken.status).toBe(409);

    const bad = await gateway.api('/servers/from-interfaces', {
      method: 'POST',
      json: { name: 'Bad Name', interfaceIds: [] },
    });
    expect(bad.status).toBe(400);
    const details = ((await bad.json()) as Json).error.details.map((d: Json) => d.path);
    expect(details).toEqual(expect.arrayContaining(['/name', '/interfaceIds']));
  });
});
