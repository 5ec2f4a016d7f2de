import { Agent, interceptors, type Dispatcher } from 'undici';
import type {
  UpstreamPerformer,
  UpstreamRequestPlan,
  UpstreamResponse,
} from './server-instance.ts';
import { UpstreamError } from './upstream-error.ts';

/** How the gateway talks to upstreams. */
export interface UpstreamPolicy {
  /** Longest wait for the TCP (and TLS) connection. */
  connectTimeoutMs: number;
  /** Longest wait from sending the request to the last byte of the response. */
  responseTimeoutMs: number;
  /** Largest response body read; a larger one fails the call with `too-large`. */
  maxResponseBytes: number;
  /** Off by default: a 3xx goes back to the server's templates like any other status. */
  followRedirects: boolean;
  maxRedirects: number;
}

export const DEFAULT_UPSTREAM_POLICY: UpstreamPolicy = {
  connectTimeoutMs: 5_000,
  responseTimeoutMs: 30_000,
  maxResponseBytes: 10 * 1024 * 1024,
  followRedirects: false,
  maxRedirects: 5,
};

/** Idle keep-alive connections are closed after this long (upstreams often close at 60 s). */
const KEEP_ALIVE_TIMEOUT_MS = 30_000;

const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT',
]);

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  // undici wraps socket errors: the code may sit on the error or on its cause.
  for (let depth = 0; depth < 3 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function flatHeaders(headers: Array<[string, string]>): string[] {
  const flat: string[] = [];
  for (const [name, value] of headers) flat.push(name, value);
  return flat;
}

function lowerCaseHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

/**
 * The production UpstreamPerformer: undici with one keep-alive pool per origin (an Agent keeps
 * a Pool per origin), a connect timeout, a deadline for the whole response, a cap on the body
 * it reads, and redirects followed only when the policy says so.
 */
export function createUndiciPerformer(
  policy: Partial<UpstreamPolicy> = {},
): UpstreamPerformer & { close(): Promise<void>; readonly policy: UpstreamPolicy } {
  const effective: UpstreamPolicy = { ...DEFAULT_UPSTREAM_POLICY, ...policy };
  const agent = new Agent({
    connect: { timeout: effective.connectTimeoutMs },
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    // The deadline below covers headers and body together; these only back it up.
    headersTimeout: effective.responseTimeoutMs,
    bodyTimeout: effective.responseTimeoutMs,
  });
  const dispatcher: Dispatcher = effective.followRedirects
    ? agent.compose(interceptors.redirect({ maxRedirections: effective.maxRedirects }))
    : agent;

  async function perform(
    plan: UpstreamRequestPlan,
    signal: AbortSignal,
  ): Promise<UpstreamResponse> {
    if (signal.aborted) throw new UpstreamError('aborted', 'the call was cancelled');
    let url: URL;
    try {
      url = new URL(plan.url);
    } catch {
      throw new UpstreamError('connect', `the upstream URL "${plan.url}" is not a valid URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new UpstreamError('connect', `the upstream URL "${plan.url}" is not http or https`);
    }
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), effective.responseTimeoutMs);
    const combined = AbortSignal.any([signal, deadline.signal]);
    const where = `${plan.method} ${url.origin}${url.pathname}`;
    let response: Dispatcher.ResponseData | undefined;
    try {
      response = await dispatcher.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: plan.method as Dispatcher.HttpMethod,
        headers: flatHeaders(plan.headers),
        body: plan.body,
        signal: combined,
      });
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > effective.maxResponseBytes) {
        throw new UpstreamError(
          'too-large',
          `${where} answered ${declared} bytes, more than the ${effective.maxResponseBytes}-byte limit`,
        );
      }
      const chunks: Uint8Array[] = [];
      let total = 0;
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        total += chunk.byteLength;
        if (total > effective.maxResponseBytes) {
          throw new UpstreamError(
            'too-large',
            `${where} answered more than the ${effective.maxResponseBytes}-byte limit`,
          );
        }
        chunks.push(chunk);
      }
      const body = new Uint8Array(total);
      let offset = 0;
      for (const chunk of chunks) {
        body.set(chunk, offset);
        offset += chunk.byteLength;
      }
      return { status: response.statusCode, headers: lowerCaseHeaders(response.headers), body };
    } catch (error) {
      // Whatever went wrong, never leave a half-read body holding the connection.
      response?.body.destroy();
      if (error instanceof UpstreamError) throw error;
      if (signal.aborted) throw new UpstreamError('aborted', `${where}: the call was cancelled`);
      if (deadline.signal.aborted) {
        throw new UpstreamError(
          'timeout',
          `${where} did not answer within ${effective.responseTimeoutMs} ms`,
        );
      }
      const code = errorCode(error);
      if (code === 'UND_ERR_CONNECT_TIMEOUT') {
        throw new UpstreamError(
          'timeout',
          `connecting to ${url.origin} took longer than ${effective.connectTimeoutMs} ms`,
        );
      }
      if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
        throw new UpstreamError(
          'timeout',
          `${where} did not answer within ${effective.responseTimeoutMs} ms`,
        );
      }
      if (code !== undefined && CONNECT_FAILURES.has(code)) {
        throw new UpstreamError('connect', `cannot connect to ${url.origin} (${code})`);
      }
      const reason = (error as Error).message || String(error);
      throw new UpstreamError('network', `${where} failed: ${reason}${code ? ` (${code})` : ''}`);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    policy: effective,
    perform,
    async close() {
      await agent.close();
    },
  };
}
