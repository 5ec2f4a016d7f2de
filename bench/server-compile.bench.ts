// The MCP server compiler and runtime: compile time and artifact size for the largest corpus
// server (by tool count) against JSON.stringify of the same definition, load time against
// compiling the bare runtime module, and the per-call overhead of ServerInstance.callTool
// against the same undici performer called directly on the same loopback upstream.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { compileServer, compileServerConfig } from '../server/src/mcp/compiler/compile-server.ts';
import type { ServerDefinition } from '../server/src/mcp/servers/model.ts';
import { extractInlineCredentials } from '../server/src/mcp/servers/secret-references.ts';
import { parseConfigText } from '../server/src/mcp/servers/yaml/higress-import.ts';
import { ServerInstance } from '../server/src/mcp/runtime/server-instance.ts';
import { createUndiciPerformer } from '../server/src/mcp/runtime/upstream-performer.ts';
import { RUNTIME_WASM_PATH, WebAssemblyApi } from '../server/src/mcp/runtime/wasm-host.ts';

const CORPUS = path.resolve(import.meta.dirname, '../test/fixtures/corpus/higress-mcp-servers');

function timeEach(run: () => unknown, minMs = 1500): number {
  for (let i = 0; i < 3; i++) run();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    run();
    n++;
  }
  return ((performance.now() - start) * 1000) / n;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

// ---- compile: the largest corpus server ----
const corpus = fs
  .readdirSync(CORPUS)
  .map((name) => {
    const value = parseConfigText(
      fs.readFileSync(path.join(CORPUS, name, 'mcp-server.yaml'), 'utf8'),
    ).value as ServerDefinition;
    return { name, ...extractInlineCredentials({ ...value, tools: value.tools ?? [] }) };
  })
  .sort((a, b) => (b.definition.tools?.length ?? 0) - (a.definition.tools?.length ?? 0));
const largest = corpus[0]!;
const definition = largest.definition;
const toolCount = definition.tools!.length;

const artifact = compileServer(definition, { version: 1 });
const configBytes = compileServerConfig(definition, { version: 1 }).length;
const runtimeBytes = fs.statSync(RUNTIME_WASM_PATH).size;
const json = JSON.stringify(definition);

const jsonUs = timeEach(() => JSON.stringify(definition));
const compileUs = timeEach(() => compileServer(definition, { version: 1 }));

const runtimeWasm = new Uint8Array(fs.readFileSync(RUNTIME_WASM_PATH));
let started = performance.now();
await WebAssemblyApi.compile(runtimeWasm);
const bareCompileMs = performance.now() - started;
started = performance.now();
const loaded = await ServerInstance.load(artifact.bytes, { secrets: largest.secrets });
const firstLoadMs = performance.now() - started;
const warmLoads: number[] = [];
for (let i = 0; i < 20; i++) {
  const t = performance.now();
  await ServerInstance.load(artifact.bytes, { secrets: largest.secrets });
  warmLoads.push(performance.now() - t);
}
warmLoads.sort((a, b) => a - b);
if (loaded.description.tools.length !== toolCount) throw new Error('the loaded server lost tools');

console.log(`Largest corpus server: ${largest.name} (${toolCount} tools).\n`);
console.log('| measure | value | baseline | ratio |');
console.log('|---|---:|---:|---:|');
console.log(
  `| compile (µs) vs JSON.stringify of the definition | ${fmt(compileUs)} | ${fmt(jsonUs)} | ${fmt(compileUs / jsonUs)}x |`,
);
console.log(
  `| artifact bytes vs bare runtime.wasm | ${artifact.sizeBytes} | ${runtimeBytes} | ${fmt(artifact.sizeBytes / runtimeBytes, 3)}x |`,
);
console.log(
  `| configuration section bytes vs definition JSON | ${configBytes} | ${json.length} | ${fmt(configBytes / json.length, 2)}x |`,
);
console.log(
  `| first load (ms: compile module, instantiate, decode, describe) vs WebAssembly.compile of runtime.wasm | ${fmt(firstLoadMs)} | ${fmt(bareCompileMs)} | ${fmt(firstLoadMs / bareCompileMs, 2)}x |`,
);
console.log(
  `| later loads, p50 (ms: module cached by code hash) vs the same | ${fmt(percentile(warmLoads, 50), 2)} | ${fmt(bareCompileMs)} | ${fmt(percentile(warmLoads, 50) / bareCompileMs, 3)}x |`,
);

// ---- call overhead on a loopback upstream ----
const body = JSON.stringify({
  id: 1347,
  number: 42,
  title: 'Found a bug in the frobnicator',
  state: 'open',
  user: { login: 'octocat', id: 1, type: 'User', site_admin: false },
  labels: [{ id: 208045946, name: 'bug', color: 'f29513', default: true }],
  comments: 7,
  created_at: '2011-04-22T13:33:48Z',
  updated_at: '2011-04-22T13:33:48Z',
  body: 'I am having a problem with the frobnicator when I turn it up to eleven. '.repeat(3),
  html_url: 'https://github.com/octocat/Hello-World/issues/1347',
});
const upstream = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
});
await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;

const callDefinition: ServerDefinition = {
  server: {
    name: 'bench',
    config: { token: '${secret:token}' },
    securitySchemes: [
      { id: 'bearer', type: 'http', scheme: 'bearer', defaultCredential: '${secret:token}' },
    ],
  },
  tools: [
    {
      name: 'get_issue',
      args: [
        { name: 'owner', required: true, position: 'path' },
        { name: 'repo', required: true, position: 'path' },
        { name: 'issue_number', type: 'integer', required: true, position: 'path' },
        { name: 'fields' },
        { name: 'per_page', type: 'integer', default: 30 },
      ],
      requestTemplate: {
        url: `${origin}/repos/{owner}/{repo}/issues/{issue_number}`,
        method: 'GET',
        argsToUrlParam: true,
        headers: [
          { key: 'X-GitHub-Api-Version', value: '2022-11-28' },
          { key: 'X-Request-Owner', value: '{{.args.owner}}' },
        ],
        security: { id: 'bearer' },
      },
      responseTemplate: {
        body: '#{{.number}} {{.title}} ({{.state}}) by {{.user.login}}, {{.comments}} comments, labels: {{range .labels}}{{.name}} {{end}}',
      },
    },
  ],
};
const instance = await ServerInstance.load(compileServer(callDefinition).bytes, {
  secrets: { token: 'ghp_bench' },
});
const performer = createUndiciPerformer();
const args = { owner: 'octocat', repo: 'Hello-World', issue_number: 1347, fields: 'title,state' };
const signal = new AbortController().signal;
const preview = await instance.preview('get_issue', args);
const plan = preview.request!;
const check = await instance.callTool('get_issue', args, { performer, signal });
if (check.isError || !JSON.stringify(check).includes('#42 Found a bug'))
  throw new Error(`bad result ${JSON.stringify(check)}`);

const direct: number[] = [];
const viaInstance: number[] = [];
const moduleOnly: number[] = [];
const sample = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: new TextEncoder().encode(body),
};
for (let warm = 0; warm < 500; warm++) {
  await performer.perform(plan, signal);
  await instance.callTool('get_issue', args, { performer, signal });
}
// Interleaved rounds, so that machine noise hits both sides alike.
for (let round = 0; round < 10; round++) {
  for (let i = 0; i < 300; i++) {
    let t = performance.now();
    await performer.perform(plan, signal);
    direct.push(performance.now() - t);
    t = performance.now();
    await instance.callTool('get_issue', args, { performer, signal });
    viaInstance.push(performance.now() - t);
    t = performance.now();
    await instance.preview('get_issue', args, sample);
    moduleOnly.push(performance.now() - t);
  }
}
for (const list of [direct, viaInstance, moduleOnly]) list.sort((a, b) => a - b);
const us = (ms: number) => fmt(ms * 1000);
const p50Direct = percentile(direct, 50);
const p50Instance = percentile(viaInstance, 50);
console.log(
  `\nOne tool call, sequential, ${direct.length} calls each, ${body.length}-byte JSON upstream on loopback.\n`,
);
console.log('| path | p50 µs | p90 µs | p99 µs | ratio p50 to direct |');
console.log('|---|---:|---:|---:|---:|');
for (const [label, list] of [
  ['direct: undici performer.perform(plan) (baseline)', direct],
  ['ServerInstance.callTool (module plans, same performer, module shapes)', viaInstance],
  ['module only: preview with the sample response (no network)', moduleOnly],
] as const) {
  console.log(
    `| ${label} | ${us(percentile(list, 50))} | ${us(percentile(list, 90))} | ${us(percentile(list, 99))} | ${fmt(percentile(list, 50) / p50Direct, 2)}x |`,
  );
}
console.log(
  `\nGateway overhead per call at p50 (callTool − direct): ${us(p50Instance - p50Direct)} µs.`,
);

// Concurrency: one Wasm instance serves all calls in flight (no call state between plan and
// resume), so callers wait on their upstreams, not on each other.
async function throughput(run: () => Promise<unknown>, concurrency: number, total: number) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) await run();
    }),
  );
  return (total * 1000) / (performance.now() - started);
}
const concurrency = 16;
const rates = { direct: [] as number[], instance: [] as number[] };
for (let round = 0; round < 5; round++) {
  rates.direct.push(await throughput(() => performer.perform(plan, signal), concurrency, 2000));
  rates.instance.push(
    await throughput(
      () => instance.callTool('get_issue', args, { performer, signal }),
      concurrency,
      2000,
    ),
  );
}
const best = (list: number[]) => Math.max(...list);
console.log(`\nConcurrency ${concurrency}, 2000 calls per trial, best of 5 interleaved trials.\n`);
console.log('| path | calls/s | ratio to direct |');
console.log('|---|---:|---:|');
console.log(
  `| direct: undici performer.perform(plan) (baseline) | ${fmt(best(rates.direct), 0)} | 1.00 |`,
);
console.log(
  `| ServerInstance.callTool, one Wasm instance | ${fmt(best(rates.instance), 0)} | ${fmt(best(rates.instance) / best(rates.direct), 2)} |`,
);

await performer.close();
upstream.closeAllConnections();
upstream.close();
