// tools/call through the gateway's MCP endpoint against a bare Fastify handler answering the same
// JSON-RPC, at concurrency 1, 16 and 64, in the same run. The tool answers at once, so the
// difference is what the protocol layer costs per call. Each server runs in its own process so
// the load generator (this process, undici) does not share its event loop.
//
//   npm run bench -- mcp-protocol   (MCP_BENCH_ROUNDS rounds of MCP_BENCH_SECONDS per side, default 5 × 1 s)
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { ToolCatalog } from '../server/src/mcp/protocol/tool-catalog.ts';
import { initializeSession, summarize, type Measurement } from './support/mcp-load.ts';

// The machines are shared: each cell alternates short bare and gateway rounds and reports
// medians, so that a burst of load elsewhere hits both sides alike.
const SECONDS = Number(process.env.MCP_BENCH_SECONDS ?? 1);
const ROUNDS = Number(process.env.MCP_BENCH_ROUNDS ?? 5);
const CONCURRENCY = [1, 16, 64];
const TEXT = 'x'.repeat(512);
const RESULT: CallToolResult = { content: [{ type: 'text', text: TEXT }] };

// ---- server processes -------------------------------------------------------------------

async function serveGateway() {
  const { startGateway, createLogger } = await import('../server/src/gateway.ts');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpgw-bench-'));
  const tool = {
    name: 'answer',
    description: 'Answers at once',
    inputSchema: { type: 'object', properties: { q: { type: 'string' } } },
  };
  const served = {
    name: 'bench',
    version: '1',
    tools: [tool],
    callTool: async () => RESULT,
  };
  const toolCatalog: ToolCatalog = {
    get: (name: string) => (name === 'bench' ? served : undefined),
    onChange: () => () => {},
  };
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
    },
    createLogger('silent'),
    { toolCatalog },
  );
  process.stdout.write(`${gateway.dataPlaneUrl}/mcp/bench\n`);
}

async function serveBare(withDataPlaneOptions: boolean) {
  const { default: Fastify } = await import('fastify');
  let app;
  if (withDataPlaneOptions) {
    // The data plane's own Fastify set-up (request ids, logger, hooks) with a trivial route:
    // what remains between this and the gateway is the MCP protocol layer.
    const { commonServerOptions, addRequestIdHeader } =
      await import('../server/src/app/fastify-options.ts');
    const { createLogger } = await import('../server/src/gateway.ts');
    app = Fastify(commonServerOptions(createLogger('silent'), 4 << 20));
    addRequestIdHeader(app);
  } else {
    app = Fastify({ logger: false });
  }
  app.post('/mcp', async (request, reply) => {
    const { id } = request.body as { id: number };
    reply.header('content-type', 'application/json');
    return JSON.stringify({ jsonrpc: '2.0', id, result: RESULT });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  process.stdout.write(`http://127.0.0.1:${port}/mcp\n`);
}

// ---- load generator ---------------------------------------------------------------------

interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** CPU time (user + system, µs) the server process has used so far. */
  cpu(): Promise<number>;
}

function startServer(kind: string): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve', kind], {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
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
    child.on('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

async function measure(
  server: ServerProcess,
  headers: Record<string, string>,
  body: string,
  concurrency: number,
  seconds: number,
): Promise<Measurement> {
  const target = new URL(server.url);
  const pool = new Pool(target.origin, { connections: concurrency, pipelining: 1 });
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  let failures = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const start = performance.now();
      const response = await pool.request({ path: target.pathname, method: 'POST', headers, body });
      const text = await response.body.text();
      if (response.statusCode !== 200 || !text.includes(TEXT)) failures++;
      latencies.push(performance.now() - start);
    }
  };
  const cpuBefore = await server.cpu();
  const began = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - began) / 1000;
  const cpuUsed = (await server.cpu()) - cpuBefore;
  await pool.close();
  if (failures > 0) throw new Error(`${failures} failed calls against ${server.url}`);
  return summarize(latencies, elapsed, cpuUsed);
}

async function main() {
  const bare = await startServer('bare');
  const route = await startServer('data-plane-route');
  const gateway = await startServer('gateway');
  try {
    const session = await initializeSession(gateway.url);
    const callParams = { name: 'answer', arguments: { q: 'hello' } };
    const cases: Array<{ label: string; headers: Record<string, string>; body: string }> = [
      {
        label: '2026-07-28 stateless',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': '2026-07-28',
          'mcp-method': 'tools/call',
          'mcp-name': 'answer',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: {
            ...callParams,
            _meta: {
              'io.modelcontextprotocol/protocolVersion': '2026-07-28',
              'io.modelcontextprotocol/clientCapabilities': {},
            },
          },
        }),
      },
      {
        label: '2025-11-25 session',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': '2025-11-25',
          'mcp-session-id': session,
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: callParams }),
      },
    ];
    const bareBody = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: callParams,
    });
    const bareHeaders = { 'content-type': 'application/json' };
    // Warm both servers (JIT) before measuring.
    await measure(bare, bareHeaders, bareBody, 16, 1);
    await measure(route, bareHeaders, bareBody, 16, 1);
    for (const c of cases) await measure(gateway, c.headers, c.body, 16, 1);

    const median = (values: number[]) =>
      [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? NaN;
    console.log(
      `tools/call, tool answering at once (${TEXT.length}-byte text); per cell ${ROUNDS} alternating rounds of ${SECONDS} s per side, medians; undici load generator in its own process; load average at start ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs.\n`,
    );
    console.log(
      '| request | concurrency | req/s bare / route / gateway | gateway / bare | gateway / route | server CPU µs per call bare / route / gateway | CPU capacity gateway / bare | p50 µs bare / route / gateway | p99 µs bare / route / gateway | p50 overhead vs bare µs |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    const fmt = (value: number) => value.toFixed(0);
    for (const concurrency of CONCURRENCY) {
      for (const c of cases) {
        const bases: Measurement[] = [];
        const routes: Measurement[] = [];
        const mcps: Measurement[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          bases.push(await measure(bare, bareHeaders, bareBody, concurrency, SECONDS));
          routes.push(await measure(route, bareHeaders, bareBody, concurrency, SECONDS));
          mcps.push(await measure(gateway, c.headers, c.body, concurrency, SECONDS));
        }
        const paired = mcps.map((m, i) => ({ m, base: bases[i]!, route: routes[i]! }));
        const vsBare = median(paired.map(({ m, base }) => m.rps / base.rps));
        const vsRoute = median(paired.map(({ m, route: r }) => m.rps / r.rps));
        const pick = (ms: Measurement[], key: keyof Measurement) => median(ms.map((m) => m[key]));
        const overhead = median(paired.map(({ m, base }) => m.p50 - base.p50));
        const capacity = median(paired.map(({ m, base }) => base.cpu / m.cpu));
        console.log(
          `| ${c.label} | ${concurrency} | ${fmt(pick(bases, 'rps'))} / ${fmt(pick(routes, 'rps'))} / ${fmt(pick(mcps, 'rps'))} | ${vsBare.toFixed(2)} | ${vsRoute.toFixed(2)} | ${fmt(pick(bases, 'cpu'))} / ${fmt(pick(routes, 'cpu'))} / ${fmt(pick(mcps, 'cpu'))} | ${capacity.toFixed(2)} | ${fmt(pick(bases, 'p50'))} / ${fmt(pick(routes, 'p50'))} / ${fmt(pick(mcps, 'p50'))} | ${fmt(pick(bases, 'p99'))} / ${fmt(pick(routes, 'p99'))} / ${fmt(pick(mcps, 'p99'))} | ${fmt(overhead)} |`,
        );
      }
    }
  } finally {
    bare.child.kill();
    route.child.kill();
    gateway.child.kill();
  }
}

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex !== -1) {
  process.on('message', () => {
    const usage = process.cpuUsage();
    process.send!(usage.user + usage.system);
  });
  process.on('disconnect', () => process.exit(0));
  const kind = process.argv[serveIndex + 1];
  await (kind === 'gateway' ? serveGateway() : serveBare(kind === 'data-plane-route'));
} else {
  await main();
}
