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

/** Raw response headers as lower-case names, repeated headers joined with ", ". */
function lowerCaseHeaders(raw: Array<Buffer | string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const rawName = raw[i]!;
    const rawValue = raw[i + 1]!;
    const name = (typeof rawName === 'string' ? rawName : rawName.toString('latin1')).toLowerCase();
    const value = typeof rawValue === 'string' ? rawValue : rawValue.toString('latin1');
    if (Object.hasOwn(result, name)) result[name] = `${result[name]}, ${value}`;
    else if (name === '__proto__')
      Object.defineProperty(result, name, { value, enumerable: true, writable: true });
    else result[name] = value;
  }
  return result;
}

/**
 * One upstream exchange as an undici dispatch handler: the body is collected straight from the
 * connection's chunks (no response stream, no async iteration), and the call ends at the first
 * of the response, an error, the caller's abort or the deadline. Every call used to build an
 * AbortSignal.any, a Readable and an async iterator; this is the same contract for less.
 */
class UpstreamExchange implements Dispatcher.DispatchHandler {
  private readonly policy: UpstreamPolicy;
  private readonly signal: AbortSignal;
  private readonly url: URL;
  private readonly method: string;
  private readonly resolve: (response: UpstreamResponse) => void;
  private readonly reject: (error: UpstreamError) => void;
  private readonly timer: NodeJS.Timeout;
  private abortRequest: ((reason: Error) => void) | undefined;
  /** Why the call ended before undici was done; handed to undici's abort when it comes. */
  private failure: UpstreamError | undefined;
  private settled = false;
  private status = 0;
  private headers: Record<string, string> | undefined;
  private chunks: Buffer[] = [];
  private total = 0;

  constructor(
    policy: UpstreamPolicy,
    signal: AbortSignal,
    url: URL,
    method: string,
    resolve: (response: UpstreamResponse) => void,
    reject: (error: UpstreamError) => void,
  ) {
    this.policy = policy;
    this.signal = signal;
    this.url = url;
    this.method = method;
    this.resolve = resolve;
    this.reject = reject;
    this.timer = setTimeout(this.onDeadline, policy.responseTimeoutMs);
    signal.addEventListener('abort', this.onAbort);
  }

  /** "METHOD origin/path", for messages; built only when one is needed. */
  private get where(): string {
    return `${this.method} ${this.url.origin}${this.url.pathname}`;
  }

  private readonly onDeadline = () => {
    this.fail(
      new UpstreamError(
        'timeout',
        `${this.where} did not answer within ${this.policy.responseTimeoutMs} ms`,
      ),
    );
  };

  private readonly onAbort = () => {
    this.fail(new UpstreamError('aborted', `${this.where}: the call was cancelled`));
  };

  /** Ends the call with an error and stops the request (now, or when undici connects it). */
  private fail(error: UpstreamError) {
    if (this.settled) return;
    this.failure = error;
    this.finish();
    this.reject(error);
    this.abortRequest?.(error);
  }

  private finish() {
    this.settled = true;
    clearTimeout(this.timer);
    this.signal.removeEventListener('abort', this.onAbort);
    this.chunks = [];
  }

  onConnect(abort: (reason?: Error) => void): void {
    if (this.failure !== undefined) abort(this.failure);
    else this.abortRequest = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[] | string[] | null): boolean {
    // Informational responses (1xx) are followed by the real one.
    if (statusCode < 200 || this.settled) return true;
    const headers = lowerCaseHeaders(rawHeaders ?? []);
    const declared = Number(headers['content-length']);
    const max = this.policy.maxResponseBytes;
    if (Number.isFinite(declared) && declared > max) {
      this.fail(
        new UpstreamError(
          'too-large',
          `${this.where} answered ${declared} bytes, more than the ${max}-byte limit`,
        ),
      );
      return false;
    }
    this.status = statusCode;
    this.headers = headers;
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled) return false;
    this.total += chunk.byteLength;
    if (this.total > this.policy.maxResponseBytes) {
      this.fail(
        new UpstreamError(
          'too-large',
          `${this.where} answered more than the ${this.policy.maxResponseBytes}-byte limit`,
        ),
      );
      return false;
    }
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    // A small body arrives in one chunk (a view of its own socket read): used as it is.
    let body: Uint8Array;
    if (this.chunks.length === 1) {
      body = this.chunks[0]!;
    } else {
      body = new Uint8Array(this.total);
      let offset = 0;
      for (const chunk of this.chunks) {
        body.set(chunk, offset);
        offset += chunk.byteLength;
      }
    }
    const response = { status: this.status, headers: this.headers ?? {}, body };
    this.finish();
    this.resolve(response);
  }

  onError(error: Error): void {
    if (this.settled) return;
    this.finish();
    this.reject(this.describe(error));
  }

  private describe(error: Error): UpstreamError {
    const { where, url, policy } = this;
    if (error instanceof UpstreamError) return error;
    if (this.signal.aborted)
      return new UpstreamError('aborted', `${where}: the call was cancelled`);
    const code = errorCode(error);
    if (code === 'UND_ERR_CONNECT_TIMEOUT') {
      return new UpstreamError(
        'timeout',
        `connecting to ${url.origin} took longer than ${policy.connectTimeoutMs} ms`,
      );
    }
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      return new UpstreamError(
        'timeout',
        `${where} did not answer within ${policy.responseTimeoutMs} ms`,
      );
    }
    if (code !== undefined && CONNECT_FAILURES.has(code)) {
      return new UpstreamError('connect', `cannot connect to ${url.origin} (${code})`);
    }
    const reason = error.message || String(error);
    return new UpstreamError('network', `${where} failed: ${reason}${code ? ` (${code})` : ''}`);
  }
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

  function perform(plan: UpstreamRequestPlan, signal: AbortSignal): Promise<UpstreamResponse> {
    if (signal.aborted)
      return Promise.reject(new UpstreamError('aborted', 'the call was cancelled'));
    let url: URL;
    try {
      url = new URL(plan.url);
    } catch {
      return Promise.reject(
        new UpstreamError('connect', `the upstream URL "${plan.url}" is not a valid URL`),
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return Promise.reject(
        new UpstreamError('connect', `the upstream URL "${plan.url}" is not http or https`),
      );
    }
    return new Promise<UpstreamResponse>((resolve, reject) => {
      const exchange = new UpstreamExchange(effective, signal, url, plan.method, resolve, reject);
      try {
        dispatcher.dispatch(
          {
            origin: url.origin,
            path: `${url.pathname}${url.search}`,
            method: plan.method as Dispatcher.HttpMethod,
            headers: flatHeaders(plan.headers),
            body: plan.body,
          },
          exchange,
        );
      } catch (error) {
        exchange.onError(error as Error);
      }
    });
  }

  return {
    policy: effective,
    perform,
    async close() {
      await agent.close();
    },
  };
}
