// tools/call through the whole data plane (MCP endpoint → runtime manager → Wasm server instance
// → undici → upstream) against a loopback upstream answering ~600 bytes of JSON, measured in
// the same run as direct requests to that upstream and as a minimal undici pass-through proxy
// (node:http forwarding each request with undici). Upstream, proxy and gateway each run in their
// own process; the load generator (undici, this process) too.
//
//   npm run bench -- data-plane   (DATA_PLANE_BENCH_ROUNDS rounds of DATA_PLANE_BENCH_SECONDS
//                                  per side and cell, default 5 × 1 s)
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import type { ServedServer } from '../server/src/mcp/protocol/tool-catalog.ts';
import { initializeSession, summarize, type Measurement } from './support/mcp-load.ts';

const SECONDS = Number(process.env.DATA_PLANE_BENCH_SECONDS ?? 1);
const ROUNDS = Number(process.env.DATA_PLANE_BENCH_ROUNDS ?? 5);
const CONCURRENCY = [1, 16, 64];
/** Printed in every upstream answer; the load generator checks each response carries it. */
const MARKER = 'bench-item-marker';

function upstreamBody(id: string): string {
  return JSON.stringify({
    id,
    marker: MARKER,
    name: 'Loopback benchmark item with a long enough name',
    description:
      'An item of the benchmark upstream. Its JSON is about six hundred bytes, the size of a small REST resource.',
    price: 12.5,
    currency: 'EUR',
    stock: { warehouse: 'north', count: 42, reserved: 3 },
    tags: ['bench', 'loopback', 'json', 'fixed-size'],
    dimensions: { width: 10.5, height: 20.25, depth: 3.75, unit: 'cm' },
    updatedAt: '2026-11-24T12:00:00.000Z',
    links: { self: `/item?id=${id}`, collection: '/items' },
    supplier: { name: 'Loopback Supplies', country: 'NL', rating: 4.5 },
  });
}

// ---- server processes -------------------------------------------------------------------

async function serveUpstream() {
  const server = http.createServer((req, res) => {
    const id = new URL(req.url ?? '/', 'http://upstream').searchParams.get('id') ?? '0';
    const body = upstreamBody(id);
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  process.stdout.write(`http://127.0.0.1:${port}/item\n`);
}

/** The baseline a gateway is compared with: node:http + undici, forwarding each request as is. */
async function servePassThrough(upstream: string) {
  const target = new URL(upstream);
  const pool = new Pool(target.origin, { connections: 128 });
  const server = http.createServer((req, res) => {
    pool
      .request({ path: req.url ?? '/', method: 'GET' })
      .then(async (response) => {
        const body = Buffer.from(await response.body.arrayBuffer());
        res.writeHead(response.statusCode, {
          'content-type': String(response.headers['content-type'] ?? 'application/json'),
          'content-length': body.length,
        });
        res.end(body);
      })
      .catch((error: unknown) => {
        res.writeHead(502);
        res.end(String(error));
      });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  process.stdout.write(`http://127.0.0.1:${port}${target.pathname}\n`);
}

/** The real gateway with a server published the way the admin API does it. */
async function serveGateway(upstream: string) {
  const { startGateway, createLogger } = await import('../server/src/gateway.ts');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpgw-bench-dp-'));
  const gateway = await startGateway(
    {
      port: 0,
      host: '127.0.0.1',
      adminPort: 0,
      adminHost: '127.0.0.1',
      dataDir,
      databaseUrl: undefined,
      logLevel: 'silent',
      adminBodyLimit: 1 << 20,
      demo: false,
      runtimeSyncIntervalMs: 0,
    },
    createLogger('silent'),
  );
  const { services } = gateway;
  const draft = await services.mcpServers.create({
    server: { name: 'bench', description: 'data-plane benchmark' },
    tools: [
      {
        name: 'item',
        description: 'Gets one item from the loopback upstream',
        args: [{ name: 'id', type: 'string', required: true, position: 'query' }],
        requestTemplate: { url: upstream, method: 'GET' },
      },
    ],
  });
  await services.mcpVersions.publish('bench', { revision: draft.revision }, 'bench');
  process.stdout.write(`${gateway.dataPlaneUrl}/mcp/bench\n`);
}

// ---- load generator ---------------------------------------------------------------------

interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** CPU time (user + system, µs) the process has used so far. */
  cpu(): Promise<number>;
}

function startServer(kind: string, ...args: string[]): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...(process.env.DATA_PLANE_BENCH_PROFILE === kind
          ? ['--cpu-prof', '--cpu-prof-dir', process.env.DATA_PLANE_BENCH_PROFILE_DIR ?? 'profiles']
          : []),
        fileURLToPath(import.meta.url),
        '--serve',
        kind,
        ...args,
      ],
      { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
    );
    const cpu = () =>
      new Promise<number>((answer) => {
        child.once('message', (value) => answer(value as number));
        child.send('cpu');
      });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline !== -1) resolve({ child, url: out.slice(0, newline).trim(), cpu });
    });
    child.on('exit', (code) => reject(new Error(`${kind} exited with ${code}`)));
  });
}

interface Target {
  server: ServerProcess;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** Path and body of call number n. */
  request(n: number): { path: string; body?: string };
}

async function measure(target: Target, concurrency: number, seconds: number): Promise<Measurement> {
  const url = new URL(target.server.url);
  const pool = new Pool(url.origin, { connections: concurrency, pipelining: 1 });
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  let failures = 0;
  let counter = 0;
  let firstFailure = '';
  const worker = async () => {
    while (performance.now() < deadline) {
      const { path: requestPath, body } = target.request(counter++);
      const start = performance.now();
      const response = await pool.request({
        path: requestPath,
        method: target.method,
        headers: target.headers,
        body,
      });
      const text = await response.body.text();
      latencies.push(performance.now() - start);
      if (
        response.statusCode !== 200 ||
        !text.includes(MARKER) ||
        text.includes('"isError":true')
      ) {
        failures++;
        firstFailure ||= `${response.statusCode} ${text.slice(0, 300)}`;
      }
    }
  };
  const cpuBefore = await target.server.cpu();
  const began = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - began) / 1000;
  const cpuUsed = (await target.server.cpu()) - cpuBefore;
  await pool.close();
  if (failures > 0)
    throw new Error(`${failures} failed calls against ${target.server.url}: ${firstFailure}`);
  return summarize(latencies, elapsed, cpuUsed);
}

const median = (values: number[]) =>
  [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? NaN;

async function main() {
  const upstream = await startServer('upstream');
  const passThrough = await startServer('pass-through', upstream.url);
  const gateway = await startServer('gateway', upstream.url);
  try {
    const session = await initializeSession(gateway.url);
    const gatewayPath = new URL(gateway.url).pathname;
    const callBody = (n: number, stateless: boolean) =>
      JSON.stringify({
        jsonrpc: '2.0',
        id: n,
        method: 'tools/call',
        params: {
          name: 'item',
          arguments: { id: String(n) },
          ...(stateless && {
            _meta: {
              'io.modelcontextprotocol/protocolVersion': '2026-07-28',
              'io.modelcontextprotocol/clientCapabilities': {},
            },
          }),
        },
      });
    const direct: Target = {
      server: upstream,
      method: 'GET',
      headers: {},
      request: (n) => ({ path: `/item?id=${n}` }),
    };
    const proxy: Target = { ...direct, server: passThrough };
    const gatewayCases: Array<{ label: string; target: Target }> = [
      {
        label: '2026-07-28 stateless',
        target: {
          server: gateway,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            'mcp-protocol-version': '2026-07-28',
            'mcp-method': 'tools/call',
            'mcp-name': 'item',
          },
          request: (n) => ({ path: gatewayPath, body: callBody(n, true) }),
        },
      },
      {
        label: '2025-11-25 session',
        target: {
          server: gateway,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            'mcp-protocol-version': '2025-11-25',
            'mcp-session-id': session,
          },
          request: (n) => ({ path: gatewayPath, body: callBody(n, false) }),
        },
      },
    ];
    // Warm every process (JIT, connection pools) before measuring.
    await measure(direct, 16, 1);
    await measure(proxy, 16, 1);
    for (const c of gatewayCases) await measure(c.target, 16, 2);

    console.log(
      `tools/call of a tool whose upstream answers ${upstreamBody('0').length} bytes of JSON; per cell ${ROUNDS} alternating rounds of ${SECONDS} s per side, medians; upstream, pass-through proxy, gateway and the undici load generator each in its own process; load average at start ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs; Node ${process.version}.\n`,
    );
    console.log(
      '| request | concurrency | req/s direct / pass-through / gateway | gateway ÷ pass-through | p50 µs direct / pass-through / gateway | p99 µs direct / pass-through / gateway | overhead p50 µs vs pass-through / vs direct | CPU µs per call pass-through / gateway |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
    const fmt = (value: number) => value.toFixed(0);
    for (const concurrency of CONCURRENCY) {
      for (const c of gatewayCases) {
        const directs: Measurement[] = [];
        const proxies: Measurement[] = [];
        const gateways: Measurement[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          directs.push(await measure(direct, concurrency, SECONDS));
          proxies.push(await measure(proxy, concurrency, SECONDS));
          gateways.push(await measure(c.target, concurrency, SECONDS));
        }
        const pick = (ms: Measurement[], key: keyof Measurement) => median(ms.map((m) => m[key]));
        const ratio = median(gateways.map((g, i) => g.rps / proxies[i]!.rps));
        const overProxy = median(gateways.map((g, i) => g.p50 - proxies[i]!.p50));
        const overDirect = median(gateways.map((g, i) => g.p50 - directs[i]!.p50));
        const us = fmt;
        console.log(
          `| ${c.label} | ${concurrency} | ${fmt(pick(directs, 'rps'))} / ${fmt(pick(proxies, 'rps'))} / ${fmt(pick(gateways, 'rps'))} | ${ratio.toFixed(2)} | ${us(pick(directs, 'p50'))} / ${us(pick(proxies, 'p50'))} / ${us(pick(gateways, 'p50'))} | ${us(pick(directs, 'p99'))} / ${us(pick(proxies, 'p99'))} / ${us(pick(gateways, 'p99'))} | ${fmt(overProxy)} / ${fmt(overDirect)} | ${fmt(pick(proxies, 'cpu'))} / ${fmt(pick(gateways, 'cpu'))} |`,
        );
      }
    }
    await metricsCost();
    await runtimeAttribution();
  } finally {
    upstream.child.kill();
    passThrough.child.kill();
    gateway.child.kill();
  }
}

/** What counting a call costs: the catalog wrapper around a tool that answers at once. */
async function metricsCost() {
  const { GatewayMetrics } = await import('../server/src/observability/gateway-metrics.ts');
  const { instrumentCatalog } = await import('../server/src/observability/instrumented-catalog.ts');
  const result = { content: [{ type: 'text' as const, text: 'ok' }] };
  const served: ServedServer = {
    name: 'cost',
    version: '1',
    tools: [{ name: 'tool', inputSchema: { type: 'object' } }],
    callTool: async () => result,
  };
  const catalog = instrumentCatalog(
    { get: () => served, onChange: () => () => {} },
    new GatewayMetrics({ defaultMetrics: false }),
  );
  const ctx = { requestId: '1', signal: new AbortController().signal, clientHeaders: {} };
  const args = {};
  const calls = 2_000_000;
  const run = async (server: ServedServer) => {
    const start = performance.now();
    for (let i = 0; i < calls; i++) await server.callTool('tool', args, ctx);
    return ((performance.now() - start) * 1e6) / calls;
  };
  const instrumented = catalog.get('cost')!;
  const bare: number[] = [];
  const counted: number[] = [];
  for (let round = 0; round < 5; round++) {
    bare.push(await run(served));
    counted.push(await run(instrumented));
  }
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  await run(instrumented);
  const after = process.memoryUsage().heapUsed;
  console.log(
    `\nCounting a call (instrumented catalog: two clock reads, Prometheus counter, histogram and the recent-minutes ring), ${calls} calls per round, medians of 5: bare await ${median(bare).toFixed(0)} ns, counted ${median(counted).toFixed(0)} ns, cost ${(median(counted) - median(bare)).toFixed(0)} ns per call; heap growth over ${calls} counted calls ${((after - before) / 1024).toFixed(0)} KiB (garbage included).`,
  );
}

/**
 * Where a call's time goes, in one process (the loopback upstream included, so figures are CPU
 * of both sides): the Wasm server instance alone (its performer answers at once), a bare undici
 * request, the gateway's undici performer, and the instance with that performer.
 */
async function runtimeAttribution() {
  const { compileServer } = await import('../server/src/mcp/compiler/compile-server.ts');
  const { ServerInstance } = await import('../server/src/mcp/runtime/server-instance.ts');
  const { createUndiciPerformer } = await import('../server/src/mcp/runtime/upstream-performer.ts');
  const body = Buffer.from(upstreamBody('1'));
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const { bytes } = compileServer({
    server: { name: 'bench' },
    tools: [
      {
        name: 'item',
        description: 'Gets one item',
        args: [{ name: 'id', type: 'string', required: true, position: 'query' }],
        requestTemplate: { url: `${origin}/item`, method: 'GET' },
      },
    ],
  });
  const instance = await ServerInstance.load(bytes, { secrets: {} });
  const answering = {
    perform: async () => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: new Uint8Array(body),
    }),
  };
  const performer = createUndiciPerformer();
  const pool = new Pool(origin, { connections: 1 });
  const signal = new AbortController().signal;
  const rounds: Record<string, number[]> = {};
  const time = async (label: string, calls: number, call: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < 300; i++) await call(i);
    const before = process.cpuUsage();
    for (let i = 0; i < calls; i++) await call(i);
    const used = process.cpuUsage(before);
    (rounds[label] ??= []).push((used.user + used.system) / calls);
  };
  for (let round = 0; round < 5; round++) {
    await time('Wasm instance, performer answering at once', 3000, (i) =>
      instance.callTool('item', { id: String(i) }, { performer: answering, signal }),
    );
    await time('bare undici Pool.request + body', 2000, async (i) => {
      const response = await pool.request({ path: `/item?id=${i}`, method: 'GET' });
      await response.body.arrayBuffer();
    });
    await time('gateway undici performer', 2000, (i) =>
      performer.perform({ method: 'GET', url: `${origin}/item?id=${i}`, headers: [] }, signal),
    );
    await time('Wasm instance + gateway undici performer', 2000, (i) =>
      instance.callTool('item', { id: String(i) }, { performer, signal }),
    );
  }
  console.log(
    '\nIn one process (upstream included), CPU µs per call, medians of 5 rounds:\n\n| part | CPU µs per call |\n| --- | --- |',
  );
  for (const [label, values] of Object.entries(rounds)) {
    console.log(`| ${label} | ${median(values).toFixed(0)} |`);
  }
  instance.dispose();
  await pool.close();
  await performer.close();
  server.close();
}

const serveIndex = process.argv.indexOf('--serve');
if (process.argv.includes('--in-process')) {
  await metricsCost();
  await runtimeAttribution();
} else if (serveIndex !== -1) {
  process.on('message', () => {
    const usage = process.cpuUsage();
    process.send!(usage.user + usage.system);
  });
  process.on('disconnect', () => process.exit(0));
  // An orderly exit, so that --cpu-prof (DATA_PLANE_BENCH_PROFILE=gateway) writes its profile.
  process.on('SIGTERM', () => process.exit(0));
  const kind = process.argv[serveIndex + 1];
  const upstreamUrl = process.argv[serveIndex + 2] ?? '';
  if (kind === 'upstream') await serveUpstream();
  else if (kind === 'pass-through') await servePassThrough(upstreamUrl);
  else await serveGateway(upstreamUrl);
} else {
  await main();
}
