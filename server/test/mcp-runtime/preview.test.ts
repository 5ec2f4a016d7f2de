// Preview: the rendered upstream request and the result for a sample response, through the same
// module code as calls, without performing anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileServer } from '../../src/mcp/compiler/compile-server.ts';
import type { ServerDefinition } from '../../src/mcp/servers/model.ts';
import { ServerInstance } from '../../src/mcp/runtime/server-instance.ts';
import { callContext, fetchPerformer, startUpstream, type Upstream } from './support.ts';

let upstream: Upstream;
let instance: ServerInstance;
beforeAll(async () => {
  upstream = await startUpstream();
  const definition: ServerDefinition = {
    server: {
      name: 'preview',
      securitySchemes: [
        {
          id: 'key',
          type: 'apiKey',
          in: 'header',
          name: 'X-Key',
          defaultCredential: '${secret:k}',
        },
      ],
    },
    tools: [
      {
        name: 'search',
        args: [
          { name: 'q', position: 'query' },
          { name: 'page', type: 'integer', default: 1 },
        ],
        requestTemplate: {
          url: `${upstream.origin}/search`,
          method: 'POST',
          argsToJsonBody: true,
          security: { id: 'key' },
        },
        responseTemplate: { body: '{{len .hits}} hits' },
        errorResponseTemplate: 'failed: {{.error}}',
      },
      { name: 'hello', args: [{ name: 'who' }], responseTemplate: { body: 'hi {{.args.who}}' } },
    ],
  };
  instance = await ServerInstance.load(compileServer(definition).bytes, {
    secrets: { k: 'secret-k' },
  });
});
afterAll(() => upstream.close());

const sample = (status: number, body: unknown) => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: new TextEncoder().encode(JSON.stringify(body)),
});

describe('preview', () => {
  it('renders the request and shapes the sample response, performing nothing', async () => {
    upstream.requests.length = 0;
    const preview = await instance.preview(
      'search',
      { q: 'cats' },
      sample(200, { hits: [1, 2, 3] }),
    );
    expect(preview.request).toEqual({
      method: 'POST',
      url: `${upstream.origin}/search?q=cats`,
      headers: [
        ['Content-Type', 'application/json; charset=utf-8'],
        ['Accept', '*/*'],
        ['X-Key', 'secret-k'],
      ],
      body: new TextEncoder().encode('{"page":1}'),
    });
    expect(preview.result).toEqual({ content: [{ type: 'text', text: '3 hits' }] });
    expect(upstream.requests).toHaveLength(0);
  });

  it('matches what a call sends', async () => {
    upstream.requests.length = 0;
    upstream.reply = {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"hits":[]}',
    };
    const performer = fetchPerformer();
    const called = await instance.callTool('search', { q: 'cats' }, callContext(performer));
    const preview = await instance.preview('search', { q: 'cats' }, sample(200, { hits: [] }));
    expect(performer.plans[0]).toEqual(preview.request);
    expect(called).toEqual(preview.result);
    expect(upstream.requests[0]!.body).toBe('{"page":1}');
  });

  it('shows the error result for an error sample and answers direct tools without a request', async () => {
    const failed = await instance.preview('search', { q: 'x' }, sample(503, { error: 'down' }));
    expect(failed.result).toEqual({
      content: [{ type: 'text', text: 'failed: down' }],
      isError: true,
    });
    const direct = await instance.preview('hello', { who: 'you' });
    expect(direct).toEqual({ result: { content: [{ type: 'text', text: 'hi you' }] } });
  });
});
