// Hot swap under load: calls keep running through /mcp/{name} while versions are published and
// activated over and over; none fails, and each result comes from one version alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import {
  callTool,
  labelledDefinition,
  savePublish,
  startLoopback,
  type LoopbackServer,
} from './support.ts';

describe.each(DIALECTS)('hot swap under load on %s', (dialect) => {
  let gateway: TestGateway;
  let upstream: LoopbackServer;

  beforeAll(async () => {
    // A slow-ish upstream keeps calls in flight across the swaps.
    upstream = await startLoopback((req, res) => {
      const url = new URL(req.url ?? '/', 'http://upstream');
      setTimeout(
        () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({ label: req.headers['x-label'], who: url.searchParams.get('who') }),
          );
        },
        2 + Math.floor(Math.random() * 15),
      );
    });
    gateway = await startTestGateway(dialect, { runtimeSyncIntervalMs: 0 });
  });
  afterAll(async () => {
    await gateway?.stop();
    await upstream?.close();
  });

  it('lets a call in flight finish on its version, then releases that version', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const holding = await startLoopback((req, res) => {
      const url = new URL(req.url ?? '/', 'http://upstream');
      const answer = () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ label: req.headers['x-label'], who: url.searchParams.get('who') }),
        );
      };
      if (url.searchParams.get('who') === 'slow') void held.then(answer);
      else answer();
    });
    try {
      await savePublish(gateway, labelledDefinition('drain', holding.origin, 'old'));
      const slow = callTool(gateway.dataPlaneUrl, 'drain', 'hello', { who: 'slow' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await savePublish(gateway, labelledDefinition('drain', holding.origin, 'new'));
      const fast = await callTool(gateway.dataPlaneUrl, 'drain', 'hello', { who: 'fast' });
      expect(fast.message.result.content[0].text).toBe('new|new|fast');
      expect(gateway.services.mcpRuntime.status('drain')).toEqual({
        activeVersion: 2,
        draining: 1,
      });
      release();
      const finished = await slow;
      expect(finished.message.result.content[0].text).toBe('old|old|slow');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(gateway.services.mcpRuntime.status('drain')).toEqual({ activeVersion: 2 });
    } finally {
      await holding.close();
    }
  });

  it('serves every call from one consistent version while versions swap', async () => {
    await savePublish(gateway, labelledDefinition('hot', upstream.origin, 'v1'));
    let running = true;
    const failures: string[] = [];
    const seen = new Map<string, number>();
    let calls = 0;
    const worker = async (id: number) => {
      let n = 0;
      while (running) {
        const who = `w${id}-${n++}`;
        const { status, message } = await callTool(gateway.dataPlaneUrl, 'hot', 'hello', { who });
        calls++;
        const text: string | undefined = message.result?.content?.[0]?.text;
        const match = text === undefined ? null : /^(v\d+)\|(v\d+)\|(.*)$/.exec(text);
        if (
          status !== 200 ||
          message.result?.isError ||
          !match ||
          match[1] !== match[2] ||
          match[3] !== who
        ) {
          failures.push(`${status} ${JSON.stringify(message)}`);
        } else {
          seen.set(match[1]!, (seen.get(match[1]!) ?? 0) + 1);
        }
      }
    };
    const workers = Array.from({ length: 12 }, (_, i) => worker(i));

    const published = [1];
    for (let round = 2; round <= 5; round++) {
      const version = await savePublish(
        gateway,
        labelledDefinition('hot', upstream.origin, `v${round}`),
      );
      published.push(version);
      await new Promise((resolve) => setTimeout(resolve, 40));
      // Roll back to an earlier version, then forward again.
      const back = published[Math.floor(published.length / 2)]!;
      const rolled = await gateway.api(`/servers/hot/versions/${back}/activate`, {
        method: 'POST',
      });
      expect(rolled.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 40));
      const forward = await gateway.api(`/servers/hot/versions/${version}/activate`, {
        method: 'POST',
      });
      expect(forward.status).toBe(200);
    }
    await new Promise((resolve) => setTimeout(resolve, 40));
    running = false;
    await Promise.all(workers);

    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(100);
    expect(seen.size).toBeGreaterThanOrEqual(3);
    // The replaced instances were released once their calls finished.
    const deadline = Date.now() + 2000;
    while (gateway.services.mcpRuntime.status('hot').draining && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(gateway.services.mcpRuntime.status('hot')).toEqual({ activeVersion: 5 });
  });
});
