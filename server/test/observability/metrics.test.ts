import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import {
  callTool,
  json,
  savePublish,
  startGatewayOn,
  startLoopback,
  type LoopbackServer,
} from '../mcp-publish/support.ts';

/** The value of one sample line of a Prometheus exposition, or undefined. */
function sample(exposition: string, series: string): number | undefined {
  for (const line of exposition.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return undefined;
}

describe('metrics of a published server', () => {
  let gateway: TestGateway;
  let upstream: LoopbackServer;

  beforeAll(async () => {
    upstream = await startLoopback((req, res) => {
      const failing = req.url?.startsWith('/fail');
      res.writeHead(failing ? 500 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(failing ? { error: 'broken' } : { ok: true }));
    });
    gateway = await startTestGateway('sqlite');
    await savePublish(gateway, {
      server: { name: 'metered', description: 'metered server' },
      tools: [
        {
          name: 'works',
          description: 'answers 200',
          args: [],
          requestTemplate: { url: `${upstream.origin}/ok`, method: 'GET' },
        },
        {
          name: 'breaks',
          description: 'answers 500',
          args: [],
          requestTemplate: { url: `${upstream.origin}/fail`, method: 'GET' },
        },
      ],
    });
    for (let i = 0; i < 3; i++) {
      const { message } = await callTool(gateway.dataPlaneUrl, 'metered', 'works', {});
      expect(message.result.isError).not.toBe(true);
    }
    for (let i = 0; i < 2; i++) {
      const { message } = await callTool(gateway.dataPlaneUrl, 'metered', 'breaks', {});
      expect(message.result.isError).toBe(true);
    }
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    await upstream?.close();
  });

  it('exposes calls, errors, latency, upstream statuses and loaded versions to Prometheus', async () => {
    const response = await fetch(`${gateway.adminUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    const tool = (name: string) => `{server="metered",tool="${name}"}`;
    expect(sample(text, `mcpgw_tool_calls_total${tool('works')}`)).toBe(3);
    expect(sample(text, `mcpgw_tool_calls_total${tool('breaks')}`)).toBe(2);
    expect(sample(text, `mcpgw_tool_call_errors_total${tool('works')}`)).toBe(0);
    expect(sample(text, `mcpgw_tool_call_errors_total${tool('breaks')}`)).toBe(2);
    expect(sample(text, `mcpgw_tool_call_duration_seconds_count${tool('works')}`)).toBe(3);
    expect(
      sample(
        text,
        `mcpgw_tool_call_duration_seconds_bucket{le="+Inf",server="metered",tool="works"}`,
      ),
    ).toBe(3);
    expect(sample(text, `mcpgw_tool_call_duration_seconds_sum${tool('works')}`)).toBeGreaterThan(0);
    expect(sample(text, 'mcpgw_upstream_requests_total{status="200"}')).toBe(3);
    expect(sample(text, 'mcpgw_upstream_requests_total{status="500"}')).toBe(2);
    expect(sample(text, 'mcpgw_upstream_request_duration_seconds_count{status="500"}')).toBe(2);
    expect(sample(text, 'mcpgw_server_loaded_version{server="metered"}')).toBe(1);
    expect(sample(text, 'mcpgw_servers_loaded')).toBe(1);
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('summarizes recent calls per server and tool for the console', async () => {
    const response = await gateway.api('/metrics/summary?window=5m');
    expect(response.status).toBe(200);
    const summary = await json(response);
    expect(summary.window).toBe('5m');
    expect(summary.windowMinutes).toBe(5);
    expect(summary.totals).toMatchObject({ calls: 5, errors: 2, errorRate: 0.4 });
    expect(summary.servers).toHaveLength(1);
    const [server] = summary.servers;
    expect(server).toMatchObject({ server: 'metered', calls: 5, errors: 2 });
    const byTool = Object.fromEntries(server.tools.map((t: { tool: string }) => [t.tool, t]));
    expect(byTool.works).toMatchObject({ calls: 3, errors: 0, errorRate: 0 });
    expect(byTool.breaks).toMatchObject({ calls: 2, errors: 2, errorRate: 1 });
    for (const key of ['p50Ms', 'p95Ms', 'p99Ms']) {
      expect(byTool.works[key]).toBeGreaterThan(0);
      expect(byTool.works[key]).toBeLessThan(10_000);
    }
    expect(byTool.works.p50Ms).toBeLessThanOrEqual(byTool.works.p99Ms);
    const upstreamByStatus = Object.fromEntries(
      summary.upstream.map((u: { status: string }) => [u.status, u]),
    );
    expect(upstreamByStatus['200']).toMatchObject({ calls: 3, errors: 0 });
    expect(upstreamByStatus['500']).toMatchObject({ calls: 2, errors: 2 });
    expect(summary.loaded).toEqual([{ server: 'metered', version: 1 }]);
  });

  it('refuses a window it does not keep, naming the parameter', async () => {
    for (const window of ['2h', '0m', '5s', 'soon']) {
      const response = await gateway.api(`/metrics/summary?window=${window}`);
      expect(response.status).toBe(400);
      const body = await json(response);
      expect(body.error.message).toContain(`"${window}"`);
      expect(body.error.details[0]).toMatchObject({ in: 'query', path: '/window' });
    }
  });

  it('exports the tools of a newly published server at zero before any call', async () => {
    await savePublish(gateway, {
      server: { name: 'idle' },
      tools: [
        { name: 'quiet', description: 'never called', args: [], responseTemplate: { body: 'ok' } },
      ],
    });
    const text = await (await fetch(`${gateway.adminUrl}/metrics`)).text();
    expect(sample(text, 'mcpgw_tool_calls_total{server="idle",tool="quiet"}')).toBe(0);
    expect(sample(text, 'mcpgw_tool_call_errors_total{server="idle",tool="quiet"}')).toBe(0);
  });

  it('exports the servers loaded at start at zero', async () => {
    const replica = await startGatewayOn(gateway.target);
    try {
      const text = await (await fetch(`${replica.adminUrl}/metrics`)).text();
      expect(sample(text, 'mcpgw_tool_calls_total{server="metered",tool="works"}')).toBe(0);
      expect(sample(text, 'mcpgw_server_loaded_version{server="metered"}')).toBe(1);
    } finally {
      await replica.close();
    }
  });

  it('counts an upstream that cannot be reached by its failure cause', async () => {
    const closed = await startLoopback((_req, res) => res.end());
    const origin = closed.origin;
    await closed.close();
    await savePublish(gateway, {
      server: { name: 'unreachable' },
      tools: [
        {
          name: 'nowhere',
          description: 'connects to a closed port',
          args: [],
          requestTemplate: { url: `${origin}/x`, method: 'GET' },
        },
      ],
    });
    const { message } = await callTool(gateway.dataPlaneUrl, 'unreachable', 'nowhere', {});
    expect(message.result.isError).toBe(true);
    const text = await (await fetch(`${gateway.adminUrl}/metrics`)).text();
    expect(sample(text, 'mcpgw_upstream_requests_total{status="connect"}')).toBe(1);
    expect(sample(text, 'mcpgw_tool_call_errors_total{server="unreachable",tool="nowhere"}')).toBe(
      1,
    );
  });
});
