import type { ServerResponse } from 'node:http';

const KEEPALIVE_MS = 25_000;

/** One open text/event-stream response. */
export class SseStream {
  readonly #res: ServerResponse;
  readonly #keepalive: NodeJS.Timeout;
  #closed = false;
  readonly #onClose: Array<() => void> = [];

  constructor(res: ServerResponse, extraHeaders: Record<string, string> = {}) {
    this.#res = res;
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...extraHeaders,
    });
    res.flushHeaders();
    // A comment line now and then keeps idle proxies from cutting the stream.
    this.#keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    this.#keepalive.unref();
    res.on('close', () => this.#closeNow());
  }

  get closed(): boolean {
    return this.#closed;
  }

  onClose(listener: () => void): void {
    if (this.#closed) listener();
    else this.#onClose.push(listener);
  }

  send(data: string, event = 'message'): void {
    if (this.#closed) return;
    this.#res.write(`event: ${event}\ndata: ${data}\n\n`);
  }

  end(): void {
    if (this.#closed) return;
    this.#res.end();
    this.#closeNow();
  }

  #closeNow(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#keepalive);
    for (const listener of this.#onClose) listener();
  }
}

/** What a stream receives when its server's tool list changes; undefined: nothing. */
export type ToolsChangedMessage = string | undefined;

/** The open streams of each served server, for notifications that concern the whole server. */
export class NotificationHub {
  readonly #streams = new Map<string, Map<SseStream, ToolsChangedMessage>>();
  readonly #bySession = new Map<string, Set<SseStream>>();

  /**
   * Registers a stream of `serverName`. `toolsChanged` is the exact message it gets when the
   * server's tools change (2026-07-28 subscriptions tag it with their id, or opt out).
   */
  add(
    serverName: string,
    stream: SseStream,
    toolsChanged: ToolsChangedMessage,
    sessionId?: string,
  ): void {
    let streams = this.#streams.get(serverName);
    if (streams === undefined) {
      streams = new Map();
      this.#streams.set(serverName, streams);
    }
    const ofServer = streams;
    ofServer.set(stream, toolsChanged);
    stream.onClose(() => {
      ofServer.delete(stream);
      if (ofServer.size === 0 && this.#streams.get(serverName) === ofServer)
        this.#streams.delete(serverName);
    });
    if (sessionId !== undefined) {
      let own = this.#bySession.get(sessionId);
      if (own === undefined) {
        own = new Set();
        this.#bySession.set(sessionId, own);
      }
      const ofSession = own;
      ofSession.add(stream);
      stream.onClose(() => {
        ofSession.delete(stream);
        if (ofSession.size === 0 && this.#bySession.get(sessionId) === ofSession)
          this.#bySession.delete(sessionId);
      });
    }
  }

  toolsChanged(serverName: string): void {
    for (const [stream, message] of this.#streams.get(serverName) ?? []) {
      if (message !== undefined) stream.send(message);
    }
  }

  /** Ends the streams of a session that ended. */
  endSession(sessionId: string): void {
    for (const stream of [...(this.#bySession.get(sessionId) ?? [])]) stream.end();
  }

  count(serverName: string): number {
    return this.#streams.get(serverName)?.size ?? 0;
  }

  /** Ends every stream (shutdown: open streams would otherwise hold the listener open). */
  endAll(): void {
    for (const streams of this.#streams.values())
      for (const stream of [...streams.keys()]) stream.end();
  }
}
