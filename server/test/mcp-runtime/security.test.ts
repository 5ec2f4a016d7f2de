// Upstream security schemes applied by the module: basic, bearer, apiKey in a header or the
// query, with the scheme's default credential or the tool's, and a client's credential passed
// through where the tool asks for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileServer } from '../../src/mcp/compiler/compile-server.ts';
import type { ServerDefinition } from '../../src/mcp/servers/model.ts';
import { ServerInstance } from '../../src/mcp/runtime/server-instance.ts';
import { callContext, fetchPerformer, startUpstream, type Upstream } from './support.ts';

let upstream: Upstream;
let instance: ServerInstance;

beforeAll(async () => {
  upstream = await startUpstream();
  const tool = (name: string, id: string, credential?: string) => ({
    name,
    requestTemplate: {
      url: `${upstream.origin}/${name}?keep=1`,
      method: 'GET' as const,
      security: credential ? { id, credential } : { id },
    },
  });
  const definition: ServerDefinition = {
    server: {
      name: 'secured',
      securitySchemes: [
        { id: 'basic', type: 'http', scheme: 'basic', defaultCredential: '${secret:basic}' },
        { id: 'encoded', type: 'http', scheme: 'basic', defaultCredential: '${secret:encoded}' },
        { id: 'bearer', type: 'http', scheme: 'bearer', defaultCredential: '${secret:bearer}' },
        {
          id: 'header',
          type: 'apiKey',
          in: 'header',
          name: 'X-Api-Key',
          defaultCredential: '${secret:key}',
        },
        {
          id: 'query',
          type: 'apiKey',
          in: 'query',
          name: 'api_key',
          defaultCredential: '${secret:key}',
        },
        { id: 'empty', type: 'http', scheme: 'bearer' },
        { id: 'client', type: 'http', scheme: 'bearer' },
      ],
    },
    tools: [
      tool('basic', 'basic'),
      tool('encoded', 'encoded'),
      tool('bearer', 'bearer'),
      tool('header', 'header'),
      tool('query', 'query'),
      tool('override', 'bearer', '${secret:toolToken}'),
      tool('none', 'empty'),
      { ...tool('passthrough', 'header'), security: { id: 'client', passthrough: true } },
      { ...tool('extracted', 'header'), security: { id: 'client' } },
    ],
  };
  instance = await ServerInstance.load(compileServer(definition).bytes, {
    secrets: {
      basic: 'user:pa ss',
      encoded: 'dXNlcjpwdw==',
      bearer: 'tok-1',
      key: 'k&1',
      toolToken: 'tool-tok',
    },
  });
});
afterAll(() => upstream.close());

async function sent(name: string, clientHeaders?: Record<string, string>) {
  upstream.requests.length = 0;
  const result = await instance.callTool(name, {}, callContext(fetchPerformer(), clientHeaders));
  expect(result.isError).toBeUndefined();
  return upstream.requests[0]!;
}

describe('upstream security', () => {
  it('basic encodes user:password and keeps an encoded credential as it is', async () => {
    expect((await sent('basic')).headers.authorization).toBe(
      `Basic ${Buffer.from('user:pa ss').toString('base64')}`,
    );
    expect((await sent('encoded')).headers.authorization).toBe('Basic dXNlcjpwdw==');
  });

  it('bearer sends the default credential, or the tool credential that overrides it', async () => {
    expect((await sent('bearer')).headers.authorization).toBe('Bearer tok-1');
    expect((await sent('override')).headers.authorization).toBe('Bearer tool-tok');
  });

  it('apiKey goes in its header or its query parameter', async () => {
    expect((await sent('header')).headers['x-api-key']).toBe('k&1');
    expect((await sent('query')).url).toBe('/query?api_key=k%261&keep=1');
  });

  it('a scheme without any credential sends no authentication', async () => {
    expect((await sent('none')).headers.authorization).toBeUndefined();
  });

  it("passes a client's credential through into the upstream scheme", async () => {
    const request = await sent('passthrough', { authorization: 'Bearer client-token' });
    expect(request.headers['x-api-key']).toBe('client-token');
    expect(request.headers.authorization).toBeUndefined();
    // Without a client credential, the scheme's own applies.
    expect((await sent('passthrough')).headers['x-api-key']).toBe('k&1');
  });

  it("removes a client's credential of a tool's security scheme without passing it through", async () => {
    const request = await sent('extracted', {
      authorization: 'Bearer client-token',
      'x-other': 'o',
    });
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers['x-api-key']).toBe('k&1');
    expect(request.headers['x-other']).toBe('o');
  });

  it('refuses to load without a secret the configuration references', async () => {
    const definition: ServerDefinition = {
      server: {
        name: 'missing',
        securitySchemes: [
          { id: 'b', type: 'http', scheme: 'bearer', defaultCredential: '${secret:absent}' },
        ],
      },
      tools: [],
    };
    await expect(
      ServerInstance.load(compileServer(definition).bytes, { secrets: {} }),
    ).rejects.toThrow(/secret 'absent' is referenced by the configuration but was not provided/);
  });
});
