// The upstream settings: read from the environment, and applied by the gateway's performer to
// calls through /mcp/{name} (a tool error naming the cause, the gateway keeps serving).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from '../../src/config/settings.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import type { ServerDefinition } from '../../src/mcp/servers/model.ts';
import { callTool, savePublish, startLoopback, type LoopbackServer } from './support.ts';

describe('upstream settings from the environment', () => {
  it('reads the timeouts, the size cap and the sync interval', () => {
    const settings = loadSettings([], {
      MCPGW_UPSTREAM_CONNECT_TIMEOUT_MS: '1500',
      MCPGW_UPSTREAM_TIMEOUT_MS: '2500',
      MCPGW_UPSTREAM_MAX_RESPONSE_BYTES: '4096',
      MCPGW_RUNTIME_SYNC_INTERVAL_MS: '0',
    })!;
    expect(settings.upstreamConnectTimeoutMs).toBe(1500);
    expect(settings.upstreamTimeoutMs).toBe(2500);
    expect(settings.upstreamMaxResponseBytes).toBe(4096);
    expect(settings.runtimeSyncIntervalMs).toBe(0);
    const defaults = loadSettings([], {})!;
    expect(defaults.upstreamTimeoutMs).toBeUndefined();
  });

  it('names a bad value', () => {
    expect(() => loadSettings([], { MCPGW_UPSTREAM_TIMEOUT_MS: '2s' })).toThrow(SettingsError);
    expect(() => loadSettings([], { MCPGW_UPSTREAM_MAX_RESPONSE_BYTES: '0' })).toThrow(
      /MCPGW_UPSTREAM_MAX_RESPONSE_BYTES must be a positive integer, got "0"/,
    );
  });
});

describe('the gateway applies them to tool calls', () => {
  let gateway: TestGateway;
  let upstream: LoopbackServer;

  beforeAll(async () => {
    upstream = await startLoopback((req, res) => {
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('x'.repeat(5000));
      } else if (req.url === '/slow') {
        setTimeout(() => res.end('late'), 1500);
      } else {
        res.end('small');
      }
    });
    gateway = await startTestGateway('sqlite', {
      runtimeSyncIntervalMs: 0,
      upstreamMaxResponseBytes: 1000,
      upstreamTimeoutMs: 300,
    });
    const tool = (name: string, path: string) => ({
      name,
      requestTemplate: { url: `${upstream.origin}${path}`, method: 'GET' as const },
    });
    const definition: ServerDefinition = {
      server: { name: 'limits' },
      tools: [tool('big', '/big'), tool('slow', '/slow'), tool('small', '/small')],
    };
    await savePublish(gateway, definition);
  });
  afterAll(async () => {
    await gateway?.stop();
    await upstream?.close();
  });

  it('turns a response over the cap and a late one into tool errors naming the cause', async () => {
    const big = await callTool(gateway.dataPlaneUrl, 'limits', 'big', {});
    expect(big.message.result.isError).toBe(true);
    expect(big.message.result.content[0].text).toContain('too-large');
    expect(big.message.result.content[0].text).toContain('1000-byte limit');
    const slow = await callTool(gateway.dataPlaneUrl, 'limits', 'slow', {});
    expect(slow.message.result.isError).toBe(true);
    expect(slow.message.result.content[0].text).toContain('(timeout)');
    expect(slow.message.result.content[0].text).toContain('300 ms');
    const small = await callTool(gateway.dataPlaneUrl, 'limits', 'small', {});
    expect(small.message.result.content[0].text).toBe('small');
  });
});
