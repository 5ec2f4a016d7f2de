// Loopback upstreams and a small fetch-based performer for the runtime tests (the production
// performer is undici's, in src/mcp/runtime/upstream-performer.ts).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  UpstreamPerformer,
  UpstreamRequestPlan,
  UpstreamResponse,
} from '../../src/mcp/runtime/server-instance.ts';
import { UpstreamError } from '../../src/mcp/runtime/upstream-error.ts';

export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  delayMs?: number;
}

export interface Upstream {
  origin: string;
  requests: RecordedRequest[];
  /** The reply for the next requests (default: 200 with a small JSON body). */
  reply: Reply | ((request: RecordedRequest) => Reply);
  close(): Promise<void>;
}

export async function startUpstream(): Promise<Upstream> {
  const upstream: Upstream = {
    origin: '',
    requests: [],
    reply: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' },
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      upstream.requests.push(recorded);
      const reply =
        typeof upstream.reply === 'function' ? upstream.reply(recorded) : upstream.reply;
      const send = () => {
        res.writeHead(reply.status ?? 200, reply.headers ?? {});
        res.end(reply.body ?? '');
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  upstream.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  upstream.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return upstream;
}

/** Performs plans with fetch; failures become UpstreamError-shaped errors naming their cause. */
export function fetchPerformer(options: { timeoutMs?: number } = {}): UpstreamPerformer & {
  plans: UpstreamRequestPlan[];
} {
  const plans: UpstreamRequestPlan[] = [];
  return {
    plans,
    async perform(plan: UpstreamRequestPlan, signal: AbortSignal): Promise<UpstreamResponse> {
      plans.push(plan);
      const timeout = AbortSignal.timeout(options.timeoutMs ?? 5000);
      let response: Response;
      try {
        response = await fetch(plan.url, {
          method: plan.method,
          headers: plan.headers,
          body: plan.body,
          signal: AbortSignal.any([signal, timeout]),
          redirect: 'manual',
        });
      } catch (error) {
        if (timeout.aborted)
          throw new UpstreamError('timeout', `no response within ${options.timeoutMs ?? 5000} ms`);
        if (signal.aborted) throw new UpstreamError('aborted', 'the call was cancelled');
        const code = (error as { cause?: { code?: string } }).cause?.code;
        if (code === 'ECONNREFUSED')
          throw new UpstreamError('connect', `connection refused (${plan.url})`);
        throw new UpstreamError('network', (error as Error).message);
      }
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      return {
        status: response.status,
        headers,
        body: new Uint8Array(await response.arrayBuffer()),
      };
    },
  };
}

export function callContext(performer: UpstreamPerformer, clientHeaders?: Record<string, string>) {
  return { performer, clientHeaders, signal: new AbortController().signal };
}

export function text(result: { content: unknown[] }): string {
  return (result.content as Array<{ type: string; text?: string }>)
    .map((c) => c.text ?? `[${c.type}]`)
    .join('\n');
}
