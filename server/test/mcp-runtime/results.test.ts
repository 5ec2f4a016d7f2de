// How upstream responses become MCP results: response templates, prepend/append, raw bodies,
// error templates (body plus _headers), default error messages, image and audio content,
// structured content for an outputSchema, and tools that answer without an upstream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileServer } from '../../src/mcp/compiler/compile-server.ts';
import type { ServerDefinition, Tool } from '../../src/mcp/servers/model.ts';
import { ServerInstance } from '../../src/mcp/runtime/server-instance.ts';
import {
  callContext,
  fetchPerformer,
  startUpstream,
  text,
  type Reply,
  type Upstream,
} from './support.ts';

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(() => upstream.close());

async function respond(tool: Omit<Tool, 'name' | 'requestTemplate'>, reply: Reply, args = {}) {
  const definition: ServerDefinition = {
    server: { name: 'results', config: { unit: 'C' } },
    tools: [
      {
        name: 'tool',
        requestTemplate: { url: `${upstream.origin}/r`, method: 'GET' },
        ...tool,
      },
    ],
  };
  const instance = await ServerInstance.load(compileServer(definition).bytes, { secrets: {} });
  upstream.reply = reply;
  return instance.callTool('tool', args, callContext(fetchPerformer()));
}

const json = (body: unknown, status = 200): Reply => ({
  status,
  headers: { 'content-type': 'application/json', 'x-ca-error-code': 'E42' },
  body: JSON.stringify(body),
});

describe('successful responses', () => {
  it('renders the response template over the body', async () => {
    const result = await respond(
      { responseTemplate: { body: '{{range .items}}- {{.name}}\n{{end}}' } },
      json({ items: [{ name: 'a' }, { name: 'b' }] }),
    );
    expect(result).toEqual({ content: [{ type: 'text', text: '- a\n- b\n' }] });
  });

  it('puts prependBody and appendBody around the raw body, literally', async () => {
    const result = await respond(
      { responseTemplate: { prependBody: 'Data {{x}}:\n', appendBody: '\nEnd' } },
      json({ a: 1 }),
    );
    expect(text(result)).toBe('Data {{x}}:\n{"a":1}\nEnd');
  });

  it('returns the raw body, and "success" for an empty one', async () => {
    expect(text(await respond({}, { body: 'plain ünïcode' }))).toBe('plain ünïcode');
    expect(text(await respond({}, { status: 204 }))).toBe('success');
    expect(text(await respond({ responseTemplate: { body: '{{.missing}}' } }, json({})))).toBe(
      'success',
    );
  });

  it('returns image and audio bodies as base64 content', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const image = await respond({}, { headers: { 'content-type': 'image/png' }, body: png });
    expect(image).toEqual({
      content: [
        { type: 'image', data: Buffer.from(png).toString('base64'), mimeType: 'image/png' },
      ],
    });
    const audio = await respond(
      { responseTemplate: { body: 'ignored for audio' } },
      { headers: { 'content-type': 'audio/mpeg; rate=44100' }, body: new Uint8Array([1, 2, 3]) },
    );
    expect(audio).toEqual({ content: [{ type: 'audio', data: 'AQID', mimeType: 'audio/mpeg' }] });
  });

  it('with an outputSchema, a JSON body is also the structured content', async () => {
    const outputSchema = { type: 'object', properties: { temp: { type: 'number' } } };
    const raw = await respond({ outputSchema }, json({ temp: 21.5 }));
    expect(raw).toEqual({
      content: [{ type: 'text', text: '{"temp":21.5}' }],
      structuredContent: { temp: 21.5 },
    });
    const templated = await respond(
      { outputSchema, responseTemplate: { body: 'It is {{.temp}}' } },
      json({ temp: 3 }),
    );
    expect(templated).toEqual({
      content: [{ type: 'text', text: 'It is 3' }],
      structuredContent: { temp: 3 },
    });
    const array = await respond({ outputSchema }, json([1, 2]));
    expect(array.structuredContent).toEqual({ data: [1, 2] });
    const notJson = await respond({ outputSchema }, { body: 'not json' });
    expect(notJson.structuredContent).toBeUndefined();
  });
});

describe('error responses', () => {
  it('renders the errorResponseTemplate over the body plus _headers', async () => {
    const result = await respond(
      {
        errorResponseTemplate:
          '{{gjson "_headers.\\\\:status"}} {{._headers.x-ca-error-code}}: {{.message}}',
      },
      json({ message: 'quota exceeded' }, 429),
    );
    expect(result).toEqual({
      content: [{ type: 'text', text: '429 E42: quota exceeded' }],
      isError: true,
    });
  });

  it('gives _headers to a body that is not a JSON object', async () => {
    const result = await respond(
      { errorResponseTemplate: 'status {{index ._headers ":status"}}' },
      { status: 502, body: '<html>bad gateway</html>' },
    );
    expect(text(result)).toBe('status 502');
  });

  it('falls back to a default message with the status and an excerpt of the body', async () => {
    const result = await respond({}, { status: 500, body: 'x'.repeat(5000) });
    expect(result.isError).toBe(true);
    const message = text(result);
    expect(message.startsWith(`call failed, status: 500, response: ${'x'.repeat(1000)}`)).toBe(
      true,
    );
    expect(message.length).toBeLessThan(1100);
    const emptyTemplate = await respond({ errorResponseTemplate: '{{.nothing}}' }, json({}, 404));
    expect(text(emptyTemplate)).toBe('call failed, status: 404, response: {}');
  });
});

describe('tools without a URL', () => {
  it('answer from their response template over {config, args}', async () => {
    const definition: ServerDefinition = {
      server: { name: 'direct', config: { greeting: 'Hello' } },
      tools: [
        {
          name: 'greet',
          args: [{ name: 'name', required: true }],
          responseTemplate: { body: '{{.config.greeting}}, {{.args.name}}!' },
        },
        {
          name: 'echo',
          args: [{ name: 'n', type: 'integer' }],
          outputSchema: { type: 'object' },
          responseTemplate: { body: '{"n": {{.args.n}}}' },
        },
      ],
    };
    const instance = await ServerInstance.load(compileServer(definition).bytes, { secrets: {} });
    const performer = fetchPerformer();
    const greet = await instance.callTool('greet', { name: 'Zoë' }, callContext(performer));
    expect(greet).toEqual({ content: [{ type: 'text', text: 'Hello, Zoë!' }] });
    const echo = await instance.callTool('echo', { n: '5' }, callContext(performer));
    expect(echo).toEqual({
      content: [{ type: 'text', text: '{"n": 5}' }],
      structuredContent: { n: 5 },
    });
    expect(performer.plans).toHaveLength(0);
  });
});
