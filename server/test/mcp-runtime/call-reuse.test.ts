// One instance serves call after call: the module reuses its buffers and parses a literal URL
// once per tool, and the host writes inputs straight into the module's memory and reads the
// answers in place. Nothing of a call may reach the next one, and the shortcuts (keys compared
// in place, content types read on the bytes) must answer as the general code does.
import { beforeAll, describe, expect, it } from 'vitest';
import { compileServer } from '../../src/mcp/compiler/compile-server.ts';
import type { ServerDefinition } from '../../src/mcp/servers/model.ts';
import { ServerInstance, type UpstreamResponse } from '../../src/mcp/runtime/server-instance.ts';

let instance: ServerInstance;
beforeAll(async () => {
  const definition: ServerDefinition = {
    server: {
      name: 'reuse',
      securitySchemes: [
        {
          id: 'key',
          type: 'apiKey',
          in: 'query',
          name: 'api_key',
          defaultCredential: '${secret:k}',
        },
      ],
    },
    tools: [
      {
        name: 'item',
        args: [
          { name: 'id', position: 'query' },
          { name: 'tag', position: 'query' },
        ],
        requestTemplate: { url: 'http://up.test/item?fixed=1&id=0', method: 'GET' },
      },
      {
        name: 'keyed',
        args: [{ name: 'q', position: 'query' }],
        requestTemplate: { url: 'http://up.test/k?a=1', method: 'GET', security: { id: 'key' } },
      },
      {
        name: 'post',
        args: [{ name: 'say "hi"\n' }, { name: 'n', type: 'integer' }],
        requestTemplate: { url: 'http://up.test/p', method: 'POST', argsToJsonBody: true },
      },
      {
        name: 'raw',
        requestTemplate: { url: 'http://up.test/raw', method: 'GET' },
        errorResponseTemplate: '{{index ._headers "x-note"}}',
      },
    ],
  };
  instance = await ServerInstance.load(compileServer(definition).bytes, {
    secrets: { k: 'k&1' },
  });
});

async function url(tool: string, args: Record<string, unknown>): Promise<string | undefined> {
  return (await instance.preview(tool, args)).request?.url;
}

function reply(headers: Record<string, string>, body = 'BODY', status = 200): UpstreamResponse {
  return { status, headers, body: new TextEncoder().encode(body) };
}

describe('consecutive calls on one instance', () => {
  it('merge each call’s own query arguments into the literal URL’s query', async () => {
    expect(await url('item', { id: '7', tag: 'a b' })).toBe(
      'http://up.test/item?fixed=1&id=7&tag=a+b',
    );
    expect(await url('keyed', { q: 'x' })).toBe('http://up.test/k?a=1&api_key=k%261&q=x');
    expect(await url('item', {})).toBe('http://up.test/item?fixed=1&id=0');
    expect(await url('item', { tag: 'é&' })).toBe('http://up.test/item?fixed=1&id=0&tag=%C3%A9%26');
    expect(await url('keyed', {})).toBe('http://up.test/k?a=1&api_key=k%261');
  });

  it('write large and non-ASCII arguments whole, lone surrogates as U+FFFD', async () => {
    const long = 'y'.repeat(20_000);
    expect(await url('item', { id: long })).toBe(`http://up.test/item?fixed=1&id=${long}`);
    expect(await url('item', { id: '\ud800é' })).toBe(
      'http://up.test/item?fixed=1&id=%EF%BF%BD%C3%A9',
    );
    expect(await url('item', { id: '1' })).toBe('http://up.test/item?fixed=1&id=1');
  });

  it('find arguments whose names the JSON text escapes, and bodies built from them', async () => {
    const first = await instance.preview('post', { 'say "hi"\n': 'yes', other: 1, n: '12' });
    expect(new TextDecoder().decode(first.request?.body)).toBe('{"n":12,"say \\"hi\\"\\n":"yes"}');
    const second = await instance.preview('post', { n: 3 });
    expect(new TextDecoder().decode(second.request?.body)).toBe('{"n":3}');
  });
});

describe('content types read on the header bytes', () => {
  it('tell image and audio bodies as the media type text does', async () => {
    const kinds: Array<[string, string]> = [
      ['IMAGE/PNG; q=1', 'image:image/png'],
      [' image/png', 'image:image/png'],
      ['audio/mpeg', 'audio:audio/mpeg'],
      ['image', 'text'],
      ['image/', 'image:image/'],
      ['İmage/png', 'text'],
      ['text/plain; charset=utf-8', 'text'],
    ];
    for (const [contentType, expected] of kinds) {
      const { result } = await instance.preview('raw', {}, reply({ 'content-type': contentType }));
      const item = result.content[0] as { type: string; mimeType?: string };
      expect(item.type === 'text' ? 'text' : `${item.type}:${item.mimeType}`, contentType).toBe(
        expected,
      );
    }
  });

  it('decode every header for the error template, non-ASCII values included', async () => {
    const { result } = await instance.preview(
      'raw',
      {},
      reply({ 'Content-Type': 'text/plain', 'X-Note': 'é ok' }, '', 500),
    );
    expect(result).toEqual({ content: [{ type: 'text', text: 'é ok' }], isError: true });
  });
});
