// The upstream request the module plans, against a real loopback upstream: every argument
// position, the three argsTo* modes, Go's URL query merging and escaping, content types,
// defaults and type conversion as Higress does them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileServer } from '../../src/mcp/compiler/compile-server.ts';
import type { ServerDefinition, Tool } from '../../src/mcp/servers/model.ts';
import { ServerInstance } from '../../src/mcp/runtime/server-instance.ts';
import { callContext, fetchPerformer, startUpstream, text, type Upstream } from './support.ts';

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(() => upstream.close());

async function call(
  tool: Tool,
  args: Record<string, unknown>,
  clientHeaders?: Record<string, string>,
) {
  const definition: ServerDefinition = { server: { name: 'assembly' }, tools: [tool] };
  const instance = await ServerInstance.load(compileServer(definition).bytes, { secrets: {} });
  upstream.requests.length = 0;
  const result = await instance.callTool(
    tool.name,
    args,
    callContext(fetchPerformer(), clientHeaders),
  );
  expect(result.isError, text(result)).toBeUndefined();
  expect(upstream.requests).toHaveLength(1);
  return upstream.requests[0]!;
}

describe('argument positions', () => {
  it('places path, query, header, cookie and body arguments', async () => {
    const request = await call(
      {
        name: 'positions',
        args: [
          { name: 'id', type: 'integer', position: 'path' },
          { name: 'q', position: 'query' },
          { name: 'X-Trace', position: 'header' },
          { name: 'session', position: 'cookie' },
          { name: 'name', position: 'body' },
          { name: 'extra' },
        ],
        requestTemplate: {
          url: `${upstream.origin}/items/{id}?fixed=1`,
          method: 'POST',
          headers: [{ key: 'Cookie', value: 'a=1' }],
        },
      },
      {
        id: 42,
        q: 'a b&c',
        'X-Trace': 't1',
        session: 's1',
        name: 'N<>',
        extra: 'E',
        undeclared: 'u',
      },
    );
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/items/42?fixed=1&q=a+b%26c');
    expect(request.headers['x-trace']).toBe('t1');
    expect(request.headers.cookie).toBe('a=1; session=s1');
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request.headers.accept).toBe('*/*');
    // Go's json.Marshal escapes HTML characters; arguments without a position stay out.
    expect(request.body).toBe('{"name":"N\\u003c\\u003e"}');
  });

  it('substitutes path placeholders after rendering and escapes the path as Go does', async () => {
    const request = await call(
      {
        name: 'path',
        args: [{ name: 'name', position: 'path' }],
        requestTemplate: { url: `${upstream.origin}/files/{name}/(raw)`, method: 'GET' },
      },
      { name: 'a b/é' },
    );
    expect(request.url).toBe('/files/a%20b/%C3%A9/%28raw%29');
  });

  it('form-encodes body arguments when the headers declare a form', async () => {
    const request = await call(
      {
        name: 'form-header',
        args: [
          { name: 'b', position: 'body' },
          { name: 'a', position: 'body' },
        ],
        requestTemplate: {
          url: `${upstream.origin}/form`,
          method: 'POST',
          headers: [{ key: 'Content-Type', value: 'application/x-www-form-urlencoded' }],
        },
      },
      { a: 'x y', b: 2 },
    );
    expect(request.body).toBe('a=x+y&b=2');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });
});

describe('argsTo* modes', () => {
  it('argsToUrlParam merges unpositioned arguments into the query, sorted and re-encoded', async () => {
    const request = await call(
      {
        name: 'url-param',
        args: [
          { name: 'b' },
          { name: 'a', type: 'integer' },
          { name: 'c', position: 'query' },
          { name: 'big' },
          { name: 'list', type: 'array' },
        ],
        requestTemplate: {
          url: `${upstream.origin}/search?z=9&y=a%20b&bad=%zz&semi=1;2`,
          method: 'GET',
          argsToUrlParam: true,
        },
      },
      { b: true, a: 7.9, c: 'ç', big: 1234567, list: [1, 'x'] },
    );
    // Integers are truncated; other numbers print as fmt's %v; arrays as JSON; pairs Go cannot
    // parse (a bad escape, a semicolon) are dropped, as url.Values does.
    expect(request.url).toBe(
      '/search?a=7&b=true&big=1.234567e%2B06&c=%C3%A7&list=%5B1%2C%22x%22%5D&y=a+b&z=9',
    );
    expect(request.body).toBe('');
    expect(request.headers['content-type']).toBeUndefined();
  });

  it('prints numbers in the query as Go %v does', async () => {
    const values = { a: 0.0001, b: 0.00001, c: 1e21, d: 123456, e: 1000000, f: -2.5, g: 100, h: 0 };
    const request = await call(
      {
        name: 'numbers',
        args: Object.keys(values).map((name) => ({ name })),
        requestTemplate: { url: `${upstream.origin}/n`, method: 'GET', argsToUrlParam: true },
      },
      values,
    );
    // Checked against Go's fmt.Sprintf("%v", float64) and url.Values.Encode.
    expect(request.url).toBe('/n?a=0.0001&b=1e-05&c=1e%2B21&d=123456&e=1e%2B06&f=-2.5&g=100&h=0');
  });

  it('argsToJsonBody sends unpositioned and body arguments as one JSON object with converted types', async () => {
    const request = await call(
      {
        name: 'json-body',
        args: [
          { name: 'name' },
          { name: 'count', type: 'integer' },
          { name: 'flag', type: 'boolean' },
          { name: 'ratio', type: 'number' },
          { name: 'tags', type: 'array' },
          { name: 'obj', type: 'object' },
          { name: 'inBody', position: 'body' },
          { name: 'inQuery', position: 'query' },
          { name: 'limit', type: 'integer', default: 5 },
        ],
        requestTemplate: { url: `${upstream.origin}/json`, method: 'POST', argsToJsonBody: true },
      },
      {
        name: 'n',
        count: '12',
        flag: 'true',
        ratio: '0.5',
        tags: ['x', '<y>'],
        obj: { b: 1, a: { d: 2, c: 1e21 } },
        inBody: 1,
        inQuery: 'q',
      },
    );
    expect(request.body).toBe(
      '{"count":12,"flag":true,"inBody":1,"limit":5,"name":"n","obj":{"a":{"c":1e+21,"d":2},"b":1},"ratio":0.5,"tags":["x","\\u003cy\\u003e"]}',
    );
    expect(request.url).toBe('/json?inQuery=q');
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('argsToJsonBody with no arguments sends an empty object', async () => {
    const request = await call(
      {
        name: 'empty',
        requestTemplate: { url: `${upstream.origin}/e`, method: 'POST', argsToJsonBody: true },
      },
      {},
    );
    expect(request.body).toBe('{}');
  });

  it('argsToFormBody form-encodes unpositioned and body arguments', async () => {
    const request = await call(
      {
        name: 'form-body',
        args: [{ name: 'a' }, { name: 'b', position: 'body' }, { name: 'n', type: 'number' }],
        requestTemplate: { url: `${upstream.origin}/form`, method: 'POST', argsToFormBody: true },
      },
      { a: 'x y', b: 'é', n: 1e-7 },
    );
    expect(request.body).toBe('a=x+y&b=%C3%A9&n=1e-07');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });
});

describe('templates and headers', () => {
  it('renders URL, header and body templates against {config, args}', async () => {
    const definition: ServerDefinition = {
      server: { name: 'templated', config: { region: 'eu', apiKey: '${secret:key}' } },
      tools: [
        {
          name: 't',
          args: [{ name: 'q' }],
          requestTemplate: {
            url: `${upstream.origin}/{{.config.region}}/find`,
            method: 'POST',
            headers: [{ key: 'X-Key', value: '{{.config.apiKey}}' }],
            body: '{"query": {{.args.q | toJson}}, "all": {{toJson .args}}}',
          },
        },
      ],
    };
    const instance = await ServerInstance.load(compileServer(definition).bytes, {
      secrets: { key: 'k-1' },
    });
    upstream.requests.length = 0;
    const result = await instance.callTool('t', { q: 'x' }, callContext(fetchPerformer()));
    expect(result.isError).toBeUndefined();
    const request = upstream.requests[0]!;
    expect(request.url).toBe('/eu/find');
    expect(request.headers['x-key']).toBe('k-1');
    expect(request.body).toBe('{"query": "x", "all": {"q":"x"}}');
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('adds no JSON content type to a body that is not JSON, and keeps a configured one', async () => {
    const plain = await call(
      {
        name: 'plain',
        args: [{ name: 'q' }],
        requestTemplate: { url: `${upstream.origin}/p`, method: 'POST', body: 'q={{.args.q}}' },
      },
      { q: 'x' },
    );
    expect(plain.body).toBe('q=x');
    expect(plain.headers['content-type']).toBeUndefined();
    const configured = await call(
      {
        name: 'configured',
        requestTemplate: {
          url: `${upstream.origin}/p`,
          method: 'POST',
          headers: [
            { key: 'Content-Type', value: 'application/json' },
            { key: 'Accept', value: 'application/json' },
          ],
          body: '{"a":1}',
        },
      },
      {},
    );
    expect(configured.headers['content-type']).toBe('application/json');
    expect(configured.headers.accept).toBe('application/json');
  });

  it('forwards the client headers it is given under its own', async () => {
    const request = await call(
      {
        name: 'client',
        requestTemplate: {
          url: `${upstream.origin}/c`,
          method: 'GET',
          headers: [{ key: 'X-Own', value: 'mine' }],
        },
      },
      {},
      { 'x-client': 'c', 'x-own': 'theirs', accept: 'text/plain' },
    );
    expect(request.headers['x-client']).toBe('c');
    expect(request.headers['x-own']).toBe('mine');
    expect(request.headers.accept).toBe('*/*');
  });

  it('answers a URL that cannot be parsed with an error result', async () => {
    const definition: ServerDefinition = {
      server: { name: 'bad-url' },
      tools: [
        {
          name: 'bad',
          args: [{ name: 'host' }],
          requestTemplate: { url: 'http://{{.args.host}}/x', method: 'GET' },
        },
      ],
    };
    const instance = await ServerInstance.load(compileServer(definition).bytes, { secrets: {} });
    const result = await instance.callTool('bad', { host: 'a b' }, callContext(fetchPerformer()));
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('invalid character " " in host name');
  });
});
