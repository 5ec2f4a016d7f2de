// The undici performer against loopback servers that stall, stream too much, redirect or are
// not there: timeouts, the size cap and the redirect policy, each failure naming its cause.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUndiciPerformer } from '../../src/mcp/runtime/upstream-performer.ts';
import { UpstreamError } from '../../src/mcp/runtime/upstream-error.ts';
import { startLoopback, type LoopbackServer } from './support.ts';

let upstream: LoopbackServer;
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  upstream = await startLoopback((req, res) => {
    const url = new URL(req.url ?? '/', 'http://upstream');
    switch (url.pathname) {
      case '/ok':
        res.writeHead(200, { 'content-type': 'text/plain', 'x-multi': ['a', 'b'] });
        res.end(`${req.method} ${url.search} ${req.headers['x-one'] ?? ''}`);
        return;
      case '/echo-body': {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => res.end(Buffer.concat(chunks)));
        return;
      }
      case '/stall-headers':
        sockets.add(req.socket);
        return; // never answers
      case '/stall-body':
        sockets.add(req.socket);
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('partial');
        return; // never ends
      case '/big-declared':
        res.writeHead(200, { 'content-length': String(1_000_000) });
        res.end(Buffer.alloc(1_000_000, 97));
        return;
      case '/big-streamed': {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        let sent = 0;
        const pump = () => {
          while (sent < 2_000_000) {
            sent += 16_384;
            if (!res.write(Buffer.alloc(16_384, 98))) return res.once('drain', pump);
          }
          res.end();
        };
        pump();
        return;
      }
      case '/redirect':
        res.writeHead(302, { location: '/ok?from=redirect' });
        res.end();
        return;
      case '/loop':
        res.writeHead(302, { location: '/loop' });
        res.end();
        return;
      default:
        res.writeHead(404);
        res.end('nope');
    }
  });
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await upstream.close();
});

const get = (path: string, headers: Array<[string, string]> = []) => ({
  method: 'GET',
  url: `${upstream.origin}${path}`,
  headers,
});

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UpstreamError);
    return error as UpstreamError;
  }
  throw new Error('expected the request to fail');
}

describe('undici performer', () => {
  it('performs a request: method, query, headers, body; lower-case response headers', async () => {
    const performer = createUndiciPerformer();
    try {
      const response = await performer.perform(
        get('/ok?a=1', [['X-One', 'first']]),
        new AbortController().signal,
      );
      expect(response.status).toBe(200);
      expect(new TextDecoder().decode(response.body)).toBe('GET ?a=1 first');
      expect(response.headers['content-type']).toBe('text/plain');
      expect(response.headers['x-multi']).toBe('a, b');
      const posted = await performer.perform(
        {
          method: 'POST',
          url: `${upstream.origin}/echo-body`,
          headers: [['content-type', 'application/json']],
          body: new TextEncoder().encode('{"x":1}'),
        },
        new AbortController().signal,
      );
      expect(new TextDecoder().decode(posted.body)).toBe('{"x":1}');
    } finally {
      await performer.close();
    }
  });

  it('keeps connections alive per origin', async () => {
    const performer = createUndiciPerformer();
    const ports = new Set<number>();
    const counting = await startLoopback((req, res) => {
      ports.add(req.socket.remotePort!);
      res.end('x');
    });
    try {
      for (let i = 0; i < 10; i++) {
        await performer.perform(
          { method: 'GET', url: `${counting.origin}/`, headers: [] },
          new AbortController().signal,
        );
      }
      // Sequential requests reuse the pooled connection (a second one may open while the
      // first is being handed back).
      expect(ports.size).toBeLessThanOrEqual(2);
    } finally {
      await performer.close();
      await counting.close();
    }
  });

  it('times out a response whose headers never come, and one whose body stalls', async () => {
    const performer = createUndiciPerformer({ responseTimeoutMs: 300 });
    try {
      const started = Date.now();
      const headers = await failure(
        performer.perform(get('/stall-headers'), new AbortController().signal),
      );
      expect(headers.cause).toBe('timeout');
      expect(headers.message).toContain('300 ms');
      expect(Date.now() - started).toBeLessThan(3000);
      const body = await failure(
        performer.perform(get('/stall-body'), new AbortController().signal),
      );
      expect(body.cause).toBe('timeout');
    } finally {
      await performer.close();
    }
  });

  it('times out a connection that never completes (a TLS handshake that never answers)', async () => {
    // The connect timeout covers TCP and TLS set-up: a listener that accepts and stays silent
    // stalls the handshake of an https:// request.
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const performer = createUndiciPerformer({ connectTimeoutMs: 200, responseTimeoutMs: 5000 });
    try {
      const started = Date.now();
      const error = await failure(
        performer.perform(
          { method: 'GET', url: `https://127.0.0.1:${port}/`, headers: [] },
          new AbortController().signal,
        ),
      );
      expect(error.cause).toBe('timeout');
      expect(error.message).toContain('connecting to https://127.0.0.1');
      expect(error.message).toContain('200 ms');
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await performer.close();
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('reports a refused connection as connect', async () => {
    const closed = await startLoopback((_req, res) => res.end());
    const origin = closed.origin;
    await closed.close();
    const performer = createUndiciPerformer();
    try {
      const error = await failure(
        performer.perform(
          { method: 'GET', url: `${origin}/`, headers: [] },
          new AbortController().signal,
        ),
      );
      expect(error.cause).toBe('connect');
      expect(error.message).toContain('ECONNREFUSED');
    } finally {
      await performer.close();
    }
  });

  it('caps the response size, declared or streamed', async () => {
    const performer = createUndiciPerformer({ maxResponseBytes: 100_000 });
    try {
      const declared = await failure(
        performer.perform(get('/big-declared'), new AbortController().signal),
      );
      expect(declared.cause).toBe('too-large');
      expect(declared.message).toContain('100000-byte limit');
      const streamed = await failure(
        performer.perform(get('/big-streamed'), new AbortController().signal),
      );
      expect(streamed.cause).toBe('too-large');
      // The pool still works after the cut connections.
      const ok = await performer.perform(get('/ok'), new AbortController().signal);
      expect(ok.status).toBe(200);
    } finally {
      await performer.close();
    }
  });

  it('hands 3xx back by default and follows redirects only when configured', async () => {
    const plain = createUndiciPerformer();
    const following = createUndiciPerformer({ followRedirects: true, maxRedirects: 3 });
    try {
      const unfollowed = await plain.perform(get('/redirect'), new AbortController().signal);
      expect(unfollowed.status).toBe(302);
      expect(unfollowed.headers.location).toBe('/ok?from=redirect');
      const followed = await following.perform(get('/redirect'), new AbortController().signal);
      expect(followed.status).toBe(200);
      expect(new TextDecoder().decode(followed.body)).toContain('?from=redirect');
      const loop = await failure(following.perform(get('/loop'), new AbortController().signal));
      expect(loop.cause).toBe('network');
      expect(loop.message.toLowerCase()).toContain('redirect');
    } finally {
      await plain.close();
      await following.close();
    }
  });

  it('stops when the call is cancelled', async () => {
    const performer = createUndiciPerformer();
    try {
      const controller = new AbortController();
      const pending = performer.perform(get('/stall-headers'), controller.signal);
      setTimeout(() => controller.abort(), 50);
      expect((await failure(pending)).cause).toBe('aborted');
      const before = new AbortController();
      before.abort();
      expect((await failure(performer.perform(get('/ok'), before.signal))).cause).toBe('aborted');
    } finally {
      await performer.close();
    }
  });

  it('refuses URLs that are not http(s)', async () => {
    const performer = createUndiciPerformer();
    try {
      const error = await failure(
        performer.perform(
          { method: 'GET', url: 'file:///etc/passwd', headers: [] },
          new AbortController().signal,
        ),
      );
      expect(error.cause).toBe('connect');
      expect(error.message).toContain('not http or https');
    } finally {
      await performer.close();
    }
  });
});
