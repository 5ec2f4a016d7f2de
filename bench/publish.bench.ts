// Publishing figures. (1) Time from the publish request (admin API) to the first tools/call
// served by the new version through /mcp/{name}, and the same for an activation (rollback),
// against a plain tools/call in the same run. (2) Memory per loaded server: RSS and heap of a
// fresh gateway process before and after publishing 100 servers, divided by 100.
//
//   npm run bench -- publish      (PUBLISH_BENCH_ROUNDS publishes, default 20; PUBLISH_BENCH_SERVERS, default 100)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerDefinition } from '../server/src/mcp/servers/model.ts';

const ROUNDS = Number(process.env.PUBLISH_BENCH_ROUNDS ?? 20);
const SERVERS = Number(process.env.PUBLISH_BENCH_SERVERS ?? 100);

async function startUpstream(): Promise<{ origin: string; close(): void }> {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ label: req.headers['x-label'] ?? null, items: [1, 2, 3] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** A server of three tools; the label shows in every result, so a result names its version. */
function definition(name: string, origin: string, label: string): ServerDefinition {
  const tool = (toolName: string) => ({
    name: toolName,
    description: `${toolName} of ${name}`,
    args: [{ name: 'q', type: 'string', position: 'query' as const }],
    requestTemplate: {
      url: `${origin}/${toolName}`,
      method: 'GET' as const,
      headers: [{ key: 'x-label', value: label }],
    },
    responseTemplate: { body: `${label}|{{.label}}|{{len .items}}` },
  });
  return {
    server: { name, description: `benchmark server ${name}` },
    tools: [tool('first'), tool('second'), tool('third')],
  };
}

async function startBenchGateway() {
  const { startGateway, createLogger } = await import('../server/src/gateway.ts');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpgw-bench-publish-'));
  const gateway = await startGateway(
    {
      port: 0,
      host: '127.0.0.1',
      adminPort: 0,
      adminHost: '127.0.0.1',
      dataDir,
      databaseUrl: undefined,
      logLevel: 'silent',
      adminBodyLimit: 1 << 24,
      demo: false,
      runtimeSyncIntervalMs: 0,
    },
    createLogger('silent'),
  );
  const api = async (pathname: string, method = 'GET', body?: unknown) => {
    const response = await fetch(`${gateway.adminUrl}/api/v1${pathname}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (response.status >= 300) throw new Error(`${method} ${pathname}: ${JSON.stringify(json)}`);
    return json;
  };
  const call = async (name: string) => {
    const response = await fetch(`${gateway.dataPlaneUrl}/mcp/${name}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': 'tools/call',
        'mcp-name': 'first',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: {
          name: 'first',
          arguments: { q: 'x' },
          _meta: {
            'io.modelcontextprotocol/protocolVersion': '2026-07-28',
            'io.modelcontextprotocol/clientCapabilities': {},
          },
        },
      }),
    });
    const message = (await response.json()) as { result?: { content: Array<{ text: string }> } };
    const text = message.result?.content[0]?.text;
    if (text === undefined) throw new Error(`call failed: ${JSON.stringify(message)}`);
    return text;
  };
  return {
    gateway,
    api,
    call,
    async stop() {
      await gateway.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
function p90(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))]!;
}
const ms = (n: number) => n.toFixed(2);

async function publishToFirstCall() {
  const upstream = await startUpstream();
  const bench = await startBenchGateway();
  try {
    const name = 'timed';
    let revision = (await bench.api('/servers', 'POST', definition(name, upstream.origin, 'L0')))
      .revision as number;
    await bench.api(`/servers/${name}/publish`, 'POST', { revision });
    for (let i = 0; i < 200; i++) await bench.call(name);

    const plain: number[] = [];
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      await bench.call(name);
      plain.push(performance.now() - started);
    }

    const publishRequest: number[] = [];
    const toFirstCall: number[] = [];
    const activateToFirstCall: number[] = [];
    let extraCalls = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const label = `L${round}`;
      const saved = await bench.api(`/servers/${name}`, 'PUT', {
        ...definition(name, upstream.origin, label),
        revision,
      });
      revision = saved.revision as number;
      const started = performance.now();
      const published = await bench.api(`/servers/${name}/publish`, 'POST', { revision });
      publishRequest.push(performance.now() - started);
      while (!(await bench.call(name)).startsWith(`${label}|`)) extraCalls++;
      toFirstCall.push(performance.now() - started);

      // Roll back to the version before and time the first call it serves.
      const previous = (published.version as number) - 1;
      const rollbackStarted = performance.now();
      await bench.api(`/servers/${name}/versions/${previous}/activate`, 'POST');
      while (!(await bench.call(name)).startsWith(`L${round - 1}|`)) extraCalls++;
      activateToFirstCall.push(performance.now() - rollbackStarted);
      await bench.api(`/servers/${name}/versions/${published.version as number}/activate`, 'POST');
    }

    const base = median(plain);
    console.log(
      `### Publish → first call by the new version (${ROUNDS} publishes, SQLite, 3-tool server)\n`,
    );
    console.log('| measure | median ms | p90 ms | × plain tools/call |');
    console.log('|---|---:|---:|---:|');
    console.log(`| plain tools/call (baseline) | ${ms(base)} | ${ms(p90(plain))} | 1.0 |`);
    console.log(
      `| publish request (validate, compile, store, load, swap) | ${ms(median(publishRequest))} | ${ms(p90(publishRequest))} | ${(median(publishRequest) / base).toFixed(1)} |`,
    );
    console.log(
      `| publish request → first call served by the new version | ${ms(median(toFirstCall))} | ${ms(p90(toFirstCall))} | ${(median(toFirstCall) / base).toFixed(1)} |`,
    );
    console.log(
      `| activate (rollback) → first call served by it | ${ms(median(activateToFirstCall))} | ${ms(p90(activateToFirstCall))} | ${(median(activateToFirstCall) / base).toFixed(1)} |`,
    );
    console.log(
      `\nCalls answered by the old version after the publish answer: ${extraCalls}. Load average during the run: ${os
        .loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')} (${os.cpus().length} cores).\n`,
    );
  } finally {
    await bench.stop();
    upstream.close();
  }
}

/** Child process: a fresh gateway, memory with none loaded, then with SERVERS loaded. */
async function memoryChild() {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const usage = process.memoryUsage();
    return { rss: usage.rss, heap: usage.heapUsed, external: usage.external + usage.arrayBuffers };
  };
  const upstream = await startUpstream();
  const bench = await startBenchGateway();
  // One publish and call first, so that the runtime module is compiled and the code paths warm
  // in both measurements: what remains is the cost of each loaded server.
  const warm = await bench.api('/servers', 'POST', definition('warm', upstream.origin, 'w'));
  await bench.api('/servers/warm/publish', 'POST', { revision: warm.revision });
  await bench.call('warm');
  const before = await settle();
  for (let i = 0; i < SERVERS; i++) {
    const name = `server-${i}`;
    const saved = await bench.api('/servers', 'POST', definition(name, upstream.origin, `s${i}`));
    await bench.api(`/servers/${name}/publish`, 'POST', { revision: saved.revision });
  }
  for (let i = 0; i < SERVERS; i++) await bench.call(`server-${i}`);
  const after = await settle();
  const loaded = bench.gateway.services.mcpRuntime.loadedServers().length;
  process.stdout.write(JSON.stringify({ before, after, loaded }) + '\n');
  await bench.stop();
  upstream.close();
}

function memory() {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', fileURLToPath(import.meta.url), 'memory-child'],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (child.status !== 0) throw new Error(`memory child failed: ${child.stderr}`);
  const { before, after, loaded } = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
    before: { rss: number; heap: number; external: number };
    after: { rss: number; heap: number; external: number };
    loaded: number;
  };
  const mib = (n: number) => (n / 1024 / 1024).toFixed(1);
  const kib = (n: number) => (n / 1024).toFixed(0);
  const n = loaded - 1;
  console.log(`### Memory per loaded server (${n} servers of 3 tools, fresh process, after GC)\n`);
  console.log(
    '| measure | none loaded (1 warm-up server) | with servers loaded | per server | per server ÷ process with none |',
  );
  console.log('|---|---:|---:|---:|---:|');
  for (const key of ['rss', 'heap', 'external'] as const) {
    const per = (after[key] - before[key]) / n;
    console.log(
      `| ${key === 'rss' ? 'RSS' : key === 'heap' ? 'JS heap used' : 'external + array buffers'} | ${mib(before[key])} MiB | ${mib(after[key])} MiB | ${kib(per)} KiB | ${((per / before[key]) * 100).toFixed(2)} % |`,
    );
  }
  console.log('');
}

if (process.argv[2] === 'memory-child') {
  await memoryChild();
} else {
  await publishToFirstCall();
  memory();
}
