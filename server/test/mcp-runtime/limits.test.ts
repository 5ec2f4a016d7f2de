// Limits and failures: a template that exhausts the step budget or the memory cap ends its call
// with an error naming the cause, the instance is replaced, and other calls and servers go on;
// network errors and timeouts become error results; calls waiting on their upstream run
// concurrently on one server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileServer } from '../../src/mcp/compiler/compile-server.ts';
import type { ServerDefinition } from '../../src/mcp/servers/model.ts';
import { ServerInstance, type UpstreamResponse } from '../../src/mcp/runtime/server-instance.ts';
import { createUndiciPerformer } from '../../src/mcp/runtime/upstream-performer.ts';
import { callContext, fetchPerformer, startUpstream, text, type Upstream } from './support.ts';

let upstream: Upstream;
let heavy: ServerInstance;
let other: ServerInstance;

beforeAll(async () => {
  upstream = await startUpstream();
  upstream.reply = (request) => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ path: request.url }),
    delayMs: request.url.startsWith('/slow') ? 200 : 0,
  });
  const definition: ServerDefinition = {
    server: { name: 'heavy' },
    tools: [
      {
        name: 'spin',
        requestTemplate: { url: `${upstream.origin}/spin`, method: 'GET' },
        responseTemplate: {
          body: '{{range $i := until 100000}}{{range $j := until 100000}}{{end}}{{end}}',
        },
      },
      {
        name: 'grow',
        responseTemplate: {
          body: '{{$s := "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}}{{range $i := until 40}}{{$s = print $s $s}}{{end}}{{len $s}}',
        },
      },
      {
        name: 'ok',
        args: [{ name: 'p' }],
        requestTemplate: { url: `${upstream.origin}/{{.args.p}}`, method: 'GET' },
        responseTemplate: { body: 'got {{.path}}' },
      },
      {
        name: 'other',
        args: [{ name: 'p' }],
        requestTemplate: { url: `${upstream.origin}/{{.args.p}}`, method: 'POST' },
        responseTemplate: { body: 'other {{.path}}' },
      },
    ],
  };
  const limits = {
    maxStepsPerCall: 100_000,
    maxMemoryBytes: 16 * 1024 * 1024,
    maxOutputBytes: 1 << 30,
  };
  heavy = await ServerInstance.load(compileServer(definition).bytes, { secrets: {}, limits });
  other = await ServerInstance.load(
    compileServer({ ...definition, server: { name: 'other' } }).bytes,
    { secrets: {}, limits },
  );
});
afterAll(() => upstream.close());

describe('limits', () => {
  it('a template that exhausts the step budget is that call’s error; the next call works', async () => {
    const performer = fetchPerformer();
    const result = await heavy.callTool('spin', {}, callContext(performer));
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(
      /limit exceeded: response template: step budget of 100000 steps exhausted/,
    );
    expect(heavy.replacements).toBe(1);
    const next = await heavy.callTool('ok', { p: 'after' }, callContext(performer));
    expect(text(next)).toBe('got /after');
    expect(text(await other.callTool('ok', { p: 'other' }, callContext(performer)))).toBe(
      'got /other',
    );
  });

  it('a template that exceeds the memory cap is that call’s error; another server is untouched', async () => {
    const performer = fetchPerformer();
    const slow = other.callTool('ok', { p: 'slow' }, callContext(performer));
    const result = await heavy.callTool('grow', {}, callContext(performer));
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/memory limit of 16777216 bytes exceeded/);
    expect(text(await slow)).toBe('got /slow');
    expect(text(await heavy.callTool('ok', { p: 'again' }, callContext(performer)))).toBe(
      'got /again',
    );
  });

  it('calls in flight survive the replacement of the instance under them', async () => {
    const performer = fetchPerformer();
    const waiting = heavy.callTool('ok', { p: 'slow-1' }, callContext(performer));
    await new Promise((r) => setTimeout(r, 50));
    const failed = await heavy.callTool('spin', {}, callContext(performer));
    expect(failed.isError).toBe(true);
    expect(text(await waiting)).toBe('got /slow-1');
  });

  it('calls waiting on their upstream do not wait for each other', async () => {
    const performer = fetchPerformer();
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        heavy.callTool('ok', { p: `slow-${i}` }, callContext(performer)),
      ),
    );
    const elapsed = performance.now() - started;
    expect(results.map(text)).toEqual(Array.from({ length: 10 }, (_, i) => `got /slow-${i}`));
    // Ten 200 ms upstream calls in series would take two seconds.
    expect(elapsed).toBeLessThan(1500);
    expect(heavy.inFlight).toBe(0);
  });

  it('calls of different tools in flight together each resume as their own tool', async () => {
    const performer = fetchPerformer();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        heavy.callTool(i % 2 ? 'other' : 'ok', { p: `slow-${i}` }, callContext(performer)),
      ),
    );
    expect(results.map(text)).toEqual(
      Array.from({ length: 8 }, (_, i) => `${i % 2 ? 'other' : 'got'} /slow-${i}`),
    );
  });
});

describe('dispose', () => {
  it('lets the calls in flight finish, then refuses calls and previews', async () => {
    const definition: ServerDefinition = {
      server: { name: 'unloading' },
      tools: [
        {
          name: 'ok',
          args: [{ name: 'p' }],
          requestTemplate: { url: `${upstream.origin}/{{.args.p}}`, method: 'GET' },
          responseTemplate: { body: 'got {{.path}}' },
        },
      ],
    };
    const instance = await ServerInstance.load(compileServer(definition).bytes, { secrets: {} });
    const performer = fetchPerformer();
    const waiting = instance.callTool('ok', { p: 'slow-d' }, callContext(performer));
    await new Promise((r) => setTimeout(r, 20));
    instance.dispose();
    expect(instance.inFlight).toBe(1);
    expect(text(await waiting)).toBe('got /slow-d');
    expect(instance.inFlight).toBe(0);
    const refused = await instance.callTool('ok', { p: 'x' }, callContext(performer));
    expect(refused).toEqual({
      content: [{ type: 'text', text: "server 'unloading' was unloaded" }],
      isError: true,
    });
    const preview = await instance.preview('ok', { p: 'x' });
    expect(preview.result.isError).toBe(true);
    expect(text(preview.result)).toContain("server 'unloading' was unloaded");
  });
});

describe('upstream failures', () => {
  it('a refused connection is an error result naming the cause', async () => {
    const closed = await startUpstream();
    await closed.close();
    const definition: ServerDefinition = {
      server: { name: 'down' },
      tools: [{ name: 'call', requestTemplate: { url: `${closed.origin}/x`, method: 'GET' } }],
    };
    const instance = await ServerInstance.load(compileServer(definition).bytes, { secrets: {} });
    const result = await instance.callTool('call', {}, callContext(fetchPerformer()));
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/^upstream request failed \(connect\): connection refused/);
  });

  it('a timeout is an error result naming the cause', async () => {
    const result = await heavy.callTool(
      'ok',
      { p: 'slow' },
      callContext(fetchPerformer({ timeoutMs: 50 })),
    );
    expect(result.isError).toBe(true);
    expect(text(result)).toBe('upstream request failed (timeout): no response within 50 ms');
  });

  it('a cancelled call ends without a result from the upstream', async () => {
    const controller = new AbortController();
    const pending = heavy.callTool(
      'ok',
      { p: 'slow' },
      {
        performer: fetchPerformer(),
        signal: controller.signal,
      },
    );
    setTimeout(() => controller.abort(), 20);
    const result = await pending;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/\(aborted\)/);
  });

  it("the production performer's failures name their cause too", async () => {
    const performer = createUndiciPerformer({ responseTimeoutMs: 50 });
    try {
      const result = await heavy.callTool('ok', { p: 'slow' }, callContext(performer));
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(/^upstream request failed \(timeout\): /);
    } finally {
      await performer.close();
    }
  });

  it('a performer answering something unusable is the call’s error, not a throw', async () => {
    const broken = {
      perform: async () => ({ status: 200, headers: {} }) as unknown as UpstreamResponse,
    };
    const result = await heavy.callTool('ok', { p: 'x' }, callContext(broken));
    expect(result.isError).toBe(true);
    expect(text(await heavy.callTool('ok', { p: 'fine' }, callContext(fetchPerformer())))).toBe(
      'got /fine',
    );
  });
});

describe('large responses', () => {
  it('large responses pass one after another under the default memory cap', async () => {
    const big = await startUpstream();
    const items = Array.from({ length: 60_000 }, (_, i) => ({
      id: i,
      name: `item ${i}`,
      pad: 'x'.repeat(64),
    }));
    big.reply = {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
    };
    try {
      const definition: ServerDefinition = {
        server: { name: 'big' },
        tools: [
          {
            name: 'last',
            requestTemplate: { url: `${big.origin}/big`, method: 'GET' },
            responseTemplate: { body: '{{.items.#}} {{.items.59999.name}}' },
          },
        ],
      };
      const instance = await ServerInstance.load(compileServer(definition).bytes, { secrets: {} });
      for (let i = 0; i < 4; i++) {
        const result = await instance.callTool('last', {}, callContext(fetchPerformer()));
        expect(text(result)).toBe('60000 item 59999');
      }
      expect(instance.replacements).toBe(0);
    } finally {
      await big.close();
    }
  });
});

describe('garbage between calls', () => {
  it('is collected: hundreds of calls that each leave ~100 KB of garbage stay under a 16 MiB cap', async () => {
    const items = Array.from({ length: 400 }, (_, i) => ({ id: i, name: `item ${i}` }));
    const answering = {
      perform: async () => ({
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: new TextEncoder().encode(JSON.stringify({ items })),
      }),
    };
    const definition: ServerDefinition = {
      server: { name: 'garbage' },
      tools: [
        {
          name: 'list',
          requestTemplate: { url: 'http://127.0.0.1:9/items', method: 'GET' },
          responseTemplate: { body: '{{range .items}}{{.id}}:{{.name | upper}},{{end}}' },
        },
        {
          name: 'echo',
          args: [{ name: 'text', type: 'string' }],
          responseTemplate: { body: '{{.args.text | upper}}' },
        },
      ],
    };
    const instance = await ServerInstance.load(compileServer(definition).bytes, {
      secrets: {},
      limits: {
        maxStepsPerCall: 1_000_000,
        maxMemoryBytes: 16 * 1024 * 1024,
        maxOutputBytes: 1 << 24,
      },
    });
    const big = 'x'.repeat(300_000);
    for (let i = 0; i < 400; i++) {
      const listed = await instance.callTool('list', {}, callContext(answering));
      expect(text(listed)).toMatch(/^0:ITEM 0,1:ITEM 1,.*399:ITEM 399,$/);
      // Steps whose inputs are large make a collection due sooner than every 32 steps.
      const echoed = await instance.callTool('echo', { text: big }, callContext(answering));
      expect(text(echoed).length, text(echoed).slice(0, 200)).toBe(big.length);
    }
    expect(instance.replacements).toBe(0);
    instance.dispose();
  });
});
